import { deleteApp, initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.js';
import { DEMO_PROJECT_ID } from './auth-emulator.js';
import { startFirebaseTestAuth, type FirebaseTestAuth } from '../test-support/firebase-test-auth.js';
import { expiredIdToken, malformedIdTokens, mintIdToken, wrongProjectIdToken } from '../test-support/tokens.js';
import { createTestApp } from '../test-support/test-app.js';
import { createApp } from '../app/app.js';
import { MAIL_ALLOWED_HOSTS_ENV } from '../mail/mail.hosts.js';

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

describe('admin routes on Firebase Auth (production): the password link goes to its person by e-mail', () => {
  it('e-mails the link of a new account and of a reset through the mail account, and answers it either way', async () => {
    // The CRM's store and mail account as in embedded mode; sign-in and accounts are Firebase's.
    const app = await createTestApp();
    const received: { to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      secure: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.password !== 'smtp-password-123') return callback(new Error('Invalid username or password'));
        callback(null, { user: auth.username });
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          callback();
        });
      },
    });
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done));
    const before = process.env[MAIL_ALLOWED_HOSTS_ENV];
    process.env[MAIL_ALLOWED_HOSTS_ENV] = '127.0.0.1';
    try {
      const api = createApp({ ...app.deps, auth: t.deps.auth, users: t.deps.users, localAuth: undefined }, undefined, { checkResponses: true });
      const admin = { Authorization: `Bearer ${t.tokens.admin}` };
      const smtpPort = (smtp.server.address() as AddressInfo).port;
      const account = await request(api)
        .post('/api/crm/mail/accounts')
        .set(admin)
        .send({
          label: 'BellSystems Γραφείο',
          address: 'grafeio@bellsystems.test',
          imap: { host: '127.0.0.1', port: 1, security: 'none', user: 'grafeio', password: 'imap-password-123', folders: ['INBOX'] },
          smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', user: 'grafeio', password: 'smtp-password-123' },
          sent_folder: 'Sent',
        });
      expect(account.status, JSON.stringify(account.body)).toBe(201);

      const email = `nikos-${randomBytes(4).toString('hex')}@bellsystems.test`;
      const created = await request(api).post('/api/admin/users').set(admin).send({ name: 'Νίκος Τεχνικός', email, role: 'viewer' });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ link_sent: true, password_link: expect.stringMatching(/oobCode=/) });
      expect(created.body.temporary_password).toBeUndefined();
      const invitation = received.find((m) => m.to.includes(email));
      expect(invitation?.raw).toContain('oobCode=');

      const reset = await request(api).post(`/api/admin/users/${created.body.user.uid}/reset-password`).set(admin).send({});
      expect(reset.status).toBe(200);
      expect(reset.body.link_sent).toBe(true);
      expect(received.filter((m) => m.to.includes(email))).toHaveLength(2);

      // With no mail account the link is still answered, for the admin to pass on.
      expect((await request(api).delete(`/api/crm/mail/accounts/${account.body.id}`).set(admin)).status).toBe(204);
      const unsent = await request(api).post(`/api/admin/users/${created.body.user.uid}/reset-password`).set(admin).send({});
      expect(unsent.body).toMatchObject({ link_sent: false, password_link: expect.stringMatching(/oobCode=/) });
      expect(received.filter((m) => m.to.includes(email))).toHaveLength(2);
    } finally {
      if (before === undefined) delete process.env[MAIL_ALLOWED_HOSTS_ENV];
      else process.env[MAIL_ALLOWED_HOSTS_ENV] = before;
      await new Promise<void>((done) => smtp.close(() => done()));
      await app.close();
    }
  }, 120_000);
});
