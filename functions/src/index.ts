/** The deployed functions. Exports only: each loads what it needs on its first call (DESIGN.md, "Cold start"). */
import { onRequest } from 'firebase-functions/v2/https';
import { REGION } from './config/params.js';
import { handleApi } from './app/api-handler.js';
import { secretsFor } from './app/function-secrets.js';
import { handleCalls } from './calls/calls.handler.js';
import { handleWhatsAppWebhook } from './whatsapp/whatsapp.handler.js';

// Each function declares the secrets of the integrations in use that it reads (app/function-secrets.ts).
export const api = onRequest({ region: REGION, secrets: secretsFor(['nextcloud', 'whatsapp'], { withMail: true }) }, handleApi);
/** Meta's signed WhatsApp webhook (verify handshake and deliveries); 503 when WhatsApp is not in use. */
export const whatsappWebhook = onRequest({ region: REGION, secrets: secretsFor(['nextcloud', 'whatsapp']) }, handleWhatsAppWebhook);
/** The AMI bridge's signed calls endpoint and click-to-call long poll; 60 s covers a 25 s poll. */
export const calls = onRequest({ region: REGION, secrets: secretsFor(['nextcloud', 'calls']), timeoutSeconds: 60 }, handleCalls);
export { onCustomerWritten, onOrderWritten } from './triggers/payment-status.triggers.js';
/** Appends every tracked document write to the history of changes (issue 23). */
export { onHistoryTopWritten, onHistoryNestedWritten } from './triggers/history.triggers.js';
export { drainJournals } from './schedules/drain-journals.js';
/** Automatic tasks every 15 minutes and the daily task digests (the embedded server runs the same on timers). */
export { runAutomaticTasks, sendTaskDigests } from './schedules/auto-tasks.js';
/** Reads the mail accounts every 2 minutes (the embedded server runs the same on a timer). */
export { pollMail } from './mail/mail.schedule.js';
/** Expires sent quotes past their validity, hourly (the embedded server runs the same on a timer). */
export { expireQuotes } from './quotes/quotes.schedule.js';
