import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectLocalAuth } from '../auth/local-auth';
import { installFakeApi } from '../test-support/fake-api';
import { useAuthStore } from './auth';

const profile = { uid: 'u-giorgos', email: 'giorgos@bellsystems.gr', name: 'Γιώργος Νικολάου-Αθανασίου', role: 'editor' };
const session = (token: string, mustChange: boolean) => ({
  token,
  expires_at: new Date(Math.floor((Date.now() + 3600_000) / 1000) * 1000).toISOString(),
  user: profile,
  must_change_password: mustChange,
});
const me = (request: { authorization: string | null }) =>
  request.authorization === 'Bearer chosen'
    ? { status: 200, body: profile }
    : { status: 401, body: { error: { code: 'unauthenticated', message: 'Your sign-in was revoked: sign in again', details: [] } } };

beforeEach(() => {
  setActivePinia(createPinia());
  localStorage.clear();
});
afterEach(() => vi.unstubAllGlobals());

describe('auth store on embedded mode’s own sign-in', () => {
  it('holds a temporary-password session back until a new password is chosen', async () => {
    const api = installFakeApi({
      'POST /api/auth/sign-in': () => ({ status: 200, body: session('temporary', true) }),
      'POST /api/auth/password': () => ({ status: 200, body: session('chosen', false) }),
      'GET /api/me': me,
    });
    const auth = useAuthStore();
    await auth.start(async () => connectLocalAuth());
    await auth.signIn('giorgos@bellsystems.gr', 'Προσωρινός-123');
    expect([auth.status, auth.passwordChangeRequired]).toEqual(['signed-out', true]);
    expect(api.requests.some((r) => r.path === '/api/me')).toBe(false);

    await auth.changePassword('Προσωρινός-123', 'Δικός-μου-κωδικός');
    expect([auth.status, auth.passwordChangeRequired]).toEqual(['signed-in', false]);
    expect(auth.user).toMatchObject({ name: 'Γιώργος Νικολάου-Αθανασίου', role: 'editor' });
  });

  it('signs out when the API refuses the stored session (revoked, disabled)', async () => {
    localStorage.setItem('bellsystems.session', JSON.stringify(session('revoked', false)));
    installFakeApi({ 'GET /api/me': me });
    const auth = useAuthStore();
    await auth.start(async () => connectLocalAuth());
    expect(auth.status).toBe('signed-out');
    expect(localStorage.getItem('bellsystems.session')).toBeNull();
    expect(await auth.idToken()).toBeNull();
  });
});
