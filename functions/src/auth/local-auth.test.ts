import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, temporaryPassword, verifyPassword } from './password-hash.js';
import { loadSessionKey, readSession, signSession } from './session-token.js';

const dir = mkdtempSync(join(tmpdir(), 'bellsystems-session-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('password hashes', () => {
  it('are scrypt with their own salt and parameters, and verify only the right password', async () => {
    const password = 'Καμπαναριό του Αγ. Νικολάου 1821';
    const [one, two] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(one).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(one).not.toBe(two);
    expect(one).not.toContain(password);
    expect(await verifyPassword(password, one)).toBe(true);
    // The same text in another Unicode form (decomposed accents) is the same password.
    expect(await verifyPassword(password.normalize('NFD'), one)).toBe(true);
    expect(await verifyPassword('καμπαναριό του αγ. νικολάου 1821', one)).toBe(false);
    expect(await verifyPassword(password, null)).toBe(false);
    expect(await verifyPassword(password, 'fakeHash:salt=x:password=' + password)).toBe(false);
  });

  it('makes temporary passwords of 12 unambiguous characters, each different', () => {
    const made = new Set(Array.from({ length: 50 }, temporaryPassword));
    expect(made.size).toBe(50);
    for (const password of made) expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{12}$/);
  });
});

describe('sessions', () => {
  const key = Buffer.alloc(32, 7);
  const now = Date.UTC(2026, 11, 7, 3, 0);

  it('reads back what the key signed, and refuses expiry, another key and a changed header', () => {
    const token = signSession(key, { uid: 'Ελένη-01', issuedMs: now, expiresMs: now + 60_000 });
    expect(readSession(key, token, now + 1000)).toEqual({ uid: 'Ελένη-01', issuedMs: now, expiresMs: now + 60_000 });
    expect(readSession(key, token, now + 60_000)).toBe('expired');
    expect(readSession(Buffer.alloc(32, 8), token, now)).toBe('signature');
    const [, payload, signature] = token.split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(readSession(key, `${none}.${payload}.${signature}`, now)).toBe('signature');
    expect(readSession(key, `${none}.${payload}.`, now)).toBe('signature');
    expect(readSession(key, 'a.b', now)).toBe('malformed');
  });

  it('generates the key once into the data folder with mode 0600, and tightens a loose one', () => {
    const first = loadSessionKey(dir, {});
    expect(first.length).toBe(32);
    expect(statSync(join(dir, 'session.key')).mode & 0o777).toBe(0o600);
    chmodSync(join(dir, 'session.key'), 0o644);
    expect(loadSessionKey(dir, {})).toEqual(first);
    expect(statSync(join(dir, 'session.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'session.key'), 'utf8').trim()).toBe(first.toString('base64'));
  });

  it('takes SESSION_SIGNING_KEY when set, and refuses one shorter than 32 bytes', () => {
    const configured = Buffer.alloc(48, 3);
    expect(loadSessionKey(dir, { SESSION_SIGNING_KEY: configured.toString('base64') })).toEqual(configured);
    expect(() => loadSessionKey(dir, { SESSION_SIGNING_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/SESSION_SIGNING_KEY must be at least 32 random bytes/);
  });
});
