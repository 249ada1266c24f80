/**
 * The sessions embedded mode signs itself: compact JWTs, HMAC-SHA256 under a 32-byte key that
 * only the server holds. Verification accepts exactly that algorithm (an `alg: none` or any other
 * header is refused before the signature is looked at) and compares in constant time.
 */
import { registerSecret } from '../shared/secrets.js';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SESSION_ISSUER = 'bellsystems-crm';
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

export interface SessionClaims {
  uid: string;
  /** Issued at, ms since the epoch: compared with the account's `sessions_valid_after`. */
  issuedMs: number;
  /** Expires at, ms since the epoch. */
  expiresMs: number;
}

const sign = (key: Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

export function signSession(key: Buffer, claims: SessionClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      iss: SESSION_ISSUER,
      sub: claims.uid,
      iat: Math.floor(claims.issuedMs / 1000),
      exp: Math.floor(claims.expiresMs / 1000),
      iat_ms: claims.issuedMs,
    }),
  ).toString('base64url');
  return `${HEADER}.${payload}.${sign(key, `${HEADER}.${payload}`).toString('base64url')}`;
}

export type SessionProblem = 'malformed' | 'signature' | 'expired';

/** The claims of a token this key signed, or why it is refused. Expiry is checked against `nowMs`. */
export function readSession(key: Buffer, token: string, nowMs: number): SessionClaims | SessionProblem {
  const parts = token.split('.');
  if (parts.length !== 3) return 'malformed';
  const [header, payload, signature] = parts as [string, string, string];
  // Only our own header: refuses alg none, RS256 with a planted key and every other choice.
  if (header !== HEADER) return 'signature';
  const expected = sign(key, `${header}.${payload}`);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature';
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return 'malformed';
  }
  const record = claims as Record<string, unknown> | null;
  const { sub, exp, iat_ms: issuedMs, iss } = record ?? {};
  if (iss !== SESSION_ISSUER || typeof sub !== 'string' || !sub || typeof exp !== 'number' || typeof issuedMs !== 'number') return 'malformed';
  if (exp * 1000 <= nowMs) return 'expired';
  return { uid: sub, issuedMs, expiresMs: exp * 1000 };
}

/**
 * The signing key: `SESSION_SIGNING_KEY` (32 or more bytes, base64) when set, otherwise
 * `<dataDir>/session.key`, generated once (32 random bytes, mode 0600).
 */
export function loadSessionKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = env.SESSION_SIGNING_KEY?.trim();
  if (configured) return decodeKey(configured, 'SESSION_SIGNING_KEY');
  const file = join(dataDir, 'session.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  // A key copied in by hand (a restore, an editor) may have a looser mode: nobody else may read it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return decodeKey(readFileSync(file, 'utf8').trim(), file);
}

function decodeKey(value: string, source: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length < 32) throw new Error(`${source} must be at least 32 random bytes in base64 (openssl rand -base64 32)`);
  // Like every secret the server holds, it never reaches an answer or a log line (shared/secrets.ts).
  registerSecret(value);
  return key;
}
