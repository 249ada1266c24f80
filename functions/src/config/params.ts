/**
 * Deploy-time parameters of the `api` function. Declared at load so `firebase deploy` asks for
 * them; their values are read only inside handlers (DESIGN.md, "Cold start").
 */
import { defineSecret, defineString } from 'firebase-functions/params';

export const REGION = 'europe-west1';

export const tursoUrl = defineString('TURSO_URL', {
  description: 'libSQL database of the comms log and media index, e.g. libsql://crm-bellsystems.turso.io',
});

export const tursoAuthToken = defineSecret('TURSO_AUTH_TOKEN');
