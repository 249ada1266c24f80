/**
 * Issue 24.2 through HTTP, in embedded mode's sign-in: an admin creates an account, its first
 * sign-in must choose a new password, disabling it ends its session at once, and the last
 * active admin cannot be taken away.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const admin = () => bearer(t.tokens.admin);
let serial = 0;
const newEmail = () => `Nikos.Christou+${++serial}@BellSystems.test`;

async function createAccount(role = 'editor', name = 'Αικατερίνη Παπαϊωάννου-Χατζηδημητρίου') {
  const res = await request(t.app).post('/api/admin/users').set(admin()).send({ name, email: newEmail(), role });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { user: { uid: string; email: string }; temporary_password: string };
}

const signIn = (email: string, password: string) => request(t.app).post('/api/auth/sign-in').send({ email, password });

describe('create → first sign-in forces a new password → disable → 401', () => {
  it('walks the whole life of an account', async () => {
    const created = await createAccount();
    expect(created.user).toMatchObject({ email: `nikos.christou+${serial}@bellsystems.test`, displayName: 'Αικατερίνη Παπαϊωάννου-Χατζηδημητρίου', role: 'editor', disabled: false });
    expect(created.temporary_password).toMatch(/^[A-Za-z0-9]{12}$/);

    const first = await signIn(created.user.email, created.temporary_password);
    expect(first.status).toBe(200);
    expect(first.body.must_change_password).toBe(true);
    const temporarySession = first.body.token as string;
    // Nothing but the password change (and sign-out) until then.
    const blocked = await request(t.app).get('/api/crm/customers').set(bearer(temporarySession));
    expect([blocked.status, blocked.body.error.message]).toEqual([403, 'Choose a new password first']);

    const short = await request(t.app).post('/api/auth/password').set(bearer(temporarySession)).send({ current_password: created.temporary_password, new_password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([expect.objectContaining({ path: 'new_password' })]);
    const wrong = await request(t.app).post('/api/auth/password').set(bearer(temporarySession)).send({ current_password: 'not-it', new_password: 'Καμπάνα-του-1821' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([expect.objectContaining({ path: 'current_password' })]);

    const changed = await request(t.app).post('/api/auth/password').set(bearer(temporarySession)).send({ current_password: created.temporary_password, new_password: 'Καμπάνα-του-1821' });
    expect(changed.status).toBe(200);
    expect(changed.body.must_change_password).toBe(false);
    const session = changed.body.token as string;
    expect((await request(t.app).get('/api/crm/customers').set(bearer(session))).status).toBe(200);
    // The temporary password's session ended with it, and the temporary password no longer signs in.
    expect((await request(t.app).get('/api/me').set(bearer(temporarySession))).status).toBe(401);
    expect((await signIn(created.user.email, created.temporary_password)).status).toBe(401);
    expect((await signIn(created.user.email, 'Καμπάνα-του-1821')).status).toBe(200);

    const disabled = await request(t.app).post(`/api/admin/users/${created.user.uid}/disable`).set(admin()).send({});
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ uid: created.user.uid, disabled: true });
    const refused = await request(t.app).get('/api/me').set(bearer(session));
    expect([refused.status, refused.body.error.message]).toEqual([401, 'This account is disabled']);
    expect((await signIn(created.user.email, 'Καμπάνα-του-1821')).status).toBe(401);

    const enabled = await request(t.app).post(`/api/admin/users/${created.user.uid}/enable`).set(admin()).send({});
    expect(enabled.body.disabled).toBe(false);
    // Enabling does not bring back the sessions the disable ended.
    expect((await request(t.app).get('/api/me').set(bearer(session))).status).toBe(401);
    expect((await signIn(created.user.email, 'Καμπάνα-του-1821')).status).toBe(200);
  });

  it('resets a password: old sessions end, a temporary password must be replaced again', async () => {
    const created = await createAccount('viewer');
    const first = await signIn(created.user.email, created.temporary_password);
    const changed = await request(t.app).post('/api/auth/password').set(bearer(first.body.token)).send({ current_password: created.temporary_password, new_password: 'ένα-μακρύ-συνθηματικό' });
    const reset = await request(t.app).post(`/api/admin/users/${created.user.uid}/reset-password`).set(admin()).send({});
    expect(reset.status).toBe(200);
    expect(reset.body.temporary_password).not.toBe(created.temporary_password);
    expect((await request(t.app).get('/api/me').set(bearer(changed.body.token))).status).toBe(401);
    expect((await signIn(created.user.email, 'ένα-μακρύ-συνθηματικό')).status).toBe(401);
    const again = await signIn(created.user.email, reset.body.temporary_password);
    expect(again.body.must_change_password).toBe(true);
  });

  it('signs out: every session of that account ends, a new sign-in works', async () => {
    const created = await createAccount('viewer');
    const first = await signIn(created.user.email, created.temporary_password);
    const session = (await request(t.app).post('/api/auth/password').set(bearer(first.body.token)).send({ current_password: created.temporary_password, new_password: 'Ηχεία-και-καμπάνες' })).body.token;
    const otherDevice = (await signIn(created.user.email, 'Ηχεία-και-καμπάνες')).body.token;
    expect((await request(t.app).post('/api/auth/sign-out').set(bearer(session)).send({})).status).toBe(204);
    expect((await request(t.app).get('/api/me').set(bearer(session))).status).toBe(401);
    expect((await request(t.app).get('/api/me').set(bearer(otherDevice))).status).toBe(401);
    const next = await signIn(created.user.email, 'Ηχεία-και-καμπάνες');
    expect((await request(t.app).get('/api/me').set(bearer(next.body.token))).status).toBe(200);
  });
});

describe('POST /api/admin/users', () => {
  it('refuses a second account for the same e-mail however it is typed (409), and bad fields by name (400)', async () => {
    const created = await createAccount();
    const again = await request(t.app).post('/api/admin/users').set(admin()).send({ name: 'Άλλος', email: `  ${created.user.email.toUpperCase()} `, role: 'viewer' });
    expect(again.status).toBe(409);
    const bad = await request(t.app).post('/api/admin/users').set(admin()).send({ name: 'Δύο\nγραμμές', email: 'not-an-address', role: 'owner', password: 'chosen' });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.details as { path: string; message: string }[]).map((d) => d.path || d.message);
    expect(paths.join(' ')).toMatch(/name/);
    expect(paths.join(' ')).toMatch(/email/);
    expect(paths.join(' ')).toMatch(/role/);
  });

  it('is for admins only, and a refused create makes no account', async () => {
    const before = (await t.deps.users.list()).length;
    const res = await request(t.app).post('/api/admin/users').set(bearer(t.tokens.editor)).send({ name: 'Κανείς', email: 'nobody@bellsystems.test', role: 'admin' });
    expect(res.status).toBe(403);
    expect((await t.deps.users.list()).length).toBe(before);
  });
});

describe('the last active admin', () => {
  it('cannot be disabled or demoted (409), by themselves or another admin', async () => {
    const self = await request(t.app).post(`/api/admin/users/${t.users.admin.uid}/disable`).set(admin()).send({});
    expect(self.status).toBe(409);

    // A second admin, then the first one disabled: the second is now the last active admin.
    const second = await createAccount('admin', 'Δεύτερος Διαχειριστής');
    const first = await signIn(second.user.email, second.temporary_password);
    const secondSession = (await request(t.app).post('/api/auth/password').set(bearer(first.body.token)).send({ current_password: second.temporary_password, new_password: 'δεύτερος-διαχειριστής' })).body.token;
    expect((await request(t.app).post(`/api/admin/users/${t.users.admin.uid}/disable`).set(bearer(secondSession)).send({})).status).toBe(200);
    try {
      const demote = await request(t.app).put(`/api/admin/users/${second.user.uid}/role`).set(bearer(secondSession)).send({ role: 'viewer' });
      expect(demote.status).toBe(409);
      const disable = await request(t.app).post(`/api/admin/users/${second.user.uid}/disable`).set(bearer(secondSession)).send({});
      expect(disable.status).toBe(409);
      expect((await t.deps.users.find(second.user.uid))).toMatchObject({ role: 'admin', disabled: false });
    } finally {
      await request(t.app).post(`/api/admin/users/${t.users.admin.uid}/enable`).set(bearer(secondSession)).send({});
      t.tokens.admin = t.tokenFor('admin');
    }
  });
});
