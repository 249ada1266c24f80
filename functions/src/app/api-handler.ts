/**
 * The body of the `api` function, apart from its trigger so tests and benchmarks call it
 * directly. It stays light at import: the Express app and the production dependencies (and
 * with them firebase-admin, libSQL, the domain services) load on the first request, once.
 */
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import * as cloudLogger from 'firebase-functions/logger';
import { ApiError } from '../http/errors.js';
import { scrubSecrets } from '../shared/secrets.js';

type RequestListener = (req: Request, res: Response) => void;

let loading: Promise<RequestListener> | undefined;

async function loadApi(): Promise<RequestListener> {
  const [{ createApp }, { productionDepsFromParams }, { withWhatsAppFromParams }] = await Promise.all([
    import('./app.js'),
    import('../config/production-deps.js'),
    import('../whatsapp/whatsapp.config.js'),
  ]);
  return createApp(withWhatsAppFromParams(productionDepsFromParams()));
}

export async function handleApi(req: Request, res: Response): Promise<void> {
  let app: RequestListener;
  try {
    loading ??= loadApi().catch((err: unknown) => {
      // Not remembered: the next request tries again.
      loading = undefined;
      throw err;
    });
    app = await loading;
  } catch (err) {
    // The app that would give the request its id did not load: the id is given here.
    const requestId = randomUUID();
    cloudLogger.error('api failed to start', { requestId, error: scrubSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err)) });
    res.setHeader('x-request-id', requestId);
    res.status(503).json(new ApiError('unavailable', 'The service is starting up or misconfigured; try again shortly').toBody(requestId));
    return;
  }
  // Cloud Functions holds the instance until the response is finished.
  await new Promise<void>((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
    app(req, res);
  });
}
