import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../auth/auth.types.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('GET /api/me', () => {
  describe('happy', () => {
    it('returns the signed-in user from the token', async () => {
      const res = await request(t.app).get('/api/me').set(bearer(t.tokens.editor));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        uid: t.users.editor.uid,
        email: t.users.editor.email,
        name: t.users.editor.name,
        role: 'editor',
      });
    });

    it('takes the name from the account, whatever the token says', async () => {
      const res = await request(t.app).get('/api/me').set(bearer(t.tokenFor('viewer', { name: 'Someone Else' })));
      expect(res.body.name).toBe(t.users.viewer.name);
    });
  });

  describe('error', () => {
    it('refuses an account without a role with 403 and says why', async () => {
      const res = await request(t.app).get('/api/me').set(bearer(t.tokens.noRole));
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'forbidden', message: 'Your account has no role yet: ask an admin', details: [], request_id: expect.any(String) });
    });

    it('ignores a role the token claims: the stored account decides', async () => {
      const res = await request(t.app).get('/api/me').set(bearer(t.tokenFor('viewer', { role: 'admin' })));
      expect(res.body.role).toBe('viewer');
      expect((await request(t.app).get('/api/admin/users').set(bearer(t.tokenFor('viewer', { role: 'admin' })))).status).toBe(403);
    });
  });

  describe('security', () => {
    it('answers 401 without a token, and with an expired one', async () => {
      const none = await request(t.app).get('/api/me');
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthenticated');
      const expired = await request(t.app)
        .get('/api/me')
        .set(bearer(t.tokenFor('admin', { issuedAt: Math.floor(Date.now() / 1000) - 7200, lifetime: 3600 })));
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toBe('Your sign-in has expired: sign in again');
    });

    it('takes the role from the verified token only, never from the request', async () => {
      const res = await request(t.app)
        .get('/api/me?role=admin')
        .set(bearer(t.tokens.viewer))
        .set('x-role', 'admin');
      expect(res.body.role).toBe('viewer');
    });
  });
});

describe('GET /api/admin/users', () => {
  describe('happy', () => {
    it('lists accounts with their roles', async () => {
      const res = await request(t.app).get('/api/admin/users').set(bearer(t.tokens.admin));
      expect(res.status).toBe(200);
      expect(res.body.next_cursor).toBeNull();
      expect(res.body.total).toBe(res.body.users.length);
      const mine = res.body.users.filter((u: { uid: string }) => Object.values(t.users).some((x) => x.uid === u.uid));
      expect(mine).toHaveLength(4);
      expect(mine).toContainEqual({
        uid: t.users.editor.uid,
        email: t.users.editor.email,
        displayName: t.users.editor.name,
        role: 'editor',
        disabled: false,
      });
      expect(mine).toContainEqual(expect.objectContaining({ uid: t.users.noRole.uid, role: null }));
    });
  });

  describe('error', () => {
    it('answers an unknown subpath with 404 in the error shape', async () => {
      const res = await request(t.app).get('/api/admin/users/extra/path').set(bearer(t.tokens.admin));
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });
  });

  describe('security', () => {
    it('is for admins only', async () => {
      for (const token of [t.tokens.editor, t.tokens.viewer]) {
        const res = await request(t.app).get('/api/admin/users').set(bearer(token));
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe('This needs the admin role');
      }
    });
  });
});

describe('PUT /api/admin/users/:uid/role', () => {
  const setRole = (uid: string, body: unknown, token = t.tokens.admin) =>
    request(t.app).put(`/api/admin/users/${encodeURIComponent(uid)}/role`).set(bearer(token)).send(body as object);

  // Role changes end the account's sessions, so each test changes an account of its own.
  async function newAccount(role: Role | null = null) {
    const uid = `role-test-${randomBytes(5).toString('hex')}`;
    await t.accounts.create({ uid, email: `${uid}@bellsystems.test`, name: '', role }, { uid: 'script:test', name: 'test' });
    return uid;
  }
  const roleClaim = async (uid: string) => (await t.accounts.get(uid))?.role;
  const sessionOf = async (uid: string) => t.accounts.issueSession((await t.accounts.get(uid))!).token;

  describe('happy', () => {
    it('sets the stored role, records who changed it, and the new role shows in the list', async () => {
      const uid = await newAccount();
      const res = await setRole(uid, { role: 'editor' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ uid, email: `${uid}@bellsystems.test`, displayName: null, role: 'editor', disabled: false });
      const row = await t.accounts.sql.execute({ sql: 'SELECT updated_by_uid, updated_by FROM auth_users WHERE uid = ?', args: [uid] });
      expect(row.rows[0]).toMatchObject({ updated_by_uid: t.users.admin.uid, updated_by: t.users.admin.name });
      const list = await request(t.app).get('/api/admin/users').set(bearer(t.tokens.admin));
      expect(list.body.users).toContainEqual(expect.objectContaining({ uid, role: 'editor' }));
    });

    it('lets an admin make another account an admin', async () => {
      const uid = await newAccount('viewer');
      const res = await setRole(uid, { role: 'admin' });
      expect(res.status).toBe(200);
      expect(await roleClaim(uid)).toBe('admin');
    });

    it('leaves the sessions of an account whose role does not change alone', async () => {
      const uid = await newAccount('editor');
      const token = await sessionOf(uid);
      expect((await setRole(uid, { role: 'editor' })).status).toBe(200);
      expect((await request(t.app).get('/api/me').set(bearer(token))).status).toBe(200);
    });
  });

  describe('error', () => {
    it('names the field of a bad role and changes nothing', async () => {
      const uid = await newAccount('editor');
      const res = await setRole(uid, { role: 'owner' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'role' })]);
      expect(await roleClaim(uid)).toBe('editor');
    });

    it('rejects unknown fields and a missing role', async () => {
      const uid = await newAccount('editor');
      const extra = await setRole(uid, { role: 'viewer', isAdmin: true });
      expect(extra.status).toBe(400);
      expect(extra.body.error.details).toContainEqual(expect.objectContaining({ message: expect.stringContaining('isAdmin') }));
      const missing = await setRole(uid, {});
      expect(missing.status).toBe(400);
      expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'role' })]);
      expect(await roleClaim(uid)).toBe('editor');
    });

    it('answers 404 for an account that does not exist', async () => {
      const res = await setRole('no-such-uid', { role: 'viewer' });
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: 'not_found', message: 'User no-such-uid not found', details: [], request_id: expect.any(String) });
    });

    it('refuses to let an admin demote themselves (409), so an admin always remains', async () => {
      const res = await setRole(t.users.admin.uid, { role: 'viewer' });
      expect(res.status).toBe(409);
      expect(await roleClaim(t.users.admin.uid)).toBe('admin');
    });

    it('rejects a uid longer than Firebase allows', async () => {
      const res = await setRole('u'.repeat(129), { role: 'viewer' });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'uid' })]);
    });
  });

  describe('security', () => {
    it('is for admins only, and a refused request changes nothing', async () => {
      const uid = await newAccount('viewer');
      const res = await setRole(uid, { role: 'admin' }, t.tokens.editor);
      expect(res.status).toBe(403);
      expect(await roleClaim(uid)).toBe('viewer');
    });

    it('ends a demoted admin\'s session at once, though their token still says admin', async () => {
      const uid = await newAccount('admin');
      const adminToken = await sessionOf(uid);
      expect((await request(t.app).get('/api/admin/users').set(bearer(adminToken))).status).toBe(200);
      expect((await setRole(uid, { role: 'viewer' })).status).toBe(200);
      const res = await request(t.app).get('/api/admin/users').set(bearer(adminToken));
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('Your sign-in was revoked: sign in again');
      const afterSignIn = await sessionOf(uid);
      expect((await request(t.app).get('/api/admin/users').set(bearer(afterSignIn))).status).toBe(403);
    });
  });
});
