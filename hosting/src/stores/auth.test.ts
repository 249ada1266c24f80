import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { AuthFailure } from '../auth/auth-backend';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { FakeAuth } from '../test-support/fake-auth';
import { useAuthStore } from './auth';

const accounts = {
  'maria@bellsystems.gr': { uid: 'u-maria', password: 'correct horse' },
  'nikos@bellsystems.gr': { uid: 'u-nikos', password: 'battery staple' },
};
const profiles: Record<string, { uid: string; email: string; name: string; role: string | null }> = {
  'u-maria': { uid: 'u-maria', email: 'maria@bellsystems.gr', name: 'Μαρία Παπαδοπούλου', role: 'editor' },
  'u-nikos': { uid: 'u-nikos', email: 'nikos@bellsystems.gr', name: 'Νίκος Γεωργίου', role: 'admin' },
};

/** GET /api/me answers for the user whose token it gets (tokens are token-<uid>-<n>). */
const me: FakeRoute = (request) => {
  const uid = /^Bearer token-(u-\w+)-\d+$/.exec(request.authorization ?? '')?.[1];
  const profile = uid ? profiles[uid] : undefined;
  return profile ? { status: 200, body: profile } : { status: 401, body: { error: { code: 'unauthenticated', message: 'Missing token', details: [] } } };
};

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

describe('auth store', () => {
  it('starts signed out when there is no session', async () => {
    installFakeApi({ 'GET /api/me': me });
    const auth = useAuthStore();
    expect(auth.status).toBe('starting');
    await auth.start(new FakeAuth(accounts).connect);
    expect(auth.status).toBe('signed-out');
    expect(auth.user).toBeNull();
    expect(await auth.idToken()).toBeNull();
  });

  it('restores a persisted session with the name and role from GET /api/me', async () => {
    const api = installFakeApi({ 'GET /api/me': me });
    const auth = useAuthStore();
    await auth.start(new FakeAuth(accounts, 'maria@bellsystems.gr').connect);
    expect(auth.status).toBe('signed-in');
    expect(auth.user).toMatchObject({ name: 'Μαρία Παπαδοπούλου', role: 'editor' });
    expect(api.requests.map((r) => r.authorization)).toEqual(['Bearer token-u-maria-1']);
  });

  it('signs in, loading the profile once, and hands out a fresh token on each call', async () => {
    const api = installFakeApi({ 'GET /api/me': me });
    const auth = useAuthStore();
    const backend = new FakeAuth(accounts);
    await auth.start(backend.connect);
    await auth.signIn('nikos@bellsystems.gr', 'battery staple');
    expect(auth.signedIn).toBe(true);
    expect(auth.user?.name).toBe('Νίκος Γεωργίου');
    await Promise.resolve();
    // The SDK's own "user changed" call for the same user does not fetch the profile again.
    expect(api.requests.filter((r) => r.path === '/api/me')).toHaveLength(1);
    const first = await auth.idToken();
    const second = await auth.idToken();
    expect(first).toMatch(/^token-u-nikos-/);
    expect(second).not.toBe(first);
  });

  it('refuses a wrong password with an AuthFailure and stays signed out', async () => {
    installFakeApi({ 'GET /api/me': me });
    const auth = useAuthStore();
    await auth.start(new FakeAuth(accounts).connect);
    const error = await auth.signIn('maria@bellsystems.gr', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthFailure);
    expect((error as AuthFailure).code).toBe('invalid-credentials');
    expect(auth.status).toBe('signed-out');
  });

  it('stays signed out, with the reason, when the profile cannot be loaded', async () => {
    installFakeApi({
      'GET /api/me': () => ({ status: 503, body: { error: { code: 'unavailable', message: 'The store is not reachable', details: [] } } }),
    });
    const auth = useAuthStore();
    await auth.start(new FakeAuth(accounts).connect);
    const error = await auth.signIn('maria@bellsystems.gr', 'correct horse').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(auth.status).toBe('signed-out');
    expect(auth.problem).toMatchObject({ kind: 'profile' });
    expect(auth.problem?.error.message).toBe('The store is not reachable');
  });

  it('reports an unreachable sign-in service and tries again on the next sign-in', async () => {
    installFakeApi({ 'GET /api/me': me });
    const auth = useAuthStore();
    const backend = new FakeAuth(accounts);
    let attempts = 0;
    await auth.start(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('/__/firebase/init.json answered HTTP 404');
      return backend;
    });
    expect(auth.status).toBe('signed-out');
    expect(auth.problem).toMatchObject({ kind: 'config' });
    await auth.signIn('maria@bellsystems.gr', 'correct horse');
    expect(attempts).toBe(2);
    expect(auth.signedIn).toBe(true);
    expect(auth.problem).toBeNull();
  });

  it('grants roles by rank: admin ⊃ editor ⊃ viewer', async () => {
    installFakeApi({ 'GET /api/me': me });
    const auth = useAuthStore();
    expect(auth.can('viewer')).toBe(false);
    await auth.start(new FakeAuth(accounts, 'maria@bellsystems.gr').connect);
    expect([auth.can('viewer'), auth.can('editor'), auth.can('admin')]).toEqual([true, true, false]);
  });

  it('an account without a role is signed in but can do nothing', async () => {
    profiles['u-maria'] = { ...profiles['u-maria']!, role: null };
    try {
      installFakeApi({ 'GET /api/me': me });
      const auth = useAuthStore();
      await auth.start(new FakeAuth(accounts, 'maria@bellsystems.gr').connect);
      expect(auth.signedIn).toBe(true);
      expect(auth.can('viewer')).toBe(false);
    } finally {
      profiles['u-maria'] = { ...profiles['u-maria']!, role: 'editor' };
    }
  });

  it('signs out, and follows a sign-out that happens elsewhere', async () => {
    installFakeApi({ 'GET /api/me': me });
    const auth = useAuthStore();
    const backend = new FakeAuth(accounts, 'maria@bellsystems.gr');
    await auth.start(backend.connect);
    await auth.signOut();
    expect(auth.status).toBe('signed-out');
    expect(auth.user).toBeNull();

    await auth.signIn('maria@bellsystems.gr', 'correct horse');
    expect(auth.signedIn).toBe(true);
    backend.revoke();
    await vi.waitFor(() => expect(auth.status).toBe('signed-out'));
  });
});
