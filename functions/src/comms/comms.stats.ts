import type { Client } from '@libsql/client';
import { seqBase } from './comms.seq.js';

/** How many calls, e-mails and WhatsApp messages an hour held, per direction and staff member. */
export interface CommsHourCount {
  /** The hour's start, UTC. */
  hour: Date;
  type: string;
  direction: string;
  user_uid: string;
  user: string;
  count: number;
}

/**
 * Counts of the comms log between two instants, by UTC hour (so a reader can place each hour
 * in its own time zone's day and week), channel, direction and who logged it. Only comms/ reads
 * the table.
 */
export async function commsHourCounts(sql: Client, from: Date, to: Date): Promise<CommsHourCount[]> {
  const rs = await sql.execute({
    sql: `SELECT substr(c.occurred_at, 1, 13) AS hour, c.type, c.direction, coalesce(c.logged_by_uid, '') AS uid,
                 coalesce(max(c.logged_by), '') AS name, count(*) AS n
          FROM crm_comms_log c
          WHERE c.rowid >= ? AND c.rowid < ? AND c.type IN ('call', 'email', 'whatsapp')
          GROUP BY hour, c.type, c.direction, uid`,
    args: [seqBase(from), seqBase(to)],
  });
  return rs.rows.map((row) => ({
    hour: new Date(`${String(row.hour)}:00:00.000Z`),
    type: String(row.type),
    direction: String(row.direction),
    user_uid: String(row.uid),
    user: String(row.name),
    count: Number(row.n),
  }));
}
