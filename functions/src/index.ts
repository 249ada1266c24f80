/** The deployed functions. Exports only: each loads what it needs on its first call (DESIGN.md, "Cold start"). */
import { onRequest } from 'firebase-functions/v2/https';
import { REGION, tursoAuthToken } from './config/params.js';
import { handleApi } from './app/api-handler.js';
import { nextcloudAppPassword } from './nextcloud/nextcloud.config.js';
import { mailCredentialsKey } from './mail/mail.params.js';
import { handleCalls } from './calls/calls.handler.js';
import { callsSigningSecret } from './calls/calls.params.js';
import { handleWhatsAppWebhook } from './whatsapp/whatsapp.handler.js';
import { whatsappAccessToken, whatsappAppSecret, whatsappVerifyToken } from './whatsapp/whatsapp.config.js';

export const api = onRequest({ region: REGION, secrets: [tursoAuthToken, nextcloudAppPassword, mailCredentialsKey, whatsappAccessToken, whatsappAppSecret, whatsappVerifyToken] }, handleApi);
/** Meta's signed WhatsApp webhook (verify handshake and deliveries). */
export const whatsappWebhook = onRequest(
  { region: REGION, secrets: [tursoAuthToken, nextcloudAppPassword, whatsappAppSecret, whatsappVerifyToken, whatsappAccessToken] },
  handleWhatsAppWebhook,
);
/** The AMI bridge's signed calls endpoint and click-to-call long poll; 60 s covers a 25 s poll. */
export const calls = onRequest({ region: REGION, secrets: [tursoAuthToken, nextcloudAppPassword, callsSigningSecret], timeoutSeconds: 60 }, handleCalls);
export { onCustomerWritten, onOrderWritten } from './triggers/payment-status.triggers.js';
/** Appends every tracked document write to the history of changes (issue 23). */
export { onHistoryTopWritten, onHistoryNestedWritten } from './history/history.triggers.js';
export { drainJournals } from './schedules/drain-journals.js';
/** Reads the mail accounts every 2 minutes (the embedded server runs the same on a timer). */
export { pollMail } from './mail/mail.schedule.js';
