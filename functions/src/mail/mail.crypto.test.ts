import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, loadOrCreateKeyFile, parseCredentialsKey } from './mail.crypto.js';

describe('mail credentials crypto', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the clear text', () => {
    const stored = encryptSecret('κωδικός-123', key);
    expect(stored).not.toContain('κωδικός');
    expect(stored).not.toBe(encryptSecret('κωδικός-123', key));
    expect(decryptSecret(stored, key)).toBe('κωδικός-123');
  });

  it('refuses a wrong key and a tampered value', () => {
    const stored = encryptSecret('secret', key);
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow(/not the key/);
    const parts = stored.split(':');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => decryptSecret(parts.join(':'), key)).toThrow(/cannot be decrypted/);
  });

  it('accepts base64 and hex keys of 32 bytes only', () => {
    expect(parseCredentialsKey(key.toString('base64'))).toEqual(key);
    expect(parseCredentialsKey(key.toString('hex'))).toEqual(key);
    expect(() => parseCredentialsKey('short')).toThrow(/32 bytes/);
  });

  it('generates the embedded key once, owner-readable only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mail-key-'));
    try {
      const file = join(dir, 'sub', 'mail-credentials.key');
      const first = loadOrCreateKeyFile(file);
      expect(loadOrCreateKeyFile(file)).toBe(first);
      expect(parseCredentialsKey(readFileSync(file, 'utf8'))).toHaveLength(32);
      expect(statSync(file).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
