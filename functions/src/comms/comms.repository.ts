import type { Client, InArgs, InStatement, InValue, Row, Transaction } from '@libsql/client';
import { SEQ_SLOTS, seqBase, seqBefore, type SeqCursor } from './comms.seq.js';
import type {
  Attachment,
  CallDisposition,
  CommsDirection,
  CommsEntry,
  CommsType,
  DeliveryError,
  DeliveryStatus,
  FollowUpState,
} from './comms.schema.js';
import { deliveryRankSql } from './comms.delivery.js';

/** The only code that reads or writes crm_comms_log, crm_comms_fts and crm_comms_address_map. */

export interface NewCommsRow {
  id: string;
  /** The customer the caller names; '' to let the address map, then `matched_customer_id`, decide. */
  customer_id: string;
  /** The customer found by the address among customers' contacts; '' for none. */
  matched_customer_id: string;
  type: CommsType;
  direction: CommsDirection;
  subject: string | null;
  body: string | null;
  attachments: Attachment[];
  ext_message_id: string | null;
  address: string;
  address_raw: string | null;
  logged_by: string | null;
  logged_by_uid: string | null;
  occurred_at: Date;
  fts_subject: string;
  fts_body: string;
  thread_id: string | null;
  delivery_status: DeliveryStatus | null;
  delivery_error: DeliveryError | null;
  disposition: CallDisposition | null;
  duration_seconds: number | null;
  follow_up: FollowUpState | null;
  details: Record<string, unknown>;
}

export interface CommsRowChanges {
  customer_id?: string;
  type?: CommsType;
  direction?: CommsDirection;
  subject?: string | null;
  body?: string | null;
  attachments?: Attachment[];
  occurred_at?: Date;
}

export interface CommsFilter {
  /** '' lists the unassigned messages. */
  customer_id?: string;
  types?: CommsType[];
  direction?: CommsDirection;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** An FTS5 MATCH expression (comms.text.ts). */
  match?: string;
  /**
   * The same search as `match`, word by word with each word's forms (comms.text.ts): lets a
   * search within a customer with few entries test their stored text instead of `match`.
   */
  words?: string[][];
  /** Leaves out entries staff marked done (`details.done`): the Inbox's messages that need no customer. */
  open_only?: boolean;
}

/** SQL true for an entry not marked done. */
const NOT_DONE = "coalesce(json_extract(c.details, '$.done'), 0) = 0";

/** An entry with its place in the log's order. */
export interface SequencedEntry {
  entry: CommsEntry;
  seq: number;
}

const COLUMNS = [
  'id',
  'customer_id',
  'type',
  'direction',
  'subject',
  'body',
  'attachments',
  'ext_message_id',
  'address',
  'address_raw',
  'logged_by',
  'logged_by_uid',
  'occurred_at',
  'created_at',
  'updated_at',
  'thread_id',
  'delivery_status',
  'delivery_error',
  'disposition',
  'duration_seconds',
  'follow_up',
  'follow_up_closed_at',
  'follow_up_closed_by',
  'details',
] as const;
/** The columns an insert writes after the time stamps (the follow-up is closed later, never at insert). */
const EXTRA_INSERT_COLUMNS = ['thread_id', 'delivery_status', 'delivery_error', 'disposition', 'duration_seconds', 'follow_up', 'details'] as const;
const INSERT_COLUMNS = [...COLUMNS.slice(0, COLUMNS.indexOf('updated_at') + 1), ...EXTRA_INSERT_COLUMNS];
const SELECT_COLUMNS = `c.rowid AS seq, ${COLUMNS.map((c) => `c.${c}`).join(', ')}`;
/** The next free seq of a millisecond's slots (its first when it has none). */
const NEXT_SEQ = `SELECT coalesce(max(rowid) + 1, ?) AS seq FROM crm_comms_log WHERE rowid >= ? AND rowid < ? + ${SEQ_SLOTS}`;
/** A millisecond with every slot taken lends the next one's: the order stays right to the millisecond. */
const MAX_SPILL = 1_000;
/**
 * Up to this many entries in range, a customer's search reads them all (about 10 µs each,
 * comms.bench.ts) rather than every entry matching the words: a common word matches a good
 * part of the log.
 */
const SCAN_CUSTOMER_MAX = 2_000;

export class CommsRepository {
  constructor(private readonly sql: Client) {}

  /** Inserts, unless (type, ext_message_id) is logged already: then returns that entry. */
  async insert(row: NewCommsRow, now: Date): Promise<{ entry: CommsEntry; created: boolean }> {
    const stamp = now.toISOString();
    for (let spill = 0; ; spill++) {
      const base = seqBase(row.occurred_at) + spill * SEQ_SLOTS;
      try {
        // The address map is read inside the INSERT, so an assignment committed just before
        // this message still catches it (and one committed after updates it).
        const [inserted] = await this.sql.batch(
          [
            {
              sql: `INSERT INTO crm_comms_log (rowid, ${INSERT_COLUMNS.join(', ')})
                    VALUES ((${NEXT_SEQ}), ?,
                            COALESCE(NULLIF(?, ''), (SELECT customer_id FROM crm_comms_address_map WHERE address = ? AND address <> ''), ?),
                            ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (ext_message_id, type) DO NOTHING
                    RETURNING rowid AS seq, *`,
              args: [
                base,
                base,
                base,
                row.id,
                row.customer_id,
                row.address,
                row.matched_customer_id,
                row.type,
                row.direction,
                row.subject,
                row.body,
                JSON.stringify(row.attachments),
                row.ext_message_id,
                row.address,
                row.address_raw,
                row.logged_by,
                row.logged_by_uid,
                row.occurred_at.toISOString(),
                stamp,
                stamp,
                row.thread_id,
                row.delivery_status,
                row.delivery_error ? JSON.stringify(row.delivery_error) : null,
                row.disposition,
                row.duration_seconds,
                row.follow_up,
                JSON.stringify(row.details),
              ],
            },
            {
              sql: 'INSERT INTO crm_comms_fts (rowid, subject, body) SELECT rowid, ?, ? FROM crm_comms_log WHERE id = ?',
              args: [row.fts_subject, row.fts_body, row.id],
            },
          ],
          'write',
        );
        const created = inserted?.rows[0];
        if (created) return { entry: toEntry(created), created: true };
        break;
      } catch (err) {
        if (!isSeqTaken(err) || spill >= MAX_SPILL) throw err;
      }
    }
    const existing = await this.sql.execute({
      sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE c.ext_message_id = ? AND c.type = ?`,
      args: [row.ext_message_id, row.type],
    });
    const first = existing.rows[0];
    if (!first) throw new Error(`comms insert of ${row.id} neither inserted nor found an existing entry`);
    return { entry: toEntry(first), created: false };
  }

  async get(id: string): Promise<CommsEntry | null> {
    const rs = await this.sql.execute({ sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE c.id = ?`, args: [id] });
    return rs.rows[0] ? toEntry(rs.rows[0]) : null;
  }

  /** The customer staff assigned this address to, if any. */
  async mappedCustomer(address: string): Promise<string | null> {
    if (address === '') return null;
    const rs = await this.sql.execute({
      sql: 'SELECT customer_id FROM crm_comms_address_map WHERE address = ?',
      args: [address],
    });
    return rs.rows[0] ? String(rs.rows[0].customer_id) : null;
  }

  /**
   * Applies `changes` to the entry read inside the same write transaction; `reindex` gives
   * the full-text columns for the merged entry when its text changed. A new occurred_at
   * moves the entry to its new place in the order. null when the entry does not exist.
   */
  async update(
    id: string,
    changes: CommsRowChanges,
    reindex: (merged: CommsEntry) => { subject: string; body: string } | null,
    now: Date,
  ): Promise<CommsEntry | null> {
    const tx = await this.sql.transaction('write');
    try {
      const rs = await tx.execute({ sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE c.id = ?`, args: [id] });
      const current = rs.rows[0];
      if (!current) {
        await tx.rollback();
        return null;
      }
      const before = toEntry(current);
      const merged: CommsEntry = { ...before, ...changes, updated_at: now };
      const oldSeq = Number(current.seq);
      const moved = changes.occurred_at !== undefined && changes.occurred_at.getTime() !== before.occurred_at.getTime();
      const seq = moved ? await freeSeq(tx, changes.occurred_at!) : oldSeq;
      const sets: string[] = ['rowid = ?', 'updated_at = ?'];
      const args: InArgs = [seq, now.toISOString()];
      for (const [column, value] of Object.entries(changes) as [keyof CommsRowChanges, unknown][]) {
        sets.push(`${column} = ?`);
        args.push(toSqlValue(value));
      }
      await tx.execute({ sql: `UPDATE crm_comms_log SET ${sets.join(', ')} WHERE id = ?`, args: [...args, id] });
      const text = reindex(merged) ?? (moved ? await ftsRow(tx, oldSeq) : null);
      if (text) {
        await tx.execute({ sql: 'DELETE FROM crm_comms_fts WHERE rowid = ?', args: [oldSeq] });
        await tx.execute({ sql: 'INSERT INTO crm_comms_fts (rowid, subject, body) VALUES (?, ?, ?)', args: [seq, text.subject, text.body] });
      }
      await tx.commit();
      return merged;
    } finally {
      tx.close();
    }
  }

  /** Whether an entry was deleted. */
  async delete(id: string): Promise<boolean> {
    const [, deleted] = await this.sql.batch(
      [
        { sql: 'DELETE FROM crm_comms_fts WHERE rowid = (SELECT rowid FROM crm_comms_log WHERE id = ?)', args: [id] },
        { sql: 'DELETE FROM crm_comms_log WHERE id = ?', args: [id] },
      ],
      'write',
    );
    return (deleted?.rowsAffected ?? 0) > 0;
  }

  /**
   * Newest first, strictly after `after`; at most `limit` entries. Every plan reads in rowid
   * order and stops at the limit: one customer's index (its entries' text tested against the
   * search's words when they are few, else checked against the search's matches), or the
   * full-text index itself, or the table.
   */
  async list(filter: CommsFilter, limit: number, after?: SeqCursor): Promise<SequencedEntry[]> {
    const byCustomer = filter.customer_id !== undefined;
    const ftsDriven = filter.match !== undefined && !byCustomer;
    const seq = ftsDriven ? 'crm_comms_fts.rowid' : 'c.rowid';
    const range: string[] = [];
    const rangeArgs: InValue[] = [];
    if (filter.from) {
      range.push(`${seq} >= ?`);
      rangeArgs.push(seqBase(filter.from));
    }
    if (filter.to) {
      range.push(`${seq} < ?`);
      rangeArgs.push(seqBase(filter.to));
    }
    if (after) {
      const bound = seqBefore(after);
      range.push(`${seq} ${bound.sql} ?`);
      rangeArgs.push(bound.value);
    }
    const searchable = byCustomer && filter.match !== undefined && filter.words !== undefined && filter.words.length > 0;
    const scanWords = searchable && (await this.fewInRange(filter.customer_id!, range, rangeArgs)) ? filter.words! : null;
    const where: string[] = [];
    const args: InArgs = [];
    if (ftsDriven) {
      where.push('crm_comms_fts MATCH ?');
      args.push(filter.match!);
    }
    if (byCustomer) {
      where.push('c.customer_id = ?');
      args.push(filter.customer_id!);
      if (scanWords) {
        // The stored text is folded words joined by spaces (comms.text.ts), so a word that
        // starts with a form is the form after a space: the FTS5 prefix match, row by row.
        for (const forms of scanWords) {
          where.push(`(${forms.map(() => "instr(' ' || f.subject || ' ' || f.body, ' ' || ?) > 0").join(' OR ')})`);
          args.push(...forms);
        }
      } else if (filter.match !== undefined) {
        // Matched once into a set of rowids: probing per entry would expand every prefix again.
        where.push('c.rowid IN (SELECT rowid FROM crm_comms_fts WHERE crm_comms_fts MATCH ?)');
        args.push(filter.match);
      }
    }
    if (filter.types && filter.types.length > 0) {
      where.push(`c.type IN (${filter.types.map(() => '?').join(', ')})`);
      args.push(...filter.types);
    }
    if (filter.direction) {
      where.push('c.direction = ?');
      args.push(filter.direction);
    }
    if (filter.open_only) where.push(NOT_DONE);
    where.push(...range);
    args.push(...rangeArgs);
    let from = 'crm_comms_log c';
    if (ftsDriven) from = 'crm_comms_fts JOIN crm_comms_log c ON c.rowid = crm_comms_fts.rowid';
    // CROSS JOIN keeps the customer's index outside: its entries in order, each text by rowid.
    else if (scanWords) from = 'crm_comms_log c CROSS JOIN crm_comms_fts f ON f.rowid = c.rowid';
    const stmt: InStatement = {
      sql: `SELECT ${SELECT_COLUMNS} FROM ${from}
            ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY ${seq} DESC LIMIT ?`,
      args: [...args, limit],
    };
    const rs = await this.sql.execute(stmt);
    return rs.rows.map((row) => ({ entry: toEntry(row), seq: Number(row.seq) }));
  }

  /** Whether a customer has at most SCAN_CUSTOMER_MAX entries within `range` (on c.rowid). */
  private async fewInRange(customerId: string, range: string[], rangeArgs: InValue[]): Promise<boolean> {
    const rs = await this.sql.execute({
      sql: `SELECT count(*) AS n FROM (SELECT 1 FROM crm_comms_log c WHERE ${['c.customer_id = ?', ...range].join(' AND ')} LIMIT ?)`,
      args: [customerId, ...rangeArgs, SCAN_CUSTOMER_MAX + 1],
    });
    return Number(rs.rows[0]!.n) <= SCAN_CUSTOMER_MAX;
  }

  /**
   * Assigns entry `id` and every unassigned entry from `address` to `customerId`, and
   * remembers address → customer for later messages. Returns how many entries changed.
   */
  async assign(id: string, customerId: string, address: string, assignedBy: string, now: Date): Promise<number> {
    const stamp = now.toISOString();
    const statements: InStatement[] = [
      {
        sql: 'UPDATE crm_comms_log SET customer_id = ?, updated_at = ? WHERE id = ? AND customer_id <> ?',
        args: [customerId, stamp, id, customerId],
      },
    ];
    if (address !== '') {
      statements.push(
        {
          sql: `UPDATE crm_comms_log SET customer_id = ?, updated_at = ? WHERE customer_id = '' AND address = ?`,
          args: [customerId, stamp, address],
        },
        {
          sql: `INSERT INTO crm_comms_address_map (address, customer_id, assigned_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (address) DO UPDATE SET customer_id = excluded.customer_id,
                  assigned_by = excluded.assigned_by, updated_at = excluded.updated_at`,
          args: [address, customerId, assignedBy, stamp, stamp],
        },
      );
    }
    const results = await this.sql.batch(statements, 'write');
    return (results[0]?.rowsAffected ?? 0) + (address !== '' ? (results[1]?.rowsAffected ?? 0) : 0);
  }

  /**
   * Assigned e-mails whose parts are not on Nextcloud yet: they waited in the Inbox, where a
   * message has no folder. Of one customer, or of all (the sweep).
   */
  async assignedEmailsAwaitingFiles(customerId: string | undefined, limit: number): Promise<CommsEntry[]> {
    // The condition is the partial index's own (006_files_follow.ts), so SQLite uses it.
    const rs = await this.sql.execute({
      sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c
            WHERE c.type = 'email' AND json_extract(c.details, '$.attachments_pending') = 1
              AND ${customerId === undefined ? "c.customer_id <> ''" : 'c.customer_id = ?'}
            LIMIT ?`,
      args: customerId === undefined ? [limit] : [customerId, limit],
    });
    return rs.rows.map(toEntry);
  }

  /** The entry a channel logged under its own id (wamid, Message-ID key, PBX call id). */
  async findByExtId(type: CommsType, extMessageId: string): Promise<CommsEntry | null> {
    const rs = await this.sql.execute({
      sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE c.ext_message_id = ? AND c.type = ?`,
      args: [extMessageId, type],
    });
    return rs.rows[0] ? toEntry(rs.rows[0]) : null;
  }

  /**
   * Moves an entry's delivery status forward, never back (comms.delivery.ts), in one statement
   * so two statuses racing cannot undo each other. Whether the entry exists and whether it moved.
   */
  async advanceDeliveryStatus(
    type: CommsType,
    extMessageId: string,
    status: DeliveryStatus,
    error: DeliveryError | null,
    now: Date,
  ): Promise<{ found: boolean; moved: boolean }> {
    const rs = await this.sql.execute({
      sql: `UPDATE crm_comms_log SET delivery_status = ?, delivery_error = ?, updated_at = ?
            WHERE type = ? AND ext_message_id = ? AND ${deliveryRankSql('delivery_status')} < ${deliveryRankSql('?')}`,
      args: [status, error ? JSON.stringify(error) : null, now.toISOString(), type, extMessageId, status],
    });
    if (rs.rowsAffected > 0) return { found: true, moved: true };
    return { found: (await this.findByExtId(type, extMessageId)) !== null, moved: false };
  }

  /**
   * Merges `patch` into an entry's details (JSON merge patch: a null removes a key), atomically.
   * False when the entry does not exist.
   */
  async mergeDetails(id: string, patch: Record<string, unknown>, now: Date): Promise<boolean> {
    const rs = await this.sql.execute({
      sql: 'UPDATE crm_comms_log SET details = json_patch(details, ?), updated_at = ? WHERE id = ?',
      args: [JSON.stringify(patch), now.toISOString(), id],
    });
    return rs.rowsAffected > 0;
  }

  /** How many unassigned entries are not marked done: the Inbox's count. */
  async countOpenUnassigned(): Promise<number> {
    const rs = await this.sql.execute(`SELECT count(*) AS n FROM crm_comms_log c WHERE c.customer_id = '' AND ${NOT_DONE}`);
    return Number(rs.rows[0]?.n ?? 0);
  }

  /** Every entry of a thread moves to another (a parent arrived after its replies). How many moved. */
  async relinkThread(from: string, to: string, now: Date): Promise<number> {
    if (from === to) return 0;
    const rs = await this.sql.execute({
      sql: 'UPDATE crm_comms_log SET thread_id = ?, updated_at = ? WHERE thread_id = ?',
      args: [to, now.toISOString(), from],
    });
    return rs.rowsAffected;
  }

  /** A thread's entries, oldest first. */
  async threadEntries(threadId: string, limit: number): Promise<CommsEntry[]> {
    const rs = await this.sql.execute({
      sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE c.thread_id = ? ORDER BY c.rowid ASC LIMIT ?`,
      args: [threadId, limit],
    });
    return rs.rows.map(toEntry);
  }

  /** Opens, or closes (with who and when), one entry's follow-up. False when the entry does not exist. */
  async setFollowUp(id: string, state: FollowUpState, by: string | null, now: Date): Promise<boolean> {
    const closed = state === 'done';
    const rs = await this.sql.execute({
      sql: `UPDATE crm_comms_log SET follow_up = ?, follow_up_closed_at = ?, follow_up_closed_by = ?, updated_at = ? WHERE id = ?`,
      args: [state, closed ? now.toISOString() : null, closed ? by : null, now.toISOString(), id],
    });
    return rs.rowsAffected > 0;
  }

  /** Closes every open follow-up for `address` that happened before `before` (a call back). How many closed. */
  async closeFollowUpsFor(address: string, before: Date, by: string, now: Date): Promise<number> {
    if (address === '') return 0;
    const rs = await this.sql.execute({
      sql: `UPDATE crm_comms_log SET follow_up = 'done', follow_up_closed_at = ?, follow_up_closed_by = ?, updated_at = ?
            WHERE follow_up = 'open' AND address = ? AND occurred_at < ?`,
      args: [now.toISOString(), by, now.toISOString(), address, before.toISOString()],
    });
    return rs.rowsAffected;
  }

  /** Open follow-ups, newest first, optionally of one customer. */
  async openFollowUps(limit: number, after?: SeqCursor, customerId?: string): Promise<SequencedEntry[]> {
    const where = ["c.follow_up = 'open'"];
    const args: InValue[] = [];
    if (customerId !== undefined) {
      where.push('c.customer_id = ?');
      args.push(customerId);
    }
    if (after) {
      const bound = seqBefore(after);
      where.push(`c.rowid ${bound.sql} ?`);
      args.push(bound.value);
    }
    const rs = await this.sql.execute({
      sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE ${where.join(' AND ')} ORDER BY c.rowid DESC LIMIT ?`,
      args: [...args, limit],
    });
    return rs.rows.map((row) => ({ entry: toEntry(row), seq: Number(row.seq) }));
  }
}

/** A free seq for `at`, inside a write transaction (so nobody takes it meanwhile). */
async function freeSeq(tx: Transaction, at: Date): Promise<number> {
  for (let spill = 0; spill <= MAX_SPILL; spill++) {
    const base = seqBase(at) + spill * SEQ_SLOTS;
    const rs = await tx.execute({ sql: NEXT_SEQ, args: [base, base, base] });
    const seq = Number(rs.rows[0]!.seq);
    if (seq < base + SEQ_SLOTS) return seq;
  }
  throw new Error(`No free place in the comms log order near ${at.toISOString()}`);
}

/** The indexed text of an entry, to move with it. */
async function ftsRow(tx: Transaction, seq: number): Promise<{ subject: string; body: string }> {
  const rs = await tx.execute({ sql: 'SELECT subject, body FROM crm_comms_fts WHERE rowid = ?', args: [seq] });
  const row = rs.rows[0];
  return { subject: String(row?.subject ?? ''), body: String(row?.body ?? '') };
}

/** Another entry holds the seq (a full millisecond spilling into the next). */
function isSeqTaken(err: unknown): boolean {
  const e = err as { extendedCode?: string; message?: string };
  return e.extendedCode === 'SQLITE_CONSTRAINT_ROWID' || /UNIQUE constraint failed: crm_comms_log\.rowid/.test(e.message ?? '');
}

function toSqlValue(value: unknown): string | number | null {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return JSON.stringify(value);
  if (value === undefined || value === null) return null;
  return value as string | number;
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

function parseAttachments(value: unknown): Attachment[] {
  try {
    const parsed: unknown = JSON.parse(String(value ?? '[]'));
    return Array.isArray(parsed) ? (parsed as Attachment[]) : [];
  } catch {
    return [];
  }
}

function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  try {
    return JSON.parse(String(value)) as T;
  } catch {
    return fallback;
  }
}

function toEntry(row: Row): CommsEntry {
  return {
    id: String(row.id),
    customer_id: String(row.customer_id ?? ''),
    type: row.type as CommsType,
    direction: row.direction as CommsDirection,
    subject: row.subject === null ? null : String(row.subject),
    body: row.body === null ? null : String(row.body),
    attachments: parseAttachments(row.attachments),
    ext_message_id: nullableText(row.ext_message_id),
    address: nullableText(row.address),
    address_raw: nullableText(row.address_raw),
    logged_by: nullableText(row.logged_by),
    logged_by_uid: nullableText(row.logged_by_uid),
    occurred_at: new Date(String(row.occurred_at)),
    created_at: new Date(String(row.created_at)),
    updated_at: new Date(String(row.updated_at)),
    thread_id: nullableText(row.thread_id),
    delivery_status: (nullableText(row.delivery_status) as DeliveryStatus | null) ?? null,
    delivery_error: parseJson<DeliveryError | null>(row.delivery_error, null),
    disposition: (nullableText(row.disposition) as CallDisposition | null) ?? null,
    duration_seconds: row.duration_seconds === null || row.duration_seconds === undefined ? null : Number(row.duration_seconds),
    follow_up: (nullableText(row.follow_up) as FollowUpState | null) ?? null,
    follow_up_closed_at: row.follow_up_closed_at ? new Date(String(row.follow_up_closed_at)) : null,
    follow_up_closed_by: nullableText(row.follow_up_closed_by),
    details: parseJson<Record<string, unknown>>(row.details, {}),
  };
}
