/**
 * Embedded mode's sign-in: accounts in libSQL (`auth_users`), passwords checked here, sessions
 * signed here (session-token.ts). Every request's token is checked for signature and expiry, and
 * its account read from the store: the role, a disable and a sign-out count at once, and nothing
 * a browser could write decides who someone is. Production keeps Firebase Auth (firebase-auth.ts).
 */
import type { Client, Row } from '@libsql/client';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { readSession, signSession, type SessionProblem } from './session-token.js';
import { parseRole, type AccountActor, type AuthUser, type AuthVerifier, type Role, type UserSummary } from './auth.types.js';

/** A working day: the SPA signs in again after it. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

export interface LocalAccount {
  uid: string;
  email: string;
  name: string;
  role: Role | null;
  disabled: boolean;
  mustChangePassword: boolean;
  /** Sessions issued before this (ms since the epoch) are refused. */
  sessionsValidAfter: number;
  passwordHash: string | null;
}

export interface Session {
  token: string;
  expires_at: Date;
  user: AuthUser;
  must_change_password: boolean;
}

export interface NewLocalAccount {
  uid?: string;
  email: string;
  name: string;
  role: Role | null;
  /** Omitted: the account cannot sign in with a password until one is set. */
  password?: string;
  /** An scrypt hash made elsewhere (an import); takes the place of `password`. */
  passwordHash?: string;
  mustChangePassword?: boolean;
  disabled?: boolean;
}

export interface LocalAuthOptions {
  sql: Client;
  /** The HMAC key sessions are signed with (loadSessionKey). */
  key: Buffer;
  now?: () => number;
}

/** The one normal form of an address: one address is one account, however it is typed. */
export const normaliseEmail = (email: string): string => email.normalize('NFC').trim().toLowerCase();

const problemMessage: Record<SessionProblem, string> = {
  malformed: 'The sign-in token is malformed',
  signature: 'The sign-in token signature is invalid',
  expired: 'Your sign-in has expired: sign in again',
};

export class LocalAuth implements AuthVerifier {
  readonly sql: Client;
  private readonly key: Buffer;
  readonly now: () => number;

  constructor(options: LocalAuthOptions) {
    this.sql = options.sql;
    this.key = options.key;
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<AuthUser> {
    const account = await this.accountOfSession(token);
    // The app then lets only the routes marked beforePasswordChange through (changing it, signing out).
    return account.mustChangePassword ? { ...authUserOf(account), passwordChangeRequired: true } : authUserOf(account);
  }

  /** The account a valid session belongs to; 401 for a bad, expired or revoked token or a disabled account. */
  async accountOfSession(token: string): Promise<LocalAccount> {
    const claims = readSession(this.key, token, this.now());
    if (typeof claims === 'string') throw new ApiError('unauthenticated', problemMessage[claims]);
    const account = await this.get(claims.uid);
    if (!account) throw new ApiError('unauthenticated', 'This account no longer exists');
    if (account.disabled) throw new ApiError('unauthenticated', 'This account is disabled');
    if (claims.issuedMs < account.sessionsValidAfter) throw new ApiError('unauthenticated', 'Your sign-in was revoked: sign in again');
    return account;
  }

  /** A session for the account; `issuedMs` and `lifetimeMs` let tests make old or short ones. */
  issueSession(account: LocalAccount, options: { issuedMs?: number; lifetimeMs?: number } = {}): Session {
    // Never before the account's cut-off: a sign-in in the millisecond of a sign-out still works.
    const issuedMs = options.issuedMs ?? Math.max(this.now(), account.sessionsValidAfter);
    const expiresMs = issuedMs + (options.lifetimeMs ?? SESSION_MS);
    return {
      token: signSession(this.key, { uid: account.uid, issuedMs, expiresMs }),
      expires_at: new Date(Math.floor(expiresMs / 1000) * 1000),
      user: authUserOf(account),
      must_change_password: account.mustChangePassword,
    };
  }

  async signIn(email: string, password: string): Promise<Session> {
    const account = await this.get(normaliseEmail(email));
    // The same answer and the same work for an unknown address and a wrong password.
    const matches = await verifyPassword(password, account?.passwordHash ?? null);
    if (!account || !matches) throw new ApiError('unauthenticated', 'Wrong e-mail or password');
    if (account.disabled) throw new ApiError('unauthenticated', 'This account is disabled');
    return this.issueSession(account);
  }

  /** Replaces the password (checking the current one) and ends every other session; answers a new one. */
  async changePassword(uid: string, current: string, next: string): Promise<Session> {
    const account = await this.get(uid);
    if (!account) throw new ApiError('unauthenticated', 'This account no longer exists');
    if (!(await verifyPassword(current, account.passwordHash))) {
      throw new ApiError('validation_failed', 'The current password is wrong', [{ path: 'current_password', message: 'Wrong password' }]);
    }
    if (current === next) {
      throw new ApiError('validation_failed', 'Choose a password other than the current one', [{ path: 'new_password', message: 'Same as the current password' }]);
    }
    const by = { uid: account.uid, name: account.name };
    const changed = await this.update(account.uid, { password_hash: await hashPassword(next), must_change_password: 0 }, by, true);
    return this.issueSession(changed);
  }

  /** Ends every session of the account. */
  async signOut(user: AuthUser): Promise<void> {
    await this.update(user.uid, {}, { uid: user.uid, name: user.name }, true);
  }

  /** The account by uid or (when it holds an @) by e-mail. */
  async get(uidOrEmail: string): Promise<LocalAccount | null> {
    const column = uidOrEmail.includes('@') ? 'email' : 'uid';
    const value = column === 'email' ? normaliseEmail(uidOrEmail) : uidOrEmail;
    const rs = await this.sql.execute({ sql: `SELECT * FROM auth_users WHERE ${column} = ?`, args: [value] });
    return rs.rows[0] ? accountOf(rs.rows[0]) : null;
  }

  async list(): Promise<LocalAccount[]> {
    const rs = await this.sql.execute('SELECT * FROM auth_users ORDER BY email, uid');
    return rs.rows.map(accountOf);
  }

  /** 409 when the e-mail has an account already. */
  async create(account: NewLocalAccount, by: AccountActor): Promise<LocalAccount> {
    const now = new Date(this.now()).toISOString();
    const uid = account.uid ?? randomUUID().replaceAll('-', '');
    const hash = account.passwordHash ?? (account.password === undefined ? null : await hashPassword(account.password));
    const rs = await this.sql.execute({
      sql: `INSERT INTO auth_users (uid, email, display_name, role, password_hash, disabled, must_change_password,
              sessions_valid_after, created_at, updated_at, updated_by_uid, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      args: [uid, normaliseEmail(account.email), account.name, account.role, hash, account.disabled ? 1 : 0, account.mustChangePassword ? 1 : 0, now, now, by.uid, by.name],
    });
    if (rs.rowsAffected === 0) throw new ApiError('conflict', `An account with the e-mail ${normaliseEmail(account.email)} or the uid ${uid} exists already`);
    return (await this.get(uid))!;
  }

  /**
   * Writes the columns given and the change's author; `endSessions` makes every session issued
   * so far invalid. 404 for an unknown uid.
   */
  async update(
    uid: string,
    columns: Partial<Record<'display_name' | 'role' | 'password_hash' | 'disabled' | 'must_change_password', string | number | null>>,
    by: AccountActor,
    endSessions = false,
  ): Promise<LocalAccount> {
    const now = this.now();
    const entries = Object.entries(columns);
    const sets = [...entries.map(([column]) => `${column} = ?`), 'updated_at = ?', 'updated_by_uid = ?', 'updated_by = ?'];
    const args = [...entries.map(([, value]) => value ?? null), new Date(now).toISOString(), by.uid, by.name];
    // Always moves forward, so two changes in one millisecond still end what came before both.
    if (endSessions) sets.push(`sessions_valid_after = MAX(sessions_valid_after + 1, ${now})`);
    const rs = await this.sql.execute({ sql: `UPDATE auth_users SET ${sets.join(', ')} WHERE uid = ?`, args: [...args, uid] });
    if (rs.rowsAffected === 0) throw new ApiError('not_found', `User ${uid} not found`);
    return (await this.get(uid))!;
  }
}

export function authUserOf(account: LocalAccount): AuthUser {
  return { uid: account.uid, email: account.email, name: account.name || account.email, role: account.role };
}

export function summaryOf(account: LocalAccount): UserSummary {
  return { uid: account.uid, email: account.email, displayName: account.name || null, role: account.role, disabled: account.disabled };
}

function accountOf(row: Row): LocalAccount {
  return {
    uid: String(row.uid),
    email: String(row.email),
    name: String(row.display_name),
    role: parseRole(row.role),
    disabled: Number(row.disabled) === 1,
    mustChangePassword: Number(row.must_change_password) === 1,
    sessionsValidAfter: Number(row.sessions_valid_after),
    passwordHash: row.password_hash === null ? null : String(row.password_hash),
  };
}
