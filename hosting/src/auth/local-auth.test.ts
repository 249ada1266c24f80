import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { AuthFailure, type SessionUser } from './auth-backend';
import { connectLocalAuth } from './local-auth';

const hour = 3600_000;
const session = (token: string, expiresIn = hour, mustChange = false) => ({
  token,
  expires_at: new Date(Math.floor((Date.now() + expiresIn) / 1000) * 1000).toISOString(),
  user: { uid: 'u-eleni', email: 'eleni@bellsystems.gr', name: 'Ελένη Δημητρίου-Παπαγεωργίου', role: 'editor' },
  must_change_password: mustChange,
});
const refused = (status: number, message: string, details: { path: string; message: string }[] = []) => ({
  status,
  body: { error: { code: status === 429 ? 'too_many_requests' : status === 401 ? 'unauthenticated' : 'validation_failed', message, details } },
});

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

async function failure(promise: Promise<unknown>): Promise<AuthFailure> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AuthFailure);
  return error as AuthFailure;
}

let storage: Storage;
beforeEach(() => {
  storage = memoryStorage();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the local AuthBackend (embedded mode)', () => {
  it('signs in through POST /api/auth/sign-in, keeps the session, and another start finds it', async () => {
    const signIn: FakeRoute = (request) => {
      expect(request.body).toEqual({ email: 'eleni@bellsystems.gr', password: 'Καμπάνα 1821' });
      return { status: 200, body: session('tok-1') };
    };
    installFakeApi({ 'POST /api/auth/sign-in': signIn });
    const backend = connectLocalAuth(storage);
    const seen: (SessionUser | null)[] = [];
    backend.onUserChanged((user) => seen.push(user));
    await Promise.resolve();
    expect(seen).toEqual([null]);
    expect(await backend.signIn('eleni@bellsystems.gr', 'Καμπάνα 1821')).toEqual({ uid: 'u-eleni', email: 'eleni@bellsystems.gr', mustChangePassword: false });
    expect(await backend.idToken()).toBe('tok-1');
    expect(seen.at(-1)).toMatchObject({ uid: 'u-eleni' });

    const again = connectLocalAuth(storage);
    const restored: (SessionUser | null)[] = [];
    again.onUserChanged((user) => restored.push(user));
    await Promise.resolve();
    expect(restored).toEqual([{ uid: 'u-eleni', email: 'eleni@bellsystems.gr', mustChangePassword: false }]);
  });

  it('explains refusals: wrong password, disabled account, too many attempts, no network', async () => {
    const answers = [refused(401, 'Wrong e-mail or password'), refused(401, 'This account is disabled'), refused(429, 'Too many failed sign-ins')];
    installFakeApi({ 'POST /api/auth/sign-in': () => answers.shift()! });
    const backend = connectLocalAuth(storage);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await failure(backend.signIn('eleni@bellsystems.gr', 'x'))).code);
    expect(codes).toEqual(['invalid-credentials', 'user-disabled', 'too-many-requests']);
    const offline = connectLocalAuth(storage, async () => {
      throw new TypeError('Failed to fetch');
    });
    expect((await failure(offline.signIn('eleni@bellsystems.gr', 'x'))).code).toBe('network');
    expect(await backend.idToken()).toBeNull();
  });

  it('signs out when the session expires: the token is gone and listeners hear it', async () => {
    vi.useFakeTimers();
    installFakeApi({ 'POST /api/auth/sign-in': () => ({ status: 200, body: session('short', 5000) }) });
    const backend = connectLocalAuth(storage);
    const seen: (SessionUser | null)[] = [];
    backend.onUserChanged((user) => seen.push(user));
    await backend.signIn('eleni@bellsystems.gr', 'pw');
    expect(await backend.idToken()).toBe('short');
    await vi.advanceTimersByTimeAsync(6000);
    expect(seen.at(-1)).toBeNull();
    expect(await backend.idToken()).toBeNull();
    expect(storage.length).toBe(0);
  });

  it('reports a temporary password, changes it, and keeps the new session', async () => {
    const api = installFakeApi({
      'POST /api/auth/sign-in': () => ({ status: 200, body: session('temporary', hour, true) }),
      'POST /api/auth/password': (request) =>
        (request.body as { current_password: string }).current_password === 'temp-pass-123'
          ? { status: 200, body: session('chosen') }
          : refused(400, 'The current password is wrong', [{ path: 'current_password', message: 'Wrong password' }]),
    });
    const backend = connectLocalAuth(storage);
    expect((await backend.signIn('eleni@bellsystems.gr', 'temp-pass-123')).mustChangePassword).toBe(true);
    expect((await failure(backend.changePassword!('wrong', 'Νέος-κωδικός-2026'))).code).toBe('wrong-current-password');
    expect(await backend.changePassword!('temp-pass-123', 'Νέος-κωδικός-2026')).toMatchObject({ mustChangePassword: false });
    expect(await backend.idToken()).toBe('chosen');
    expect(api.requests.at(-1)!.authorization).toBe('Bearer temporary');
  });

  it('signs out here at once and ends the session on the server', async () => {
    const api = installFakeApi({
      'POST /api/auth/sign-in': () => ({ status: 200, body: session('tok-9') }),
      'POST /api/auth/sign-out': () => ({ status: 204 }),
    });
    const backend = connectLocalAuth(storage);
    await backend.signIn('eleni@bellsystems.gr', 'pw');
    await backend.signOut();
    expect(await backend.idToken()).toBeNull();
    expect(api.requests.at(-1)).toMatchObject({ method: 'POST', path: '/api/auth/sign-out', authorization: 'Bearer tok-9' });
  });
});
