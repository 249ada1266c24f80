import type { Client, InArgs, InStatement, InValue } from '@libsql/client';
import { NOT_DONE, SELECT_COLUMNS, toEntry, type SequencedEntry } from './comms.rows.js';
import type { CommsDirection, CommsEntry, CommsType } from './comms.schema.js';
import { seqBase, seqBefore, type SeqCursor } from './comms.seq.js';

/** The comms log's reads (crm_comms_log, crm_comms_fts, crm_comms_address_map); comms.writes.ts writes. */

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

/**
 * Up to this many entries in range, a customer's search reads them all (about 10 µs each,
 * comms.bench.ts) rather than every entry matching the words: a common word matches a good
 * part of the log.
 */
const SCAN_CUSTOMER_MAX = 2_000;
/** A details key a query may name: a plain identifier, so it can be part of a JSON path. */
const DETAIL_KEY = /^[a-z_][a-z0-9_]*$/;

export class CommsQueries {
  constructor(private readonly sql: Client) {}

  async get(id: string): Promise<CommsEntry | null> {
    const rs = await this.sql.execute({ sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE c.id = ?`, args: [id] });
    return rs.rows[0] ? toEntry(rs.rows[0]) : null;
  }

  /** The entry a channel logged under its own id (wamid, Message-ID key, PBX call id). */
  async findByExtId(type: CommsType, extMessageId: string): Promise<CommsEntry | null> {
    const rs = await this.sql.execute({
      sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE c.ext_message_id = ? AND c.type = ?`,
      args: [extMessageId, type],
    });
    return rs.rows[0] ? toEntry(rs.rows[0]) : null;
  }

  /** The customer staff assigned this address to, if any. */
  async mappedCustomer(address: string): Promise<string | null> {
    if (address === '') return null;
    const rs = await this.sql.execute({ sql: 'SELECT customer_id FROM crm_comms_address_map WHERE address = ?', args: [address] });
    return rs.rows[0] ? String(rs.rows[0].customer_id) : null;
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

  /** How many unassigned entries are not marked done: the Inbox's count. */
  async countOpenUnassigned(): Promise<number> {
    const rs = await this.sql.execute(`SELECT count(*) AS n FROM crm_comms_log c WHERE c.customer_id = '' AND ${NOT_DONE}`);
    return Number(rs.rows[0]?.n ?? 0);
  }

  /** How many entries a customer has. */
  async countOfCustomer(customerId: string): Promise<number> {
    const rs = await this.sql.execute({ sql: 'SELECT count(*) AS n FROM crm_comms_log WHERE customer_id = ?', args: [customerId] });
    return Number(rs.rows[0]?.n ?? 0);
  }

  /** The customer of each of these entries that has one (assigned, or logged to a customer). */
  async customersOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rs = await this.sql.execute({
      sql: `SELECT id, customer_id FROM crm_comms_log WHERE customer_id <> '' AND id IN (${ids.map(() => '?').join(', ')})`,
      args: ids,
    });
    return new Map(rs.rows.map((row) => [String(row.id), String(row.customer_id)]));
  }

  /** A thread's entries, oldest first. */
  async threadEntries(threadId: string, limit: number): Promise<CommsEntry[]> {
    const rs = await this.sql.execute({
      sql: `SELECT ${SELECT_COLUMNS} FROM crm_comms_log c WHERE c.thread_id = ? ORDER BY c.rowid ASC LIMIT ?`,
      args: [threadId, limit],
    });
    return rs.rows.map(toEntry);
  }

  /** The thread of the latest entry of `type` with `address` whose `details[key]` is `value`. */
  async latestThreadWith(type: CommsType, address: string, key: string, value: string): Promise<string | null> {
    if (!DETAIL_KEY.test(key)) throw new Error(`Not a details key: ${key}`);
    const rs = await this.sql.execute({
      sql: `SELECT thread_id FROM crm_comms_log
            WHERE type = ? AND address = ? AND thread_id IS NOT NULL AND json_extract(details, '$.${key}') = ?
            ORDER BY rowid DESC LIMIT 1`,
      args: [type, address, value],
    });
    const row = rs.rows[0];
    return row ? String(row.thread_id) : null;
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
}
