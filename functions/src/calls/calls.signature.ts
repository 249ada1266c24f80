import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature between the AMI bridge and the CRM: HMAC-SHA256, keyed with
 * CALLS_SIGNING_SECRET, over `${timestamp}.${body}` (the timestamp in Unix seconds). The
 * timestamp is signed too, so a captured request cannot be replayed outside the window.
 */
export const TIMESTAMP_HEADER = 'x-calls-timestamp';
export const SIGNATURE_HEADER = 'x-calls-signature';
/** Requests older or newer than this are refused: five minutes each way. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export function signCalls(secret: string, timestamp: number, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** The headers a signed request carries. */
export function signedHeaders(secret: string, body: Buffer | string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { 'X-Calls-Timestamp': String(timestamp), 'X-Calls-Signature': signCalls(secret, timestamp, body) };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks a request's signature in constant time, and that its timestamp is within the window. */
export function verifyCalls(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: Buffer,
  now: Date,
): SignatureCheck {
  if (!timestampHeader || !signatureHeader) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestampHeader)) return { ok: false, reason: 'malformed timestamp' };
  const timestamp = Number(timestampHeader);
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_WINDOW_SECONDS) return { ok: false, reason: 'timestamp outside the window' };
  const expected = Buffer.from(signCalls(secret, timestamp, body));
  const given = Buffer.from(signatureHeader);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad signature' };
  return { ok: true };
}
