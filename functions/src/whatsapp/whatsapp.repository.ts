import type { Client, Row } from '@libsql/client';
import type { GraphTemplate } from './whatsapp.graph.js';

/** The only code that reads or writes whatsapp_pending, whatsapp_media and whatsapp_templates (migration 004). */

export type PendingKind = 'status' | 'reaction';

export interface PendingItem {
  wamid: string;
  kind: PendingKind;
  /** The status name, or the reacting number: one row per status and per reactor. */
  key: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

export type MediaState = 'pending' | 'downloading' | 'stored' | 'failed' | 'abandoned';

export interface MediaJob {
  wamid: string;
  entry_id: string;
  media_id: string;
  mime_type: string | null;
  filename: string;
  state: MediaState;
  attempts: number;
  crm_media_id: string | null;
}

/** Stored media of a message that sits in the Unassigned folder. */
export interface UnownedMedia {
  wamid: string;
  entry_id: string;
  crm_media_id: string;
  /** Its index row's, as stored: the order pages are read in. */
  created_at: string;
}

/** A download claimed this long ago by a run that never finished it is taken over. */
const STALE_CLAIM_MS = 5 * 60_000;

export class WhatsAppRepository {
  constructor(private readonly sql: Client) {}

  /**
   * Keeps what arrived before its message. A reaction replaces the same reactor's older one
   * (the newest by Meta's time wins); a status row is kept once per status.
   */
  async addPending(item: PendingItem, now: Date): Promise<void> {
    await this.sql.execute({
      sql: `INSERT INTO whatsapp_pending (wamid, kind, key, payload, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (wamid, kind, key) DO UPDATE SET payload = excluded.payload, occurred_at = excluded.occurred_at
            WHERE excluded.occurred_at >= whatsapp_pending.occurred_at`,
      args: [item.wamid, item.kind, item.key, JSON.stringify(item.payload), item.occurred_at.toISOString(), now.toISOString()],
    });
  }

  async pendingFor(wamid: string): Promise<PendingItem[]> {
    const rs = await this.sql.execute({
      sql: 'SELECT * FROM whatsapp_pending WHERE wamid = ? ORDER BY occurred_at ASC',
      args: [wamid],
    });
    return rs.rows.map(toPending);
  }

  /** Removes an applied item, unless a newer one replaced it meanwhile. */
  async removePending(item: PendingItem): Promise<void> {
    await this.sql.execute({
      sql: 'DELETE FROM whatsapp_pending WHERE wamid = ? AND kind = ? AND key = ? AND occurred_at = ?',
      args: [item.wamid, item.kind, item.key, item.occurred_at.toISOString()],
    });
  }

  /** Queues an inbound media message's download once; a second delivery leaves the row as it is. */
  async queueMedia(job: Omit<MediaJob, 'state' | 'attempts' | 'crm_media_id'>, now: Date): Promise<MediaJob> {
    await this.sql.execute({
      sql: `INSERT INTO whatsapp_media (wamid, entry_id, media_id, mime_type, filename, state, attempts, updated_at)
            VALUES (?, ?, ?, ?, ?, 'pending', 0, ?) ON CONFLICT (wamid) DO NOTHING`,
      args: [job.wamid, job.entry_id, job.media_id, job.mime_type, job.filename, now.toISOString()],
    });
    const rs = await this.sql.execute({ sql: 'SELECT * FROM whatsapp_media WHERE wamid = ?', args: [job.wamid] });
    return toJob(rs.rows[0]!);
  }

  /**
   * Takes the download for this run: only one run downloads a message's media at a time.
   * False when it is stored, abandoned or being downloaded by another run.
   */
  async claimMedia(wamid: string, now: Date): Promise<boolean> {
    const rs = await this.sql.execute({
      sql: `UPDATE whatsapp_media SET state = 'downloading', claimed_at = ?, attempts = attempts + 1, updated_at = ?
            WHERE wamid = ? AND (state IN ('pending', 'failed') OR (state = 'downloading' AND claimed_at < ?))`,
      args: [now.toISOString(), now.toISOString(), wamid, new Date(now.getTime() - STALE_CLAIM_MS).toISOString()],
    });
    return rs.rowsAffected > 0;
  }

  async mediaStored(wamid: string, crmMediaId: string, now: Date): Promise<void> {
    await this.sql.execute({
      sql: `UPDATE whatsapp_media SET state = 'stored', crm_media_id = ?, last_error = NULL, updated_at = ? WHERE wamid = ?`,
      args: [crmMediaId, now.toISOString(), wamid],
    });
  }

  /**
   * Media stored while its number belonged to no customer (indexed with no owner), oldest
   * first, a page after `after`: what may have to move once its message is assigned.
   */
  async unownedMedia(after: UnownedMedia | null, limit: number): Promise<UnownedMedia[]> {
    // CROSS JOIN keeps this order: from the few unowned files (a partial index), not from every media message.
    const rs = await this.sql.execute({
      sql: `SELECT w.wamid, w.entry_id, w.crm_media_id, m.created_at
            FROM crm_media m
            CROSS JOIN whatsapp_media w ON w.crm_media_id = m.id
            WHERE m.customer_id IS NULL AND m.product_id IS NULL AND w.crm_media_id IS NOT NULL
              ${after ? 'AND (m.created_at, m.id) > (?, ?)' : ''}
            ORDER BY m.created_at, m.id LIMIT ?`,
      args: after ? [after.created_at, after.crm_media_id, limit] : [limit],
    });
    return rs.rows.map((row) => ({
      wamid: String(row.wamid),
      entry_id: String(row.entry_id),
      crm_media_id: String(row.crm_media_id),
      created_at: String(row.created_at),
    }));
  }

  /** A failed download: retried by the next run unless `abandon` (Meta keeps media for 30 days). */
  async mediaFailed(wamid: string, error: string, abandon: boolean, now: Date): Promise<void> {
    await this.sql.execute({
      sql: `UPDATE whatsapp_media SET state = ?, last_error = ?, updated_at = ? WHERE wamid = ?`,
      args: [abandon ? 'abandoned' : 'failed', error.slice(0, 1_000), now.toISOString(), wamid],
    });
  }

  async cachedTemplates(businessAccountId: string): Promise<{ templates: GraphTemplate[]; fetched_at: Date } | null> {
    const rs = await this.sql.execute({
      sql: 'SELECT templates, fetched_at FROM whatsapp_templates WHERE business_account_id = ?',
      args: [businessAccountId],
    });
    const row = rs.rows[0];
    if (!row) return null;
    return { templates: JSON.parse(String(row.templates)) as GraphTemplate[], fetched_at: new Date(String(row.fetched_at)) };
  }

  async saveTemplates(businessAccountId: string, templates: GraphTemplate[], now: Date): Promise<void> {
    await this.sql.execute({
      sql: `INSERT INTO whatsapp_templates (business_account_id, templates, fetched_at) VALUES (?, ?, ?)
            ON CONFLICT (business_account_id) DO UPDATE SET templates = excluded.templates, fetched_at = excluded.fetched_at`,
      args: [businessAccountId, JSON.stringify(templates), now.toISOString()],
    });
  }
}

function toPending(row: Row): PendingItem {
  return {
    wamid: String(row.wamid),
    kind: String(row.kind) as PendingKind,
    key: String(row.key),
    payload: JSON.parse(String(row.payload)) as Record<string, unknown>,
    occurred_at: new Date(String(row.occurred_at)),
  };
}

function toJob(row: Row): MediaJob {
  return {
    wamid: String(row.wamid),
    entry_id: String(row.entry_id),
    media_id: String(row.media_id),
    mime_type: row.mime_type === null ? null : String(row.mime_type),
    filename: String(row.filename),
    state: String(row.state) as MediaState,
    attempts: Number(row.attempts),
    crm_media_id: row.crm_media_id === null ? null : String(row.crm_media_id),
  };
}
