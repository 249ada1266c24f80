export const roles = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Whether `have` grants what `need` asks: admin ⊃ editor ⊃ viewer. */
export function roleAllows(have: Role | null, need: Role): boolean {
  if (!have) return false;
  return roles.indexOf(have) >= roles.indexOf(need);
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
  list(): Promise<UserSummary[]>;
  setRole(uid: string, role: Role): Promise<UserSummary>;
}
