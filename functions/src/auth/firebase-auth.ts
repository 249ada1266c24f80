/**
 * Firebase Auth behind our AuthVerifier and UserDirectory ports. With FIREBASE_AUTH_EMULATOR_HOST
 * set, firebase-admin accepts the Auth emulator's unsigned tokens (still checking audience,
 * issuer and expiry) and looks every token's user up on the emulator.
 */
import { getApps, initializeApp } from 'firebase-admin/app';
import { getAuth, type Auth, type DecodedIdToken, type UserRecord } from 'firebase-admin/auth';
import { ApiError } from '../http/errors.js';
import { parseRole, type AuthUser, type AuthVerifier, type UserDirectory, type UserSummary } from './auth.types.js';

const adminAppName = 'bellsystems-auth';

/** firebase-admin Auth for `projectId`, on a named app created on first use. */
export function adminAuth(projectId: string): Auth {
  const app = getApps().find((candidate) => candidate.name === adminAppName) ?? initializeApp({ projectId }, adminAppName);
  if (app.options.projectId !== projectId) {
    throw new Error(`firebase-admin app ${adminAppName} is bound to project ${app.options.projectId}, not ${projectId}`);
  }
  return getAuth(app);
}

export function firebaseAuthVerifier(auth: Auth): AuthVerifier {
  return {
    async verify(idToken: string): Promise<AuthUser> {
      let decoded: DecodedIdToken;
      try {
        // checkRevoked: a disabled account or revoked session stops working at once.
        decoded = await auth.verifyIdToken(idToken, true);
      } catch (err) {
        throw tokenError(err);
      }
      const email = typeof decoded.email === 'string' ? decoded.email : null;
      const name = typeof decoded.name === 'string' && decoded.name.trim() ? decoded.name : (email ?? decoded.uid);
      return { uid: decoded.uid, email, name, role: parseRole(decoded.role) };
    },
  };
}

/** Turns a firebase-admin verification failure into the API's error, keeping Firebase's internals out. */
function tokenError(err: unknown): unknown {
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : '';
  // Could not reach the emulator or Google's key server: the token may be fine, so no "sign in again".
  if (code.startsWith('app/network') || message.includes('Error while making request')) {
    return new ApiError('unavailable', 'Sign-in cannot be checked right now; try again shortly');
  }
  // No project id or credentials: our misconfiguration, not the caller's token.
  if (code === 'auth/invalid-credential') return err;
  // firebase-admin lets some decoding errors through raw (a payload that is not JSON: SyntaxError).
  if (!code.startsWith('auth/')) return new ApiError('unauthenticated', 'The ID token is malformed');
  return new ApiError('unauthenticated', tokenProblem(code, message));
}

function tokenProblem(code: string, message: string): string {
  switch (code) {
    case 'auth/id-token-expired':
      return 'Your sign-in has expired: sign in again';
    case 'auth/id-token-revoked':
      return 'Your sign-in was revoked: sign in again';
    case 'auth/user-disabled':
      return 'This account is disabled';
    case 'auth/user-not-found':
      return 'This account no longer exists';
  }
  if (/incorrect "(aud|iss)"/.test(message)) return 'The ID token belongs to another Firebase project';
  if (message.includes('Decoding')) return 'The ID token is malformed';
  if (/signature|"kid"|algorithm/.test(message)) return 'The ID token signature is invalid';
  return 'The ID token is invalid';
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function firebaseUserDirectory(auth: Auth): UserDirectory {
  return {
    async list(): Promise<UserSummary[]> {
      const users: UserSummary[] = [];
      let pageToken: string | undefined;
      do {
        const page = await auth.listUsers(1000, pageToken);
        users.push(...page.users.map(toSummary));
        pageToken = page.pageToken;
      } while (pageToken);
      return users.sort(byEmailThenUid);
    },

    async find(emailOrUid: string): Promise<UserSummary | null> {
      try {
        const record = emailOrUid.includes('@') ? await auth.getUserByEmail(emailOrUid) : await auth.getUser(emailOrUid);
        return toSummary(record);
      } catch (err) {
        if (errorCode(err) === 'auth/user-not-found') return null;
        throw err;
      }
    },

    async setRole(uid, role): Promise<UserSummary> {
      const record = await existingRecord(auth, uid);
      if (parseRole(record.customClaims?.role) === role) return toSummary(record);
      await auth.setCustomUserClaims(uid, { ...record.customClaims, role });
      // ID tokens carry the role for up to an hour; revoking makes a demotion count now
      // (verify checks revocation), and the next sign-in carries the new role.
      await auth.revokeRefreshTokens(uid);
      return { ...toSummary(record), role };
    },

    async create(account) {
      let record: UserRecord;
      try {
        record = await auth.createUser({ email: account.email, displayName: account.name, emailVerified: false });
      } catch (err) {
        if (errorCode(err) === 'auth/email-already-exists') throw new ApiError('conflict', `An account with the e-mail ${account.email} exists already`);
        throw err;
      }
      await auth.setCustomUserClaims(record.uid, { role: account.role });
      // No password is ever chosen for someone: the link lets them set their own.
      const link = await auth.generatePasswordResetLink(account.email);
      return { user: { ...toSummary(record), role: account.role }, password_link: link };
    },

    async setDisabled(uid, disabled) {
      const record = await existingRecord(auth, uid);
      if (record.disabled === disabled) return toSummary(record);
      const updated = await auth.updateUser(uid, { disabled });
      if (disabled) await auth.revokeRefreshTokens(uid);
      return toSummary(updated);
    },

    async resetPassword(uid) {
      const record = await existingRecord(auth, uid);
      if (!record.email) throw new ApiError('unprocessable', 'This account has no e-mail address to send a reset link to');
      await auth.revokeRefreshTokens(uid);
      return { user: toSummary(record), password_link: await auth.generatePasswordResetLink(record.email) };
    },
  };
}

async function existingRecord(auth: Auth, uid: string): Promise<UserRecord> {
  try {
    return await auth.getUser(uid);
  } catch (err) {
    if (errorCode(err) === 'auth/user-not-found') throw new ApiError('not_found', `User ${uid} not found`);
    throw err;
  }
}

function toSummary(record: UserRecord): UserSummary {
  return {
    uid: record.uid,
    email: record.email ?? null,
    displayName: record.displayName ?? null,
    role: parseRole(record.customClaims?.role),
    disabled: record.disabled,
  };
}

function byEmailThenUid(a: UserSummary, b: UserSummary): number {
  return (a.email ?? '\uffff').localeCompare(b.email ?? '\uffff') || a.uid.localeCompare(b.uid);
}
