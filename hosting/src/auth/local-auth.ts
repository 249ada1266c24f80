/**
 * The AuthBackend of embedded mode: the server checks the password and signs its own sessions
 * (POST /api/auth/sign-in on this origin, no second port). The session is kept in localStorage
 * until it expires; then, or when the server refuses it, the user signs in again.
 */
import { AuthFailure, type AuthBackend, type AuthFailureCode, type SessionUser } from './auth-backend';

const STORAGE_KEY = 'bellsystems.session';

interface StoredSession {
  token: string;
  expires_at: string;
  user: { uid: string; email: string | null };
  must_change_password: boolean;
}

function isStoredSession(value: unknown): value is StoredSession {
  const record = value as Partial<StoredSession> | null;
  return (
    typeof record?.token === 'string' &&
    typeof record.expires_at === 'string' &&
    typeof record.user?.uid === 'string' &&
    typeof record.must_change_password === 'boolean'
  );
}

const toSessionUser = (session: StoredSession): SessionUser => ({
  uid: session.user.uid,
  email: session.user.email,
  mustChangePassword: session.must_change_password,
});

async function failureOf(response: Response): Promise<AuthFailure> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; details?: { path?: string }[] } } | null;
  const message = body?.error?.message ?? `HTTP ${response.status}`;
  let code: AuthFailureCode = 'unknown';
  if (response.status === 429) code = 'too-many-requests';
  else if (response.status === 401) code = message.includes('disabled') ? 'user-disabled' : 'invalid-credentials';
  else if (response.status === 400 && body?.error?.details?.some((detail) => detail.path === 'current_password')) code = 'wrong-current-password';
  return new AuthFailure(code, message);
}

export function connectLocalAuth(storage: Storage = localStorage, fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): AuthBackend {
  const listeners = new Set<(user: SessionUser | null) => void>();
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  const read = (): StoredSession | null => {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
      return isStoredSession(parsed) && Date.parse(parsed.expires_at) > Date.now() ? parsed : null;
    } catch {
      return null;
    }
  };

  const emit = (session: StoredSession | null) => {
    clearTimeout(expiryTimer);
    // At expiry the user is signed out here too, so the app asks for the password again.
    if (session) expiryTimer = setTimeout(() => save(null), Math.min(Date.parse(session.expires_at) - Date.now(), 2 ** 31 - 1));
    for (const listener of listeners) listener(session ? toSessionUser(session) : null);
  };

  const save = (session: StoredSession | null) => {
    if (session) storage.setItem(STORAGE_KEY, JSON.stringify(session));
    else storage.removeItem(STORAGE_KEY);
    emit(session);
  };

  // Another tab signed in or out.
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (event.key === STORAGE_KEY) emit(read());
    });
  }

  async function post(path: string, body: unknown, token?: string): Promise<Response> {
    try {
      return await fetchImpl(`/api${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new AuthFailure('network', error instanceof Error ? error.message : String(error));
    }
  }

  return {
    onUserChanged(listener) {
      listeners.add(listener);
      const session = read();
      queueMicrotask(() => {
        if (session) emit(session);
        else listener(null);
      });
      return () => listeners.delete(listener);
    },

    async signIn(email, password) {
      const response = await post('/auth/sign-in', { email, password });
      if (!response.ok) throw await failureOf(response);
      const session = (await response.json()) as StoredSession;
      save(session);
      return toSessionUser(session);
    },

    async signOut() {
      const session = read();
      save(null);
      // Ends the session on the server too (every device of this user); signed out here whatever it answers.
      if (session) await post('/auth/sign-out', {}, session.token).catch(() => undefined);
    },

    async idToken() {
      const session = read();
      if (!session && storage.getItem(STORAGE_KEY)) save(null);
      return session?.token ?? null;
    },

    sessionRefused() {
      if (read()) save(null);
    },

    async changePassword(currentPassword, newPassword) {
      const session = read();
      if (!session) throw new AuthFailure('invalid-credentials', 'Not signed in');
      const response = await post('/auth/password', { current_password: currentPassword, new_password: newPassword }, session.token);
      if (!response.ok) throw await failureOf(response);
      const changed = (await response.json()) as StoredSession;
      save(changed);
      return toSessionUser(changed);
    },
  };
}
