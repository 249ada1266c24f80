/**
 * What the auth store needs from an identity provider. The Firebase implementation
 * (firebase-auth.ts) is loaded on demand so the SDK stays out of the initial bundle.
 */

export interface SessionUser {
  uid: string;
  email: string | null;
  /** Embedded mode: a temporary password that must be replaced before anything else. */
  mustChangePassword?: boolean;
}

export const authFailureCodes = ['invalid-credentials', 'wrong-current-password', 'user-disabled', 'too-many-requests', 'network', 'unknown'] as const;
export type AuthFailureCode = (typeof authFailureCodes)[number];

/** A sign-in that the provider refused, reduced to the few cases the sign-in page explains. */
export class AuthFailure extends Error {
  constructor(
    readonly code: AuthFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthFailure';
  }
}

export interface AuthBackend {
  /** Calls back with the current user now (once known) and on every sign-in or sign-out. */
  onUserChanged(listener: (user: SessionUser | null) => void): () => void;
  /** Rejects with AuthFailure. */
  signIn(email: string, password: string): Promise<SessionUser>;
  signOut(): Promise<void>;
  /** A valid ID token for the signed-in user (refreshed by the SDK when near expiry), or null. */
  idToken(): Promise<string | null>;
  /**
   * Replaces the signed-in user's password (embedded mode's sign-in only; Firebase sends a reset
   * link instead). Rejects with AuthFailure.
   */
  changePassword?(currentPassword: string, newPassword: string): Promise<SessionUser>;
  /**
   * The API refused this session (401: revoked, disabled, expired). Embedded mode's sessions are
   * never refreshed, so the backend forgets it and the user signs in again; Firebase's SDK
   * refreshes its tokens itself and needs no such hook.
   */
  sessionRefused?(): void;
}
