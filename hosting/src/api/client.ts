/**
 * The one HTTP client of the SPA: every call to /api goes through here, so the ID token,
 * JSON handling and the API's error shape are dealt with in one place.
 */

import { errorStatus, type ErrorCode } from '@functions/http/errors.enums';

/** Error codes of the API (functions/src/http/errors.enums.ts) plus the client's own 'network'. */
export const serverErrorCodes = Object.keys(errorStatus) as ErrorCode[];
export type ServerErrorCode = ErrorCode;
export type ApiErrorCode = ServerErrorCode | 'network';

export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** A failed API call: the server's code, message and field details, readable as `message`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly serverMessage: string,
    readonly details: readonly ApiErrorDetail[] = [],
    /** With a 412: the record as it is now on the server (with its new `version`). */
    readonly current?: unknown,
  ) {
    super(readableMessage(serverMessage, details));
    this.name = 'ApiError';
  }

  /** Field path → message, for showing errors beside form fields. */
  fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const d of this.details) if (d.path && !(d.path in fields)) fields[d.path] = d.message;
    return fields;
  }
}

function readableMessage(message: string, details: readonly ApiErrorDetail[]): string {
  if (details.length === 0) return message;
  const parts = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  return `${message.replace(/[.:]\s*$/, '')}: ${parts.join('; ')}`;
}

function isServerCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && (serverErrorCodes as readonly string[]).includes(value);
}

function codeForStatus(status: number): ServerErrorCode {
  switch (status) {
    case 400: return 'bad_request';
    case 401: return 'unauthenticated';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 412: return 'precondition_failed';
    case 413: return 'payload_too_large';
    case 422: return 'unprocessable';
    case 429: return 'too_many_requests';
    case 503: return 'unavailable';
    default: return status >= 500 ? 'internal' : 'bad_request';
  }
}

function parseDetails(value: unknown): ApiErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const { path, message } = d as Record<string, unknown>;
    if (typeof message !== 'string') return [];
    return [{ path: typeof path === 'string' ? path : '', message }];
  });
}

/**
 * Turns a failed response into an ApiError. The body is normally the API's error shape; a proxy or
 * a crashed server may send anything else, which still gives an error naming the HTTP status.
 */
export function errorFromResponse(status: number, statusText: string, bodyText: string): ApiError {
  let body: unknown;
  try {
    body = bodyText ? JSON.parse(bodyText) : null;
  } catch {
    body = null;
  }
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message, details, current } = error as Record<string, unknown>;
    return new ApiError(
      status,
      isServerCode(code) ? code : codeForStatus(status),
      typeof message === 'string' && message ? message : `HTTP ${status}`,
      parseDetails(details),
      current,
    );
  }
  return new ApiError(status, codeForStatus(status), `HTTP ${status}${statusText ? ` ${statusText}` : ''}`);
}

const networkError = (): ApiError => new ApiError(0, 'network', 'Could not reach the server');

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | readonly QueryValue[]>;

export interface RequestOptions {
  query?: Query;
  signal?: AbortSignal;
  /** Sent as Idempotency-Key: a retry of the same POST (a double click) is answered once. */
  idempotencyKey?: string;
  /** The record's `version` as last read, sent as If-Match: a stale write gets 412, not a lost update. */
  ifMatch?: string;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions extends RequestOptions {
  method?: 'POST' | 'PUT';
  /** Defaults to the blob's own type, or application/octet-stream. */
  contentType?: string;
  onProgress?: (progress: UploadProgress) => void;
}

export interface Download {
  blob: Blob;
  /** From Content-Disposition, when the server names the file. */
  filename: string | null;
}

export interface ApiClientOptions {
  /** A current ID token (the SDK refreshes it when it expires), or null when signed out. */
  getToken: () => Promise<string | null>;
  /** Prefix of every path; '/api' when the SPA and the API share an origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createXhr?: () => XMLHttpRequest;
  /** Told when the API refused the token sent (401): the session was revoked or the account disabled. */
  onUnauthenticated?: () => void;
}

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T = void>(path: string, options?: RequestOptions): Promise<T>;
  /** Sends a file as the raw request body, reporting upload progress. */
  upload<T>(path: string, file: Blob, options?: UploadOptions): Promise<T>;
  download(path: string, options?: RequestOptions): Promise<Download>;
}

export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null && v !== '') params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The file name of a Content-Disposition header, preferring the UTF-8 `filename*` form (RFC 6266). */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      return extended[1].trim();
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
  if (!plain) return null;
  return (plain[2] ?? plain[1] ?? '').trim() || null;
}

function parseJson(text: string, status: number): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(status, 'internal', 'The server sent a response that is not JSON');
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl ?? '/api';
  // Resolved per call, not captured, so a fetch installed after start-up (tests, polyfills) is used.
  const doFetch = (input: string, init: RequestInit): Promise<Response> =>
    (options.fetch ?? globalThis.fetch)(input, init);
  const createXhr = options.createXhr ?? (() => new XMLHttpRequest());
  const url = (path: string, query?: Query): string => `${baseUrl}${path}${buildQuery(query)}`;

  async function authHeaders(): Promise<Record<string, string>> {
    const token = await options.getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  async function send(method: string, path: string, body: unknown, opts: RequestOptions | undefined, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Accept: accept, ...(await authHeaders()) };
    if (opts?.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
    if (opts?.ifMatch) headers['If-Match'] = `"${opts.ifMatch}"`;
    const init: RequestInit = { method, headers, signal: opts?.signal };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await doFetch(url(path, opts?.query), init);
    } catch (error) {
      if (isAbort(error)) throw error;
      throw networkError();
    }
    if (response.status === 401 && headers.Authorization) options.onUnauthenticated?.();
    if (!response.ok) throw errorFromResponse(response.status, response.statusText, await response.text());
    return response;
  }

  async function json<T>(method: string, path: string, body: unknown, opts?: RequestOptions): Promise<T> {
    const response = await send(method, path, body, opts, 'application/json');
    if (response.status === 204) return undefined as T;
    return parseJson(await response.text(), response.status) as T;
  }

  return {
    get: (path, opts) => json('GET', path, undefined, opts),
    post: (path, body, opts) => json('POST', path, body, opts),
    put: (path, body, opts) => json('PUT', path, body, opts),
    patch: (path, body, opts) => json('PATCH', path, body, opts),
    delete: (path, opts) => json('DELETE', path, undefined, opts),

    async download(path, opts) {
      const response = await send('GET', path, undefined, opts, '*/*');
      return { blob: await response.blob(), filename: filenameFromDisposition(response.headers.get('Content-Disposition')) };
    },

    async upload<T>(path: string, file: Blob, opts: UploadOptions = {}): Promise<T> {
      const headers = await authHeaders();
      // fetch cannot report upload progress; XMLHttpRequest can.
      return new Promise<T>((resolve, reject) => {
        if (opts.signal?.aborted) {
          reject(new DOMException('The upload was aborted', 'AbortError'));
          return;
        }
        const xhr = createXhr();
        const abort = (): void => xhr.abort();
        const done = (): void => opts.signal?.removeEventListener('abort', abort);
        xhr.open(opts.method ?? 'POST', url(path, opts.query));
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.setRequestHeader('Content-Type', opts.contentType ?? (file.type || 'application/octet-stream'));
        for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
        xhr.upload.onprogress = (event) => {
          opts.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
        };
        xhr.onload = () => {
          done();
          if (xhr.status < 200 || xhr.status >= 300) {
            reject(errorFromResponse(xhr.status, xhr.statusText, xhr.responseText));
            return;
          }
          try {
            resolve((xhr.status === 204 ? undefined : parseJson(xhr.responseText, xhr.status)) as T);
          } catch (error) {
            reject(error);
          }
        };
        xhr.onerror = () => {
          done();
          reject(networkError());
        };
        xhr.onabort = () => {
          done();
          reject(new DOMException('The upload was aborted', 'AbortError'));
        };
        opts.signal?.addEventListener('abort', abort);
        xhr.send(file);
      });
    },
  };
}
