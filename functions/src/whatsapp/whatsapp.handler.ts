/**
 * The body of the `whatsappWebhook` function, apart from its trigger so tests call it
 * directly. Light at import: the dependencies and the webhook load on the first request, once.
 */
import { lazyHandler } from '../http/lazy-handler.js';
import type { WhatsAppWebhook } from './whatsapp.webhook.js';
import { withWhatsAppFromParams } from './whatsapp.config.js';

async function loadWebhook(): Promise<WhatsAppWebhook> {
  const [{ createWhatsAppWebhook }, { productionDepsFromParams }] = await Promise.all([
    import('./whatsapp.webhook.js'),
    import('../config/production-deps.js'),
  ]);
  return createWhatsAppWebhook(withWhatsAppFromParams(await productionDepsFromParams()));
}

export const handleWhatsAppWebhook = lazyHandler('whatsappWebhook', loadWebhook, async (webhook, req, res) => {
  const { processing } = await webhook.handle(req, res);
  // The 200 is out; the instance stays up until this delivery is processed (the scheduled drain covers a crash).
  await processing;
}, { webhook: true });
