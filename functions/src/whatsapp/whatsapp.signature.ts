import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=` + the hex HMAC-SHA256 of `raw` under the app secret: what Meta puts in X-Hub-Signature-256. */
export function signWhatsApp(raw: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/**
 * Whether `header` signs exactly these bytes. Meta signs the body as sent (non-ASCII escaped
 * as \uXXXX, slashes as \/), so only the received bytes can be checked, never a re-serialised
 * body. Compared in constant time; any malformed header is simply not a match.
 */
export function verifyWhatsAppSignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || appSecret === '') return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
