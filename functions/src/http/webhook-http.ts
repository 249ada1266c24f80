import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { Logger } from './deps.js';
import { ApiError, bodyReadError } from './errors.js';

/**
 * What the signed webhooks (`/webhooks/whatsapp`, `/webhooks/calls`, and the deployed
 * `whatsappWebhook` and `calls` functions) share with the API: the same security headers, a
 * request id, and every error in the one JSON error shape, never a framework's HTML page.
 */

const securityHeaders = helmet();

/** Security headers and the request id; awaited first by each webhook handler. */
export function prepareWebhookResponse(req: Request, res: Response): Promise<void> {
  res.removeHeader('x-powered-by');
  if (typeof res.locals.requestId !== 'string') {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
  }
  return new Promise((resolve) => securityHeaders(req, res, () => resolve()));
}

/** The same, as the first middleware of a mounted webhook (before its body is read). */
export const webhookPrelude: RequestHandler = (req, res, next) => {
  prepareWebhookResponse(req, res).then(() => next(), next);
};

/** Answers `error` in the one error shape, with the request id. */
export function sendWebhookError(res: Response, error: ApiError): void {
  res.status(error.status).json(error.toBody(res.locals.requestId as string | undefined));
}

/** 405 with the methods the webhook takes. */
export function methodNotAllowed(req: Request, res: Response, allowed: string[]): void {
  res.setHeader('allow', allowed.join(', '));
  sendWebhookError(res, new ApiError('method_not_allowed', `${req.method} is not allowed here; use ${allowed.join(' or ')}`));
}

/**
 * The error handler of a mounted webhook: a body too large, garbage gzip, an unknown
 * Content-Encoding and anything thrown become the error shape (500s logged, never answered
 * with their text).
 */
export function webhookErrorHandler(logger: Logger, limitText: string): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const error = err instanceof ApiError ? err : (bodyReadError(err, limitText) ?? new ApiError('internal', 'Internal server error'));
    if (error.status >= 500) {
      logger.error('webhook failed', { requestId: res.locals.requestId, error: err instanceof Error ? err.stack : String(err) });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendWebhookError(res, error);
  };
}
