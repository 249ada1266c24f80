/** The one error shape of every route (DESIGN.md, "Errors"). */
import { scrubSecrets } from '../shared/secrets.js';

import { errorStatus, type ErrorCode } from './errors.enums.js';

export { errorStatus, type ErrorCode } from './errors.enums.js';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** `details` is always present: an empty list when nothing more is known. */
export interface ErrorBody {
  /** request_id: the request's x-request-id, so a user's report leads to its log lines. */
  error: { code: ErrorCode; message: string; details: ErrorDetail[]; current?: unknown; request_id?: string };
}

export interface ApiErrorExtras {
  /** The document as it is now, sent with a 412 so the client can show what changed. */
  current?: unknown;
  /** Seconds before a 429'd client may try again (the `Retry-After` header). */
  retryAfter?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly extras: ApiErrorExtras = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(requestId?: string): ErrorBody {
    const current = this.extras.current;
    return {
      error: {
        code: this.code,
        // A message may quote what a remote server answered, and that may echo a secret of ours.
        message: scrubSecrets(this.message),
        details: this.details.map((detail) => ({ path: detail.path, message: scrubSecrets(detail.message) })),
        ...(current === undefined ? {} : { current }),
        ...(requestId ? { request_id: requestId } : {}),
      },
    };
  }
}

export const notFound = (what: string): ApiError => new ApiError('not_found', `${what} not found`);
export const conflict = (message: string): ApiError => new ApiError('conflict', message);
export const unprocessable = (message: string, details?: ErrorDetail[]): ApiError =>
  new ApiError('unprocessable', message, details);

/**
 * What a request body reader (express.json, express.raw, the Functions Framework's parsers)
 * failed with, as our error; null for an error that is not a body reader's.
 */
export function bodyReadError(err: unknown, limitText: string): ApiError | null {
  const e = (err ?? {}) as { type?: unknown; status?: unknown };
  if (e.type === 'entity.too.large') return new ApiError('payload_too_large', `Request body is larger than ${limitText}`);
  if (e.type === 'entity.parse.failed') return new ApiError('bad_request', 'Request body is not valid JSON');
  if (e.type === 'encoding.unsupported') return new ApiError('unsupported_media_type', 'Content-Encoding not supported: send identity, gzip, deflate or br');
  if (e.type === 'charset.unsupported') return new ApiError('unsupported_media_type', 'Charset not supported: send UTF-8');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError('bad_request', 'Malformed request body');
  return null;
}
