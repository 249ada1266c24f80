import { defineSecret } from 'firebase-functions/params';
import { CREDENTIALS_KEY_ENV } from './mail.crypto.js';

/** The key mail passwords are encrypted with (mail.crypto.ts); read only inside handlers. */
export const mailCredentialsKey = defineSecret(CREDENTIALS_KEY_ENV);
