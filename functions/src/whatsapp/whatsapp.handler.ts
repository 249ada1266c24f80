/**
 * The body of the `whatsappWebhook` function, apart from its trigger so tests call it
 * directly. Light at import: the dependencies and the webhook load on the first request, once.
 */
import type { Request, Response } from 'express';
import * as cloudLogger from 'firebase-functions/logger';
import { ApiError } from '../http/errors.js';
import { prepareWebhookResponse, sendWebhookError } from '../http/webhook-http.js';
import { scrubSecrets } from '../shared/secrets.js';
import type { WhatsAppWebhook } from './whatsapp.webhook.js';
import { withWhatsAppFromParams } from './whatsapp.config.js';

let loading: Promise<WhatsAppWebhook> | undefined;

async function loadWebhook(): Promise<WhatsAppWebhook> {
  const [{ createWhatsAppWebhook }, { productionDepsFromParams }] = await Promise.all([
    import('./whatsapp.webhook.js'),
    import('../config/production-deps.js'),
  ]);
  return createWhatsAppWebhook(withWhatsAppFromParams(productionDepsFromParams()));
}

export async function handleWhatsAppWebhook(req: Request, res: Response): Promise<void> {
  await prepareWebhookResponse(req, res);
  let webhook: WhatsAppWebhook;
  try {
    loading ??= loadWebhook().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    webhook = await loading;
  } catch (err) {
    cloudLogger.error('whatsappWebhook failed to start', { requestId: res.locals.requestId, error: scrubSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err)) });
    // Meta retries a 503; the delivery is not lost.
    sendWebhookError(res, new ApiError('unavailable', 'The service is starting up or misconfigured; try again shortly'));
    return;
  }
  let processing: Promise<void> | null;
  try {
    ({ processing } = await webhook.handle(req, res));
  } catch (err) {
    cloudLogger.error('whatsappWebhook failed', { requestId: res.locals.requestId, error: scrubSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err)) });
    if (!res.headersSent) sendWebhookError(res, new ApiError('internal', 'Internal server error'));
    return;
  }
  // The 200 is out; the instance stays up until this delivery is processed (the scheduled drain covers a crash).
  await processing;
}
