/**
 * Issue 18.6 through HTTP: the forwarding header counts only from the proxy TRUST_PROXY names,
 * failures are counted per address and per account in the database (so every instance counts
 * together), and nobody can lock someone else's valid session out.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app/app.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { ACCOUNT_LIMIT, ADDRESS_LIMIT, trustProxySetting } from './auth-throttle.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// The test client connects from loopback: it plays the office's reverse proxy, which appends the
// address it saw to whatever X-Forwarded-For the caller sent.
const behindProxy = () => createApp(t.deps, undefined, { trustProxy: '127.0.0.1, ::1' });
const viaProxy = (callerSent: string | null, realAddress: string) => ({ 'X-Forwarded-For': callerSent ? `${callerSent}, ${realAddress}` : realAddress });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the sign-in throttle', () => {
  it('slows repeated bad tokens from one address with 429 and Retry-After, however the caller forges the header', async () => {
    const app = behindProxy();
    const attacker = '203.0.113.7';
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      // A new made-up address each time: only the proxy's entry counts.
      const res = await request(app).get('/api/me').set(viaProxy(`198.18.0.${i}`, attacker)).set(bearer('not-a-token'));
      expect(res.status).toBe(401);
    }
    const limited = await request(app).get('/api/me').set(viaProxy('198.18.1.1', attacker)).set(bearer('not-a-token'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error).toMatchObject({ code: 'too_many_requests', details: [] });
  });

  it("does not lock out someone else's valid session when their address is sent in the header", async () => {
    const app = behindProxy();
    const victim = '192.0.2.44';
    const attacker = '203.0.113.99';
    for (let i = 0; i < ADDRESS_LIMIT + 5; i++) {
      await request(app).get('/api/me').set(viaProxy(victim, attacker)).set(bearer(`forged.${i}.token`));
    }
    expect((await request(app).get('/api/me').set(viaProxy(null, victim)).set(bearer(t.tokens.viewer))).status).toBe(200);
    expect((await request(app).get('/api/me').set(viaProxy(null, attacker)).set(bearer('another-bad-one'))).status).toBe(429);
  });

  it('believes no forwarding header without TRUST_PROXY: the caller is the connection', async () => {
    const direct = createApp(t.deps, undefined, { trustProxy: '' });
    // Loopback callers are the machine itself and are not counted; a header claiming otherwise changes nothing.
    for (let i = 0; i < ADDRESS_LIMIT + 2; i++) {
      const res = await request(direct).get('/api/me').set('X-Forwarded-For', '203.0.113.200').set(bearer('not-a-token'));
      expect(res.status).toBe(401);
    }
    expect((await request(behindProxy()).get('/api/me').set(viaProxy(null, '203.0.113.200')).set(bearer(t.tokens.viewer))).status).toBe(200);
  });

  it('counts together across instances, since the count is in the database', async () => {
    const [one, two] = [behindProxy(), behindProxy()];
    const address = '203.0.113.50';
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      await request(i % 2 ? one : two).get('/api/me').set(viaProxy(null, address)).set(bearer('bad'));
    }
    expect((await request(one).get('/api/me').set(viaProxy(null, address)).set(bearer('bad'))).status).toBe(429);
    expect((await request(two).get('/api/me').set(viaProxy(null, address)).set(bearer('bad'))).status).toBe(429);
  });

  it('throttles password guessing per account from any number of addresses, without ending its sessions', async () => {
    const app = behindProxy();
    const created = await request(app).post('/api/admin/users').set(bearer(t.tokens.admin)).send({ name: 'Στόχος Δοκιμής', email: 'target@bellsystems.test', role: 'viewer' });
    const signIn = (password: string, address: string) =>
      request(app).post('/api/auth/sign-in').set(viaProxy(null, address)).send({ email: 'TARGET@bellsystems.test', password });
    const first = await signIn(created.body.temporary_password, '192.0.2.10');
    const session = (
      await request(app).post('/api/auth/password').set(bearer(first.body.token)).send({ current_password: created.body.temporary_password, new_password: 'σωστό-συνθηματικό' })
    ).body.token as string;
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await signIn('wrong-guess', `198.51.100.${i + 1}`)).status).toBe(401);

    const locked = await signIn('σωστό-συνθηματικό', '192.0.2.10');
    expect(locked.status).toBe(429);
    expect(locked.body.error.message).toMatch(/this account/);
    expect((await request(app).get('/api/me').set(viaProxy(null, '192.0.2.10')).set(bearer(session))).status).toBe(200);
  });
});

describe('trustProxySetting (TRUST_PROXY)', () => {
  it('reads addresses and CIDRs, a hop count, or nothing', () => {
    expect(trustProxySetting(undefined)).toBe(false);
    expect(trustProxySetting('  ')).toBe(false);
    expect(trustProxySetting('127.0.0.1, 10.0.0.0/8 ,::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(trustProxySetting('1')).toBe(1);
  });

  it('refuses to start with an entry that is not an address', () => {
    expect(() => createApp(t.deps, undefined, { trustProxy: 'caddy.local' })).toThrow();
  });
});
