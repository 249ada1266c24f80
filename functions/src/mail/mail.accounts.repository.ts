import type { Client, Row } from '@libsql/client';
import type { ImapSettings, PollCounts, SmtpSettings } from './mail.schema.js';

/** The only code that touches mail_accounts, mail_cursors and mail_leases. */

/** Settings as stored: the password replaced by its ciphertext (mail.crypto.ts). */
export type StoredImap = Omit<ImapSettings, 'password'> & { password_enc: string };
export type StoredSmtp = Omit<SmtpSettings, 'password'> & { password_enc: string };

export interface StoredAccount {
  id: string;
  label: string;
  address: string;
  imap: StoredImap;
  smtp: StoredSmtp;
  sent_folder: string;
  created_at: Date;
  updated_at: Date;
  last_poll_at: Date | null;
  last_error: string | null;
  last_counts: PollCounts | null;
}

export interface FolderCursor {
  uidvalidity: string;
  last_uid: number;
}

export class MailAccountsRepository {
  constructor(private readonly sql: Client) {}

  async insert(account: StoredAccount): Promise<void> {
    await this.sql.execute({
      sql: `INSERT INTO mail_accounts (id, label, address, imap, smtp, sent_folder, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        account.id,
        account.label,
        account.address,
        JSON.stringify(account.imap),
        JSON.stringify(account.smtp),
        account.sent_folder,
        account.created_at.toISOString(),
        account.updated_at.toISOString(),
      ],
    });
  }

  async list(): Promise<StoredAccount[]> {
    const rs = await this.sql.execute('SELECT * FROM mail_accounts ORDER BY created_at, id');
    return rs.rows.map(toAccount);
  }

  async get(id: string): Promise<StoredAccount | null> {
    const rs = await this.sql.execute({ sql: 'SELECT * FROM mail_accounts WHERE id = ?', args: [id] });
    return rs.rows[0] ? toAccount(rs.rows[0]) : null;
  }

  /** Writes the editable fields of `account` (the caller merged the patch). */
  async update(account: StoredAccount): Promise<boolean> {
    const rs = await this.sql.execute({
      sql: `UPDATE mail_accounts SET label = ?, address = ?, imap = ?, smtp = ?, sent_folder = ?, updated_at = ? WHERE id = ?`,
      args: [
        account.label,
        account.address,
        JSON.stringify(account.imap),
        JSON.stringify(account.smtp),
        account.sent_folder,
        account.updated_at.toISOString(),
        account.id,
      ],
    });
    return rs.rowsAffected > 0;
  }

  /** Deletes an account with its cursors and lease; what it fetched stays in the log. */
  async delete(id: string): Promise<boolean> {
    const results = await this.sql.batch(
      [
        { sql: 'DELETE FROM mail_cursors WHERE account_id = ?', args: [id] },
        { sql: 'DELETE FROM mail_leases WHERE name = ?', args: [leaseName(id)] },
        { sql: 'DELETE FROM mail_accounts WHERE id = ?', args: [id] },
      ],
      'write',
    );
    return (results[2]?.rowsAffected ?? 0) > 0;
  }

  async recordPoll(id: string, at: Date, counts: PollCounts, error: string | null): Promise<void> {
    await this.sql.execute({
      sql: 'UPDATE mail_accounts SET last_poll_at = ?, last_counts = ?, last_error = ? WHERE id = ?',
      args: [at.toISOString(), JSON.stringify(counts), error, id],
    });
  }

  async cursor(accountId: string, folder: string): Promise<FolderCursor | null> {
    const rs = await this.sql.execute({
      sql: 'SELECT uidvalidity, last_uid FROM mail_cursors WHERE account_id = ? AND folder = ?',
      args: [accountId, folder],
    });
    const row = rs.rows[0];
    return row ? { uidvalidity: String(row.uidvalidity), last_uid: Number(row.last_uid) } : null;
  }

  /**
   * Moves a folder's cursor to `cursor`, never back within one UIDVALIDITY (two runs that both
   * got past the lease cannot undo each other's progress); a new UIDVALIDITY replaces the old.
   */
  async saveCursor(accountId: string, folder: string, cursor: FolderCursor, now: Date): Promise<void> {
    await this.sql.execute({
      sql: `INSERT INTO mail_cursors (account_id, folder, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (account_id, folder) DO UPDATE SET
              last_uid = CASE WHEN uidvalidity = excluded.uidvalidity THEN max(last_uid, excluded.last_uid) ELSE excluded.last_uid END,
              uidvalidity = excluded.uidvalidity,
              updated_at = excluded.updated_at`,
      args: [accountId, folder, cursor.uidvalidity, cursor.last_uid, now.toISOString()],
    });
  }

  /** Takes the account's poll lease until `until`, unless another holder's lease is still running. */
  async acquireLease(accountId: string, holder: string, now: Date, until: Date): Promise<boolean> {
    const rs = await this.sql.execute({
      sql: `INSERT INTO mail_leases (name, holder, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE mail_leases.expires_at <= ? OR mail_leases.holder = excluded.holder`,
      args: [leaseName(accountId), holder, until.toISOString(), now.toISOString()],
    });
    return rs.rowsAffected > 0;
  }

  async releaseLease(accountId: string, holder: string): Promise<void> {
    await this.sql.execute({ sql: 'DELETE FROM mail_leases WHERE name = ? AND holder = ?', args: [leaseName(accountId), holder] });
  }
}

const leaseName = (accountId: string): string => `mail:${accountId}`;

function toAccount(row: Row): StoredAccount {
  return {
    id: String(row.id),
    label: String(row.label),
    address: String(row.address),
    imap: JSON.parse(String(row.imap)) as StoredImap,
    smtp: JSON.parse(String(row.smtp)) as StoredSmtp,
    sent_folder: String(row.sent_folder),
    created_at: new Date(String(row.created_at)),
    updated_at: new Date(String(row.updated_at)),
    last_poll_at: row.last_poll_at ? new Date(String(row.last_poll_at)) : null,
    last_error: row.last_error === null || row.last_error === undefined ? null : String(row.last_error),
    last_counts: row.last_counts ? (JSON.parse(String(row.last_counts)) as PollCounts) : null,
  };
}
