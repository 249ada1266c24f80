import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { createApiClient } from '../api/client';
import type { Me } from '../api/types';
import { AuthFailure, type AuthBackend } from '../auth/auth-backend';
import { loadFirebaseConfig } from '../auth/firebase-config';
import { roleAllows, type Role } from '@functions/auth/auth.enums';

export type AuthStatus = 'starting' | 'signed-out' | 'signed-in';

/** Why the user is signed out although they may not have asked to be. */
export interface AuthProblem {
  kind: 'config' | 'profile';
  error: Error;
}

export type AuthConnector = () => Promise<AuthBackend>;

/**
 * Loads the config the server serves and then the backend it names, on demand, so neither is in
 * the initial bundle: embedded mode's own sign-in (authMode 'local'), else the Firebase SDK.
 */
export async function connectAuthBackend(): Promise<AuthBackend> {
  const config = await loadFirebaseConfig();
  if (config.authMode === 'local') return (await import('../auth/local-auth')).connectLocalAuth();
  return (await import('../auth/firebase-auth')).connectFirebaseAuth(config);
}

export const useAuthStore = defineStore('auth', () => {
  /** The signed-in user as the API sees them (GET /api/me): name and role come from the server. */
  const user = ref<Me | null>(null);
  const status = ref<AuthStatus>('starting');
  const problem = shallowRef<AuthProblem | null>(null);

  const signedIn = computed(() => status.value === 'signed-in');
  /** Signed in with a temporary password: the sign-in page asks for a new one before anything else. */
  const passwordChangeRequired = ref(false);
  const role = computed<Role | null>(() => user.value?.role ?? null);

  let backend: AuthBackend | null = null;
  let connector: AuthConnector = connectAuthBackend;
  let connecting: Promise<void> | null = null;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  // Profiles are loaded for one uid at a time; a newer sign-in or sign-out makes older answers stale.
  let generation = 0;
  let profile: { uid: string; promise: Promise<Error | null> } | null = null;

  async function idToken(): Promise<string | null> {
    return backend ? backend.idToken() : null;
  }

  const meClient = createApiClient({ getToken: idToken, onUnauthenticated: sessionRefused });

  function clearSession(): void {
    generation += 1;
    profile = null;
    user.value = null;
    status.value = 'signed-out';
    passwordChangeRequired.value = false;
  }

  /** A session that must replace its temporary password first: signed out for the app, until it does. */
  function holdForPasswordChange(): void {
    clearSession();
    passwordChangeRequired.value = true;
  }

  /** Resolves to why the profile could not be loaded, or null once it is. */
  function loadProfile(uid: string): Promise<Error | null> {
    if (profile?.uid === uid) return profile.promise;
    const current = ++generation;
    const promise = meClient.get<Me>('/me').then(
      (me) => {
        if (current === generation) {
          user.value = me;
          status.value = 'signed-in';
          problem.value = null;
        }
        return null;
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (current === generation) {
          clearSession();
          problem.value = { kind: 'profile', error: failure };
        }
        return failure;
      },
    );
    profile = { uid, promise };
    return promise;
  }

  function connect(): Promise<void> {
    connecting ??= connector().then(
      (connected) => {
        backend = connected;
        connected.onUserChanged((session) => {
          if (session?.mustChangePassword) {
            holdForPasswordChange();
            markReady();
          } else if (session) void loadProfile(session.uid).then(() => markReady());
          else {
            clearSession();
            markReady();
          }
        });
      },
      (error: unknown) => {
        // Forget the failed attempt so the next sign-in tries again.
        connecting = null;
        clearSession();
        problem.value = { kind: 'config', error: error instanceof Error ? error : new Error(String(error)) };
        markReady();
      },
    );
    return connecting;
  }

  /**
   * Connects to the identity provider (once) and resolves when the first auth state is known:
   * signed out, or signed in with the profile loaded. Tests pass their own connector.
   */
  async function start(connectWith?: AuthConnector): Promise<void> {
    if (connectWith && !connecting && !backend) connector = connectWith;
    void connect();
    return ready;
  }

  /** Rejects with AuthFailure (credentials refused) or the error that kept the profile from loading. */
  async function signIn(email: string, password: string): Promise<void> {
    await connect();
    if (!backend) throw problem.value?.error ?? new AuthFailure('network', 'The sign-in service is not available');
    problem.value = null;
    const session = await backend.signIn(email, password);
    if (session.mustChangePassword) return holdForPasswordChange();
    const failure = await loadProfile(session.uid);
    if (failure) throw failure;
  }

  /** Replaces a temporary password, then loads the profile; rejects with AuthFailure. */
  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    if (!backend?.changePassword) throw new AuthFailure('unknown', 'This sign-in cannot change passwords here');
    const session = await backend.changePassword(currentPassword, newPassword);
    passwordChangeRequired.value = false;
    const failure = await loadProfile(session.uid);
    if (failure) throw failure;
  }

  async function signOut(): Promise<void> {
    problem.value = null;
    if (backend) await backend.signOut();
    clearSession();
  }

  /** The API refused the session (401): a backend that cannot refresh it signs out (the app then asks to sign in). */
  function sessionRefused(): void {
    backend?.sessionRefused?.();
  }

  /** Whether the signed-in user's role grants `need` (admin ⊃ editor ⊃ viewer). */
  function can(need: Role): boolean {
    return roleAllows(role.value, need);
  }

  return { user, status, problem, signedIn, passwordChangeRequired, role, start, signIn, signOut, changePassword, sessionRefused, idToken, can };
});
