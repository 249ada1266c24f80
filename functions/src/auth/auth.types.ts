import { isRole, type Role } from './auth.enums.js';

export { roleAllows, roles, type Role } from './auth.enums.js';

/** The role a custom claim names, or null when the claim is missing or not a known role. */
export function parseRole(claim: unknown): Role | null {
  return isRole(claim) ? claim : null;
}

/** The signed-in user, from a verified token (Firebase ID token, or embedded mode's own session). */
export interface AuthUser {
  uid: string;
  email: string | null;
  name: string;
  /** null when the account has no role claim yet: it may sign in but reach nothing. */
  role: Role | null;
  /** Embedded mode: a temporary password still to be replaced; only routes marked for it answer. */
  passwordChangeRequired?: boolean;
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

/** Who changes an account (the signed-in admin, or `script:<name>`), recorded on it where the store can keep it. */
export interface AccountActor {
  uid: string;
  name: string;
}

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
}

/**
 * What the admin passes on once, so the person can sign in: a temporary password that must be
 * changed at first sign-in (embedded mode) or a link to set one (Firebase Auth).
 */
export interface AccountCredential {
  user: UserSummary;
  temporary_password?: string;
  password_link?: string;
}

/** User management (admin endpoints and scripts/set-role): Firebase Auth, or embedded mode's own store. */
export interface UserDirectory {
  /** Every account, all pages. */
  list(): Promise<UserSummary[]>;
  /** The account with this email (when it holds an @) or uid; null when there is none. */
  find(emailOrUid: string): Promise<UserSummary | null>;
  /**
   * Sets the account's role and, when it changed, ends the account's sessions so the old role
   * stops working; ApiError 'not_found' for an unknown uid.
   */
  setRole(uid: string, role: Role, by?: AccountActor): Promise<UserSummary>;
  /** ApiError 'conflict' when the e-mail has an account already. */
  create(account: NewAccount, by: AccountActor): Promise<AccountCredential>;
  /** Disabling ends the account's sessions at once; 'not_found' for an unknown uid. */
  setDisabled(uid: string, disabled: boolean, by: AccountActor): Promise<UserSummary>;
  /** Ends the account's sessions and answers how the person sets a new password. */
  resetPassword(uid: string, by: AccountActor): Promise<AccountCredential>;
}
