import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { registerSecret } from '../shared/secrets.js';

/**
 * Mail passwords at rest: AES-256-GCM under the key of the secret `MAIL_CREDENTIALS_KEY`
 * (32 bytes, base64 or hex). A stored value is `v1:<iv>:<tag>:<ciphertext>` in base64url; the
 * tag makes a wrong key or a tampered value fail instead of decrypting to garbage.
 */

export const CREDENTIALS_KEY_ENV = 'MAIL_CREDENTIALS_KEY';
const VERSION = 'v1';

export class CredentialsKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsKeyError';
  }
}

/** The 32-byte key from its text form (base64, base64url or 64 hex digits). */
export function parseCredentialsKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new CredentialsKeyError(`${CREDENTIALS_KEY_ENV} must be 32 bytes (base64 or 64 hex digits)`);
  return key;
}

/** The key from the environment, where Cloud Functions puts the declared secret and `npm start` puts the generated one. */
export function credentialsKeyFromEnv(): Buffer {
  const text = process.env[CREDENTIALS_KEY_ENV];
  if (!text) throw new CredentialsKeyError(`${CREDENTIALS_KEY_ENV} is not set: mail passwords cannot be stored or read`);
  registerSecret(text.trim());
  return parseCredentialsKey(text);
}

/** The embedded mode's key: read from `file`, or made and saved there (owner-only) on first start. */
export function loadOrCreateKeyFile(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const text = randomBytes(32).toString('base64');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${text}\n`, { mode: 0o600 });
  return text;
}

export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
}

export function decryptSecret(stored: string, key: Buffer): string {
  const [version, iv, tag, data] = stored.split(':');
  if (version !== VERSION || iv === undefined || tag === undefined || data === undefined) {
    throw new CredentialsKeyError('A stored mail password has an unknown format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialsKeyError(`A stored mail password cannot be decrypted: ${CREDENTIALS_KEY_ENV} is not the key it was saved with`);
  }
}
