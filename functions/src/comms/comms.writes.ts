import type { Client, InArgs, InStatement, Transaction } from '@libsql/client';
import { deliveryRankSql } from './comms.delivery.js';
import { INSERT_COLUMNS, SELECT_COLUMNS, toEntry, toSqlValue, type CommsRowChanges, type NewCommsRow } from './comms.rows.js';
import type { Attachment, CommsEntry, CommsType, DeliveryError, DeliveryStatus, FollowUpState } from './comms.schema.js';
import { SEQ_SLOTS, seqBase } from './comms.seq.js';
import { freeSeq, isSeqTaken, MAX_SPILL, NEXT_SEQ } from './comms.slots.js';

/** The comms log's writes (crm_comms_log, crm_comms_fts, crm_comms_address_map); comms.queries.ts reads. */

export class CommsWrites {
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

  /** Every entry of a customer, their full-text rows and the addresses assigned to it, in one write. How many entries. */
  async purgeCustomer(customerId: string): Promise<number> {
    const [, deleted] = await this.sql.batch(
      [
        { sql: 'DELETE FROM crm_comms_fts WHERE rowid IN (SELECT rowid FROM crm_comms_log WHERE customer_id = ?)', args: [customerId] },
        { sql: 'DELETE FROM crm_comms_log WHERE customer_id = ?', args: [customerId] },
        { sql: 'DELETE FROM crm_comms_address_map WHERE customer_id = ?', args: [customerId] },
      ],
      'write',
    );
    return deleted?.rowsAffected ?? 0;
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
    const found = await this.sql.execute({ sql: 'SELECT 1 FROM crm_comms_log WHERE ext_message_id = ? AND type = ?', args: [extMessageId, type] });
    return { found: found.rows.length > 0, moved: false };
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

  /** Sets an entry's files and merges what the channel records of them into its details, in one statement. */
  async attachFiles(id: string, attachments: Attachment[], detailsPatch: Record<string, unknown>, now: Date): Promise<boolean> {
    const rs = await this.sql.execute({
      sql: 'UPDATE crm_comms_log SET attachments = ?, details = json_patch(details, ?), updated_at = ? WHERE id = ?',
      args: [JSON.stringify(attachments), JSON.stringify(detailsPatch), now.toISOString(), id],
    });
    return rs.rowsAffected > 0;
  }

  /** Every entry of a thread moves to another (a parent arrived after its replies). How many moved. */
  async relinkThreads(from: string[], to: string, now: Date): Promise<number> {
    const moving = [...new Set(from)].filter((id) => id !== to);
    if (moving.length === 0) return 0;
    const rs = await this.sql.execute({
      sql: `UPDATE crm_comms_log SET thread_id = ?, updated_at = ? WHERE thread_id IN (${moving.map(() => '?').join(', ')})`,
      args: [to, now.toISOString(), ...moving],
    });
    return rs.rowsAffected;
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
}

/** The indexed text of an entry, to move with it. */
async function ftsRow(tx: Transaction, seq: number): Promise<{ subject: string; body: string }> {
  const rs = await tx.execute({ sql: 'SELECT subject, body FROM crm_comms_fts WHERE rowid = ?', args: [seq] });
  const row = rs.rows[0];
  return { subject: String(row?.subject ?? ''), body: String(row?.body ?? '') };
}
