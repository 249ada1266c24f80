import type { Client, Row } from '@libsql/client';
import { createHash, randomUUID } from 'node:crypto';

/**
 * The integration journal (DESIGN.md, "Integrations write a journal first"): every email,
 * WhatsApp delivery and call record is stored raw, once per (source, external id), before it
 * is processed. Processing is idempotent on the channel's own ids, so a replay or a retry of a
 * journaled delivery never doubles a message, and what failed is retried on a schedule.
 * The only code that touches integration_journal.
 */

export { journalSources, type JournalSource } from './journal.enums.js';
import type { JournalSource } from './journal.enums.js';
export type JournalState = 'pending' | 'processed' | 'failed';

export interface JournalRecord {
  id: string;
  source: JournalSource;
  external_id: string;
  received_at: Date;
  /** The bytes as received; null when they were moved to Nextcloud (`raw_path`). */
  raw: Buffer | null;
  raw_path: string | null;
  sha256: string;
  /** What the source knows besides the bytes: account, folder, UIDVALIDITY, UID, Message-ID… */
  meta: Record<string, unknown>;
  state: JournalState;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  processed_at: Date | null;
  /** Failures in a row with the same error. */
  same_failures: number;
  /** Set when it failed DEAD_AFTER times in a row for the same reason: no longer retried. */
  dead_at: Date | null;
}

export interface JournalInput {
  source: JournalSource;
  /** The delivery's own id; defaults to the sha256 of the bytes (a webhook body has no id). */
  external_id?: string;
  raw: Buffer;
  meta?: Record<string, unknown>;
}

/** After a failure the next attempt waits 1, 2, 4… minutes, at most six hours. */
const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 6 * 60 * 60_000;
/** Longer than any error worth keeping; the rest is cut. */
const MAX_ERROR = 2_000;
/** Failing this many times in a row with the same error makes a record dead (not retried, shown to admins). */
export const DEAD_AFTER = 5;
/** A pending record older than this was left by a crashed run: the drain takes it up. */
export const STALE_PENDING_MS = 2 * 60_000;

export function sha256Of(raw: Buffer | string): string {
  return createHash('sha256').update(raw).digest('hex');
}

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

export class JournalRepository {
  constructor(private readonly sql: Client) {}

  /**
   * Records a delivery durably, unless (source, external id) is recorded already: then returns
   * that record with created false.
   */
  async record(input: JournalInput, now: Date): Promise<{ record: JournalRecord; created: boolean }> {
    const sha256 = sha256Of(input.raw);
    const externalId = input.external_id ?? `sha256:${sha256}`;
    const rs = await this.sql.execute({
      sql: `INSERT INTO integration_journal (id, source, external_id, received_at, raw, sha256, meta, state, attempts)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0)
            ON CONFLICT (source, external_id) DO NOTHING
            RETURNING *`,
      args: [randomUUID(), input.source, externalId, now.toISOString(), input.raw, sha256, JSON.stringify(input.meta ?? {})],
    });
    if (rs.rows[0]) return { record: toRecord(rs.rows[0]), created: true };
    const existing = await this.find(input.source, externalId);
    if (!existing) throw new Error(`journal record ${input.source}/${externalId} neither inserted nor found`);
    return { record: existing, created: false };
  }

  async get(id: string): Promise<JournalRecord | null> {
    const rs = await this.sql.execute({ sql: 'SELECT * FROM integration_journal WHERE id = ?', args: [id] });
    return rs.rows[0] ? toRecord(rs.rows[0]) : null;
  }

  async find(source: JournalSource, externalId: string): Promise<JournalRecord | null> {
    const rs = await this.sql.execute({
      sql: 'SELECT * FROM integration_journal WHERE source = ? AND external_id = ?',
      args: [source, externalId],
    });
    return rs.rows[0] ? toRecord(rs.rows[0]) : null;
  }

  async markProcessed(id: string, now: Date): Promise<void> {
    await this.sql.execute({
      sql: `UPDATE integration_journal SET state = 'processed', processed_at = ?, attempts = attempts + 1,
              last_error = NULL, next_attempt_at = NULL WHERE id = ?`,
      args: [now.toISOString(), id],
    });
  }

  /**
   * Keeps the record for a later attempt, with the reason (never a secret: callers pass messages,
   * not configs); the DEAD_AFTER-th failure in a row with the same reason makes it dead instead.
   */
  async markFailed(id: string, error: string, now: Date): Promise<{ dead: boolean }> {
    const current = await this.get(id);
    const attempts = (current?.attempts ?? 0) + 1;
    const reason = error.slice(0, MAX_ERROR);
    const same = current?.state === 'failed' && current.last_error === reason ? current.same_failures + 1 : 1;
    const dead = same >= DEAD_AFTER;
    await this.sql.execute({
      sql: `UPDATE integration_journal SET state = 'failed', attempts = ?, last_error = ?, same_failures = ?, next_attempt_at = ?, dead_at = ? WHERE id = ?`,
      args: [attempts, reason, same, dead ? null : new Date(now.getTime() + retryDelayMs(attempts)).toISOString(), dead ? now.toISOString() : null, id],
    });
    return { dead };
  }

  /** Dead records, newest first, without their bytes (the admin list). */
  async dead(limit: number): Promise<Omit<JournalRecord, 'raw'>[]> {
    const rs = await this.sql.execute({
      sql: 'SELECT * FROM integration_journal WHERE dead_at IS NOT NULL ORDER BY dead_at DESC LIMIT ?',
      args: [limit],
    });
    return rs.rows.map((row) => {
      const { raw: _raw, ...rest } = toRecord(row);
      return rest;
    });
  }

  async deadCount(): Promise<number> {
    const rs = await this.sql.execute('SELECT count(*) AS n FROM integration_journal WHERE dead_at IS NOT NULL');
    return Number(rs.rows[0]?.n ?? 0);
  }

  /** Brings a dead record back: due at once, its failure count reset. False when it is not dead. */
  async revive(id: string, now: Date): Promise<boolean> {
    const rs = await this.sql.execute({
      sql: `UPDATE integration_journal SET dead_at = NULL, same_failures = 0, next_attempt_at = ? WHERE id = ? AND dead_at IS NOT NULL`,
      args: [now.toISOString(), id],
    });
    return rs.rowsAffected === 1;
  }

  /**
   * What a drain should (re)process now, oldest first: failed records whose retry is due, and
   * pending ones left behind by a run that stopped before it processed them.
   */
  async due(source: JournalSource, now: Date, limit: number): Promise<JournalRecord[]> {
    const rs = await this.sql.execute({
      sql: `SELECT * FROM integration_journal
            WHERE source = ? AND state <> 'processed' AND dead_at IS NULL
              AND ((state = 'failed' AND next_attempt_at <= ?) OR (state = 'pending' AND received_at <= ?))
            ORDER BY received_at ASC LIMIT ?`,
      args: [source, now.toISOString(), new Date(now.getTime() - STALE_PENDING_MS).toISOString(), limit],
    });
    return rs.rows.map(toRecord);
  }

  /** Records that failed, newest first, for Settings (without their bytes). */
  async failures(source: JournalSource, limit: number): Promise<Omit<JournalRecord, 'raw'>[]> {
    const rs = await this.sql.execute({
      sql: `SELECT * FROM integration_journal WHERE source = ? AND state = 'failed' ORDER BY received_at DESC LIMIT ?`,
      args: [source, limit],
    });
    return rs.rows.map((row) => {
      const { raw: _raw, ...rest } = toRecord(row);
      return rest;
    });
  }

  /** How many records of a source are in each state. */
  async counts(source: JournalSource): Promise<Record<JournalState, number>> {
    const rs = await this.sql.execute({
      sql: 'SELECT state, count(*) AS n FROM integration_journal WHERE source = ? GROUP BY state',
      args: [source],
    });
    const counts: Record<JournalState, number> = { pending: 0, processed: 0, failed: 0 };
    for (const row of rs.rows) counts[String(row.state) as JournalState] = Number(row.n);
    return counts;
  }
}

function toRecord(row: Row): JournalRecord {
  const raw = row.raw;
  return {
    id: String(row.id),
    source: String(row.source) as JournalSource,
    external_id: String(row.external_id),
    received_at: new Date(String(row.received_at)),
    raw: raw === null || raw === undefined ? null : Buffer.from(raw as ArrayBuffer),
    raw_path: row.raw_path === null ? null : String(row.raw_path),
    sha256: String(row.sha256),
    meta: JSON.parse(String(row.meta ?? '{}')) as Record<string, unknown>,
    state: String(row.state) as JournalState,
    attempts: Number(row.attempts),
    last_error: row.last_error === null ? null : String(row.last_error),
    next_attempt_at: row.next_attempt_at ? new Date(String(row.next_attempt_at)) : null,
    processed_at: row.processed_at ? new Date(String(row.processed_at)) : null,
    same_failures: Number(row.same_failures ?? 0),
    dead_at: row.dead_at ? new Date(String(row.dead_at)) : null,
  };
}
