import { isRole, type Role } from './auth.enums.js';

export { roleAllows, roles, type Role } from './auth.enums.js';

/** The role a custom claim names, or null when the claim is missing or not a known role. */
export function parseRole(claim: unknown): Role | null {
  return isRole(claim) ? claim : null;
}

/** The signed-in user, from a verified Firebase ID token. */
export interface AuthUser {
  uid: string;
  email: string | null;
  name: string;
  /** null when the account has no role claim yet: it may sign in but reach nothing. */
  role: Role | null;
}

export interface AuthVerifier {
  /** Rejects (with ApiError 'unauthenticated') a missing, expired, malformed or wrong-project token. */
  verify(idToken: string): Promise<AuthUser>;
}

export interface UserSummary {
  uid: string;
  email: string | null;
  displayName: string | null;
  role: Role | null;
  disabled: boolean;
}

/** Firebase Auth user management (admin endpoints and scripts/set-role). */
export interface UserDirectory {
  /** Every account, all pages. */
  list(): Promise<UserSummary[]>;
  /** The account with this email (when it holds an @) or uid; null when there is none. */
  find(emailOrUid: string): Promise<UserSummary | null>;
  /**
   * Merges `role` into the account's custom claims and, when it changed, ends the account's
   * sessions so the old role stops working; ApiError 'not_found' for an unknown uid.
   */
  setRole(uid: string, role: Role): Promise<UserSummary>;
}
