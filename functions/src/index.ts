/** The deployed functions. Exports only: each loads what it needs on its first call (DESIGN.md, "Cold start"). */
import { onRequest } from 'firebase-functions/v2/https';
import { REGION, tursoAuthToken } from './config/params.js';
import { handleApi } from './http/api-handler.js';
import { nextcloudAppPassword } from './nextcloud/nextcloud.config.js';

export const api = onRequest({ region: REGION, secrets: [tursoAuthToken, nextcloudAppPassword] }, handleApi);
export { onCustomerWritten, onOrderWritten } from './triggers/payment-status.triggers.js';
