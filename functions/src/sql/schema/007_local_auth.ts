import type { SqlMigration } from '../sql-migration.js';

/**
 * Sign-in that the server checks itself:
 * - `auth_users`: embedded mode's accounts (production keeps them in Firebase Auth). The
 *   e-mail is stored normalised (trimmed, lower case) so one address is one account; the
 *   password is an scrypt hash with its salt and parameters, never the password.
 *   `sessions_valid_after`: a session issued before it (sign-out, disable, role or password
 *   change) is refused.
 * - `auth_throttle`: failed sign-ins and bad tokens counted per address and per account in the
 *   database, so every instance of the `api` function counts together.
 */
export const localAuth: SqlMigration = {
  version: 7,
  name: 'local_auth',
  statements: [
    `CREATE TABLE auth_users (
      uid TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      display_name TEXT NOT NULL,
      role TEXT CHECK (role IS NULL OR role IN ('viewer', 'editor', 'admin')),
      password_hash TEXT,
      disabled INTEGER NOT NULL DEFAULT 0,
      must_change_password INTEGER NOT NULL DEFAULT 0,
      sessions_valid_after INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by_uid TEXT NOT NULL,
      updated_by TEXT NOT NULL
    )`,
    `CREATE TABLE auth_throttle (
      key TEXT PRIMARY KEY,
      window_started INTEGER NOT NULL,
      failures INTEGER NOT NULL
    )`,
  ],
};
