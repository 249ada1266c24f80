import type { Client } from '@libsql/client';
import { seqBase } from './comms.seq.js';
import type { CommsType } from './comms.enums.js';

/**
 * The comms log's verbs for what waits on staff: customers' messages nobody answered and missed
 * calls nobody returned, and closing a call's follow-up when its task is done. Automatic tasks
 * and the home page use them; only comms/ touches the table.
 */

export interface AwaitingEntry {
  id: string;
  customer_id: string;
  type: CommsType;
  address: string;
  occurred_at: Date;
}

/** An outbound e-mail or WhatsApp message to the entry's customer after it: a reply. */
const REPLIED = `EXISTS (SELECT 1 FROM crm_comms_log r WHERE r.customer_id = c.customer_id AND r.direction = 'outbound'
                   AND r.type IN ('email', 'whatsapp') AND r.rowid > c.rowid)`;

const toAwaiting = (row: Record<string, unknown>): AwaitingEntry => ({
  id: String(row.id),
  customer_id: String(row.customer_id ?? ''),
  type: String(row.type) as CommsType,
  address: String(row.address ?? ''),
  occurred_at: new Date(String(row.occurred_at)),
});

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export class CommsAwaiting {
  constructor(private readonly sql: Client) {}

  /** Customers' inbound e-mails and WhatsApp messages since `since` that no reply followed, oldest first. */
  async unansweredSince(since: Date, limit: number): Promise<AwaitingEntry[]> {
    // rowid is the log's time order (comms.seq.ts), so the window is a range of the primary key.
    const rs = await this.sql.execute({
      sql: `SELECT c.id, c.customer_id, c.type, c.address, c.occurred_at FROM crm_comms_log c
            WHERE c.rowid >= ? AND c.direction = 'inbound' AND c.type IN ('email', 'whatsapp') AND c.customer_id <> ''
              AND NOT ${REPLIED}
            ORDER BY c.rowid ASC LIMIT ?`,
      args: [seqBase(since), limit],
    });
    return rs.rows.map((row) => toAwaiting(row as unknown as Record<string, unknown>));
  }

  /** Of these entry ids, those a reply followed or that are gone. */
  async answeredOrGone(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rs = await this.sql.execute({
      sql: `SELECT c.id FROM crm_comms_log c WHERE c.id IN (${placeholders(ids.length)}) AND c.customer_id <> '' AND NOT ${REPLIED}`,
      args: ids,
    });
    const waiting = new Set(rs.rows.map((row) => String(row.id)));
    return ids.filter((id) => !waiting.has(id));
  }

  /** Missed calls whose follow-up is open (not called back, not marked done), oldest first. */
  async openCallFollowUps(limit: number): Promise<AwaitingEntry[]> {
    const rs = await this.sql.execute({
      sql: `SELECT c.id, c.customer_id, c.type, c.address, c.occurred_at FROM crm_comms_log c
            WHERE c.follow_up = 'open' ORDER BY c.rowid ASC LIMIT ?`,
      args: [limit],
    });
    return rs.rows.map((row) => toAwaiting(row as unknown as Record<string, unknown>));
  }

  /** Of these entry ids, those whose follow-up is closed (called back, marked done) or that are gone. */
  async followUpsClosedOrGone(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rs = await this.sql.execute({
      sql: `SELECT c.id FROM crm_comms_log c WHERE c.id IN (${placeholders(ids.length)}) AND c.follow_up = 'open'`,
      args: ids,
    });
    const open = new Set(rs.rows.map((row) => String(row.id)));
    return ids.filter((id) => !open.has(id));
  }

  /** Closes an entry's follow-up if it is still open (its task was completed by hand). */
  async closeOpenFollowUp(id: string, by: string, now: Date): Promise<void> {
    await this.sql.execute({
      sql: `UPDATE crm_comms_log SET follow_up = 'done', follow_up_closed_at = ?, follow_up_closed_by = ?, updated_at = ?
            WHERE id = ? AND follow_up = 'open'`,
      args: [now.toISOString(), by, now.toISOString(), id],
    });
  }
}
