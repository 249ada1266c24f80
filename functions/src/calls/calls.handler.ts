/**
 * The body of the `calls` function, apart from its trigger so tests call it directly. Light
 * at import: the dependencies load on the first request, once.
 */
import type { Request, Response } from 'express';
import * as cloudLogger from 'firebase-functions/logger';
import { ApiError } from '../http/errors.js';
import { prepareWebhookResponse, sendWebhookError } from '../http/webhook-http.js';
import { scrubSecrets } from '../shared/secrets.js';
import { callsSigningSecret } from './calls.params.js';
import type { CallsWebhookDeps } from './calls.webhook.js';

let loading: Promise<{ deps: CallsWebhookDeps; handle: typeof import('./calls.webhook.js').handleCallsRequest }> | undefined;

async function load() {
  const [{ handleCallsRequest }, { productionDepsFromParams }] = await Promise.all([
    import('./calls.webhook.js'),
    import('../config/production-deps.js'),
  ]);
  return { deps: { ...productionDepsFromParams(), signingSecret: callsSigningSecret.value() }, handle: handleCallsRequest };
}

export async function handleCalls(req: Request, res: Response): Promise<void> {
  await prepareWebhookResponse(req, res);
  try {
    loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    const { deps, handle } = await loading;
    await handle(deps, req, res);
  } catch (err) {
    cloudLogger.error('calls failed', { requestId: res.locals.requestId, error: scrubSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err)) });
    // The bridge keeps the call in its outbox and retries.
    if (!res.headersSent) sendWebhookError(res, new ApiError('unavailable', 'The service is starting up or misconfigured; try again shortly'));
  }
}
