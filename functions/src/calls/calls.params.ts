import { defineSecret } from 'firebase-functions/params';

/** The HMAC key shared with the AMI bridge (bridge/): `firebase functions:secrets:set CALLS_SIGNING_SECRET`. */
export const callsSigningSecret = defineSecret('CALLS_SIGNING_SECRET');
