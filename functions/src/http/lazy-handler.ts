/**
 * The body of an HTTP function that stays light at import (DESIGN.md, "Cold start"): what it
 * needs loads on the first request, once, and every request is served with it.
 */
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import * as cloudLogger from 'firebase-functions/logger';
import { ApiError } from './errors.js';

export type FunctionHandler = (req: Request, res: Response) => Promise<void>;

/**
 * A load that fails is not remembered: the next request tries again. While nothing is loaded,
 * or when serving fails before it answered, the caller gets a 503 in the one error shape with
 * a request id that leads to the log line; the integrations' senders (Meta, the AMI bridge)
 * retry a 503, so no delivery is lost.
 */
export function lazyHandler<T>(name: string, load: () => Promise<T>, serve: (loaded: T, req: Request, res: Response) => Promise<void>): FunctionHandler {
  let loading: Promise<T> | undefined;
  return async (req, res) => {
    try {
      loading ??= load().catch((err: unknown) => {
        loading = undefined;
        throw err;
      });
      await serve(await loading, req, res);
    } catch (err) {
      const requestId = randomUUID();
      cloudLogger.error(`${name} failed`, { requestId, error: err instanceof Error ? err.stack : String(err) });
      if (res.headersSent) return;
      res.setHeader('x-request-id', requestId);
      res.status(503).json(new ApiError('unavailable', 'The service is starting up or misconfigured; try again shortly').toBody(requestId));
    }
  };
}
