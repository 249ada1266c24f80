/**
 * The body of an HTTP function that stays light at import (DESIGN.md, "Cold start"): what it
 * needs loads on the first request, once, and every request is served with it.
 */
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import * as cloudLogger from 'firebase-functions/logger';
import { ApiError } from './errors.js';
import { prepareWebhookResponse } from './webhook-http.js';
import { scrubSecrets } from '../shared/secrets.js';

export type FunctionHandler = (req: Request, res: Response) => Promise<void>;

/**
 * A load that fails is not remembered: the next request tries again. While nothing is loaded,
 * or when serving fails before it answered, the caller gets a 503 in the one error shape with
 * a request id that leads to the log line; the integrations' senders (Meta, the AMI bridge)
 * retry a 503, so no delivery is lost.
 */
export function lazyHandler<T>(
  name: string,
  load: () => Promise<T>,
  serve: (loaded: T, req: Request, res: Response) => Promise<void>,
  options: { webhook?: boolean } = {},
): FunctionHandler {
  let loading: Promise<T> | undefined;
  return async (req, res) => {
    // A signed webhook gets the API's security headers and its request id before anything can fail.
    if (options.webhook) await prepareWebhookResponse(req, res);
    try {
      loading ??= load().catch((err: unknown) => {
        loading = undefined;
        throw err;
      });
      await serve(await loading, req, res);
    } catch (err) {
      const requestId = typeof res.locals.requestId === 'string' ? res.locals.requestId : randomUUID();
      cloudLogger.error(`${name} failed`, { requestId, error: scrubSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err)) });
      if (res.headersSent) return;
      res.setHeader('x-request-id', requestId);
      res.status(503).json(new ApiError('unavailable', 'The service is starting up or misconfigured; try again shortly').toBody(requestId));
    }
  };
}
