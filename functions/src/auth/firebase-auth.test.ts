import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.js';
import { DEMO_PROJECT_ID } from './auth-emulator.js';
import { startFirebaseTestAuth, type FirebaseTestAuth } from '../test-support/firebase-test-auth.js';
import { expiredIdToken, malformedIdTokens, mintIdToken, wrongProjectIdToken } from '../test-support/tokens.js';

// The one file that runs the Firebase path: an Auth emulator of its own (about 10 s of CPU to start).
let t: FirebaseTestAuth;
beforeAll(async () => {
  t = await startFirebaseTestAuth();
}, 300_000);
afterAll(() => t.close());

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

async function newAccount(): Promise<string> {
  const uid = `verifier-${randomBytes(5).toString('hex')}`;
  await t.auth.createUser({ uid, email: `${uid}@bellsystems.test` });
  return uid;
}

describe('firebaseAuthVerifier', () => {
  it('returns the uid, email, name and role of a valid token', async () => {
    const user = await t.deps.auth.verify(t.tokens.admin);
    expect(user).toEqual({ uid: t.users.admin.uid, email: t.users.admin.email, name: t.users.admin.name, role: 'admin' });
  });

  it('names a user without name or email by uid, and without a role claim as role null', async () => {
    const uid = await newAccount();
    expect(await t.deps.auth.verify(mintIdToken({ uid }))).toEqual({ uid, email: null, name: uid, role: null });
  });

  it.each(Object.entries(malformedIdTokens({ uid: 'someone', role: 'admin' })))(
    'answers 401 to a malformed token: %s',
    async (_case, token) => {
      const err = await rejection(t.deps.auth.verify(token));
      expect(err.status).toBe(401);
      expect(err.code).toBe('unauthenticated');
      expect(err.message).not.toMatch(/firebase\.google\.com|demo-bellsystems/);
    },
  );

  it('answers 401 to an expired token', async () => {
    const err = await rejection(t.deps.auth.verify(expiredIdToken({ uid: t.users.editor.uid, role: 'editor' })));
    expect([err.status, err.message]).toEqual([401, 'Your sign-in has expired: sign in again']);
  });

  it('answers 401 to a token of another project', async () => {
    const err = await rejection(t.deps.auth.verify(wrongProjectIdToken({ uid: t.users.editor.uid, role: 'editor' })));
    expect([err.status, err.message]).toEqual([401, 'The ID token belongs to another Firebase project']);
  });

  it('answers 401 once the account is disabled, and once it is deleted', async () => {
    const uid = await newAccount();
    const token = mintIdToken({ uid, role: 'editor' });
    await t.auth.updateUser(uid, { disabled: true });
    expect((await rejection(t.deps.auth.verify(token))).message).toBe('This account is disabled');
    await t.auth.deleteUser(uid);
    expect((await rejection(t.deps.auth.verify(token))).message).toBe('This account no longer exists');
  });

  it('answers 401 to a token signed in before its sessions were revoked', async () => {
    const uid = await newAccount();
    const signedInEarlier = mintIdToken({ uid, authTime: Math.floor(Date.now() / 1000) - 60 });
    await t.auth.revokeRefreshTokens(uid);
    const err = await rejection(t.deps.auth.verify(signedInEarlier));
    expect([err.status, err.message]).toEqual([401, 'Your sign-in was revoked: sign in again']);
  });

  it('answers 503, not 401, when the Auth service cannot be reached', async () => {
    // A firebase-admin app bound to a port where nothing listens: the outage we cannot otherwise cause.
    const saved = process.env.FIREBASE_AUTH_EMULATOR_HOST;
    process.env.FIREBASE_AUTH_EMULATOR_HOST = '127.0.0.1:1';
    const app = initializeApp({ projectId: DEMO_PROJECT_ID }, `unreachable-${randomBytes(4).toString('hex')}`);
    try {
      const { firebaseAuthVerifier } = await import('./firebase-auth.js');
      const err = await rejection(firebaseAuthVerifier(getAuth(app)).verify(t.tokens.viewer));
      expect([err.status, err.code]).toEqual([503, 'unavailable']);
    } finally {
      process.env.FIREBASE_AUTH_EMULATOR_HOST = saved;
      await deleteApp(app);
    }
  });
});

describe('firebaseUserDirectory', () => {
  it('lists every account across pages of 1000', async () => {
    const prefix = `bulk-${randomBytes(4).toString('hex')}`;
    const uids = Array.from({ length: 1005 }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < uids.length; i += 1000) {
      const result = await t.auth.importUsers(uids.slice(i, i + 1000).map((uid) => ({ uid, email: `${uid}@bellsystems.test` })));
      expect(result.failureCount).toBe(0);
    }
    try {
      const listed = new Set((await t.deps.users.list()).map((u) => u.uid));
      expect(uids.filter((uid) => !listed.has(uid))).toEqual([]);
    } finally {
      await t.auth.deleteUsers(uids.slice(0, 1000));
      await t.auth.deleteUsers(uids.slice(1000));
    }
  });

  it('finds an account by email or uid, and null when there is none', async () => {
    const editor = t.users.editor;
    expect(await t.deps.users.find(editor.email)).toMatchObject({ uid: editor.uid, role: 'editor' });
    expect(await t.deps.users.find(editor.uid)).toMatchObject({ email: editor.email });
    expect(await t.deps.users.find('nobody@bellsystems.test')).toBeNull();
    expect(await t.deps.users.find('no-such-uid')).toBeNull();
  });
});

describe('firebaseUserDirectory: accounts made and managed by admins (production)', () => {
  const by = { uid: 'admin-uid', name: 'Μαρία Παπαδοπούλου' };

  it('creates an account with its role and answers a link to set the password, never a password', async () => {
    const email = `new-${randomBytes(4).toString('hex')}@bellsystems.test`;
    const created = await t.deps.users.create({ email, name: 'Αναστάσιος Ζαχαρόπουλος', role: 'editor' }, by);
    expect(created.user).toMatchObject({ email, displayName: 'Αναστάσιος Ζαχαρόπουλος', role: 'editor', disabled: false });
    expect(created.password_link).toMatch(/^https?:\/\/\S+oobCode=/);
    expect(created.temporary_password).toBeUndefined();
    expect((await t.auth.getUser(created.user.uid)).customClaims).toEqual({ role: 'editor' });
    const again = await rejection(t.deps.users.create({ email, name: 'Άλλος', role: 'viewer' }, by));
    expect(again.status).toBe(409);
  });

  it('disables an account (its token is refused at once) and enables it again', async () => {
    const uid = await newAccount();
    await t.auth.setCustomUserClaims(uid, { role: 'viewer' });
    const token = mintIdToken({ uid, role: 'viewer', authTime: Math.floor(Date.now() / 1000) - 60 });
    expect((await t.deps.users.setDisabled(uid, true, by)).disabled).toBe(true);
    expect((await rejection(t.deps.auth.verify(token))).status).toBe(401);
    expect((await t.deps.users.setDisabled(uid, false, by)).disabled).toBe(false);
    expect((await rejection(t.deps.users.setDisabled('no-such-uid', true, by))).status).toBe(404);
  });

  it('answers a reset link for an account with an e-mail, and 422 for one without', async () => {
    const email = `reset-${randomBytes(4).toString('hex')}@bellsystems.test`;
    const { user } = await t.deps.users.create({ email, name: 'Ειρήνη', role: 'viewer' }, by);
    expect((await t.deps.users.resetPassword(user.uid, by)).password_link).toMatch(/oobCode=/);
    const noEmail = `no-email-${randomBytes(4).toString('hex')}`;
    await t.auth.createUser({ uid: noEmail });
    expect((await rejection(t.deps.users.resetPassword(noEmail, by))).status).toBe(422);
  });
});
