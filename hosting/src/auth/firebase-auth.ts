/**
 * The Firebase Auth implementation of AuthBackend. Only ever imported dynamically (stores/auth.ts),
 * which puts firebase/app and firebase/auth in their own chunk.
 */
import { initializeApp } from 'firebase/app';
import {
  browserLocalPersistence,
  connectAuthEmulator,
  indexedDBLocalPersistence,
  initializeAuth,
  onAuthStateChanged,
  signInWithEmailAndPassword,
  signOut,
  type User,
} from 'firebase/auth';
import { AuthFailure, type AuthBackend, type AuthFailureCode, type SessionUser } from './auth-backend';
import type { FirebaseWebConfig } from './firebase-config';

const failureByFirebaseCode: Record<string, AuthFailureCode> = {
  'auth/invalid-credential': 'invalid-credentials',
  'auth/invalid-login-credentials': 'invalid-credentials',
  'auth/user-not-found': 'invalid-credentials',
  'auth/wrong-password': 'invalid-credentials',
  'auth/invalid-email': 'invalid-credentials',
  'auth/user-disabled': 'user-disabled',
  'auth/too-many-requests': 'too-many-requests',
  'auth/network-request-failed': 'network',
};

function toFailure(error: unknown): AuthFailure {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return new AuthFailure((typeof code === 'string' && failureByFirebaseCode[code]) || 'unknown', message);
}

const toSessionUser = (user: User): SessionUser => ({ uid: user.uid, email: user.email });

export function connectFirebaseAuth(config: FirebaseWebConfig): AuthBackend {
  const app = initializeApp({ apiKey: config.apiKey, authDomain: config.authDomain, projectId: config.projectId });
  // initializeAuth without a popup/redirect resolver keeps the unused OAuth popup code out of the bundle.
  const auth = initializeAuth(app, { persistence: [indexedDBLocalPersistence, browserLocalPersistence] });
  if (config.authEmulatorHost) connectAuthEmulator(auth, config.authEmulatorHost, { disableWarnings: true });

  return {
    onUserChanged(listener) {
      return onAuthStateChanged(auth, (user) => listener(user ? toSessionUser(user) : null));
    },
    async signIn(email, password) {
      try {
        const credential = await signInWithEmailAndPassword(auth, email, password);
        return toSessionUser(credential.user);
      } catch (error) {
        throw toFailure(error);
      }
    },
    signOut: () => signOut(auth),
    idToken: async () => (auth.currentUser ? auth.currentUser.getIdToken() : null),
  };
}
