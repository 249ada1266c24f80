import type { SqlMigration } from '../sql-migration.js';

/**
 * Email (issue 8):
 * - `mail_accounts`: the mailboxes read and sent from; `imap` and `smtp` are JSON with the
 *   passwords encrypted (mail.crypto.ts), never in clear text.
 * - `mail_cursors`: per account and folder, the UIDVALIDITY seen and the last UID whose message
 *   is committed to the journal; a poll fetches only what lies above it.
 * - `mail_leases`: one poll of an account at a time; a crashed holder's lease simply expires.
 */
export const mail: SqlMigration = {
  version: 3,
  name: 'mail_accounts_cursors_leases',
  statements: [
    `CREATE TABLE mail_accounts (
      id TEXT PRIMARY KEY,
      label TEXT NOT NULL,
      address TEXT NOT NULL,
      imap TEXT NOT NULL,
      smtp TEXT NOT NULL,
      sent_folder TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_poll_at TEXT,
      last_error TEXT,
      last_counts TEXT
    )`,
    `CREATE TABLE mail_cursors (
      account_id TEXT NOT NULL REFERENCES mail_accounts (id) ON DELETE CASCADE,
      folder TEXT NOT NULL,
      uidvalidity TEXT NOT NULL,
      last_uid INTEGER NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (account_id, folder)
    )`,
    `CREATE TABLE mail_leases (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at TEXT NOT NULL
    )`,
  ],
};
