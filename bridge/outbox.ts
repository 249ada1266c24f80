/**
 * The bridge's outbox: a SQLite file under BRIDGE_DATA_DIR. A finished call is written here
 * before any attempt to send it, and stays until the CRM answered 2xx, so an outage of the CRM
 * or the network, or a restart of the bridge, loses nothing. The key is the Linkedid: a call
 * built twice (a replayed stream) is stored, and sent, once.
 *
 * The same file keeps the AMI events of calls still in progress (`pending_events`, written in
 * batches by pending-events.ts), so a bridge restarted mid-call rebuilds the call from them
 * instead of dropping it; they go when the call is stored (in the same transaction) or dropped.
 */
import { createClient, type Client, type InStatement } from '@libsql/client';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CallRecord } from '../functions/src/calls/calls.schema.js';

export interface OutboxItem {
  linkedid: string;
  body: string;
  attempts: number;
}

/** One kept AMI event of a call in progress; an event of two calls (an attended transfer) is kept under both with one seq. */
export interface PendingEvent {
  linkedid: string;
  /** Order of arrival, across restarts. */
  seq: number;
  /** Epoch ms when the event reached the bridge: its time when it has no Timestamp header. */
  arrivedAt: number;
  /** The AmiMessage as JSON. */
  message: string;
}

/** Sent records are kept this long, so a replay days later is still recognised. */
const KEEP_SENT_MS = 30 * 24 * 60 * 60_000;

export class Outbox {
  private constructor(private readonly db: Client) {}

  static async open(dataDir: string): Promise<Outbox> {
    const dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    const db = createClient({ url: `file:${join(dir, 'outbox.db')}` });
    await db.execute('PRAGMA journal_mode = WAL');
    await db.execute(`CREATE TABLE IF NOT EXISTS outbox (
      linkedid TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error TEXT,
      sent_at INTEGER
    )`);
    await db.execute('CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL');
    await db.execute(`CREATE TABLE IF NOT EXISTS pending_events (
      linkedid TEXT NOT NULL,
      seq INTEGER NOT NULL,
      arrived_at INTEGER NOT NULL,
      message TEXT NOT NULL,
      PRIMARY KEY (linkedid, seq)
    ) WITHOUT ROWID`);
    return new Outbox(db);
  }

  /**
   * Stores a finished call and forgets its kept events in one transaction; false when this
   * Linkedid was stored before (the record is not changed).
   */
  async add(record: CallRecord, now: number): Promise<boolean> {
    const [rs] = await this.write(Outbox.store(record, now));
    return (rs?.rowsAffected ?? 0) > 0;
  }

  /** Runs statements in one transaction, all or none; one result per statement. */
  async write(statements: InStatement[]): Promise<{ rowsAffected: number }[]> {
    if (statements.length === 0) return [];
    return this.db.batch(statements, 'write');
  }

  /** Stores a finished call (its first statement: 1 row affected unless stored before) and forgets its kept events. */
  static store(record: CallRecord, now: number): InStatement[] {
    return [
      {
        sql: 'INSERT INTO outbox (linkedid, body, created_at, next_attempt_at) VALUES (?, ?, ?, ?) ON CONFLICT (linkedid) DO NOTHING',
        args: [record.linkedid, JSON.stringify(record), now, now],
      },
      Outbox.forget(record.linkedid),
    ];
  }

  /** Keeps one event of a call in progress. */
  static keep(e: PendingEvent): InStatement {
    return {
      sql: 'INSERT INTO pending_events (linkedid, seq, arrived_at, message) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      args: [e.linkedid, e.seq, e.arrivedAt, e.message],
    };
  }

  /** Forgets the kept events of a call that was stored, or will not be logged (internal, joined into another). */
  static forget(linkedid: string): InStatement {
    return { sql: 'DELETE FROM pending_events WHERE linkedid = ?', args: [linkedid] };
  }

  /** Every kept event once, in the order they arrived. */
  async pendingEvents(): Promise<Omit<PendingEvent, 'linkedid'>[]> {
    const rs = await this.db.execute('SELECT seq, min(arrived_at) AS arrived_at, min(message) AS message FROM pending_events GROUP BY seq ORDER BY seq');
    return rs.rows.map((row) => ({ seq: Number(row.seq), arrivedAt: Number(row.arrived_at), message: String(row.message) }));
  }

  /** The seq after the last kept event. */
  async nextEventSeq(): Promise<number> {
    const rs = await this.db.execute('SELECT coalesce(max(seq), 0) + 1 AS next FROM pending_events');
    return Number(rs.rows[0]?.next ?? 1);
  }

  /** How many calls have events kept (in progress, as far as the bridge knows). */
  async pendingCalls(): Promise<number> {
    const rs = await this.db.execute('SELECT count(DISTINCT linkedid) AS n FROM pending_events');
    return Number(rs.rows[0]?.n ?? 0);
  }

  /** Unsent records whose next attempt is due, oldest first. */
  async due(now: number, limit: number): Promise<OutboxItem[]> {
    const rs = await this.db.execute({
      sql: 'SELECT linkedid, body, attempts FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY created_at, linkedid LIMIT ?',
      args: [now, limit],
    });
    return rs.rows.map((row) => ({ linkedid: String(row.linkedid), body: String(row.body), attempts: Number(row.attempts) }));
  }

  /** When the next unsent record falls due; null when none is waiting. */
  async nextDue(): Promise<number | null> {
    const rs = await this.db.execute('SELECT min(next_attempt_at) AS at FROM outbox WHERE sent_at IS NULL');
    const at = rs.rows[0]?.at;
    return at === null || at === undefined ? null : Number(at);
  }

  async markSent(linkedid: string, now: number): Promise<void> {
    await this.db.execute({ sql: 'UPDATE outbox SET sent_at = ?, last_error = NULL WHERE linkedid = ?', args: [now, linkedid] });
    await this.db.execute({ sql: 'DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?', args: [now - KEEP_SENT_MS] });
  }

  async markFailed(linkedid: string, error: string, nextAttemptAt: number): Promise<void> {
    await this.db.execute({
      sql: 'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE linkedid = ?',
      args: [error.slice(0, 500), nextAttemptAt, linkedid],
    });
  }

  /** How many calls wait to be sent. */
  async depth(): Promise<number> {
    const rs = await this.db.execute('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL');
    return Number(rs.rows[0]?.n ?? 0);
  }

  close(): void {
    this.db.close();
  }
}
