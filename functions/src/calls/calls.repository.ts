import type { Client, Row } from '@libsql/client';
import type { BridgeStatus, OriginateRequest } from './calls.schema.js';

/** The calls' own tables (migration 005); the call entries themselves live in the comms log. */

export interface BridgeCheckin extends BridgeStatus {
  seen_at: string;
}

export interface StaffExtension {
  uid: string;
  extension: string;
  name: string | null;
}

/** A click-to-call request older than this is not worth ringing anyone for. */
export const ORIGINATE_TTL_MS = 60_000;

/**
 * A bridge polls every second or two: its check-in is written when something in it changed or
 * the stored one is older than this, so Turso sees a write a minute, not one per poll. Far below
 * the health probe's staleness (health.probes.ts, BRIDGE_STALE_MS).
 */
export const CHECKIN_REFRESH_MS = 60_000;

export class CallsRepository {
  constructor(private readonly sql: Client) {}

  async checkin(status: BridgeStatus, now: Date): Promise<void> {
    await this.sql.execute({
      sql: `INSERT INTO call_bridge_checkins (pbx, seen_at, connected, last_event_at, outbox_depth) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (pbx) DO UPDATE SET seen_at = excluded.seen_at, connected = excluded.connected,
              last_event_at = coalesce(excluded.last_event_at, call_bridge_checkins.last_event_at), outbox_depth = excluded.outbox_depth
            WHERE call_bridge_checkins.seen_at < ? OR call_bridge_checkins.connected IS NOT excluded.connected
              OR call_bridge_checkins.outbox_depth IS NOT excluded.outbox_depth
              OR coalesce(excluded.last_event_at, call_bridge_checkins.last_event_at) IS NOT call_bridge_checkins.last_event_at`,
      args: [status.pbx, now.toISOString(), status.connected ? 1 : 0, status.last_event_at, status.outbox_depth, new Date(now.getTime() - CHECKIN_REFRESH_MS).toISOString()],
    });
  }

  async checkins(): Promise<BridgeCheckin[]> {
    const rs = await this.sql.execute('SELECT * FROM call_bridge_checkins ORDER BY pbx');
    return rs.rows.map((row) => ({
      pbx: String(row.pbx),
      seen_at: String(row.seen_at),
      connected: Number(row.connected) === 1,
      last_event_at: row.last_event_at === null ? null : String(row.last_event_at),
      outbox_depth: Number(row.outbox_depth),
    }));
  }

  async extensionOf(uid: string): Promise<string | null> {
    const rs = await this.sql.execute({ sql: 'SELECT extension FROM staff_extensions WHERE uid = ?', args: [uid] });
    return rs.rows[0] ? String(rs.rows[0].extension) : null;
  }

  /** Sets (or with null removes) a user's extension; false when another user has that extension. */
  async setExtension(uid: string, extension: string | null, name: string | null, now: Date): Promise<boolean> {
    if (extension === null) {
      await this.sql.execute({ sql: 'DELETE FROM staff_extensions WHERE uid = ?', args: [uid] });
      return true;
    }
    const rs = await this.sql.execute({
      sql: `INSERT INTO staff_extensions (uid, extension, name, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (uid) DO UPDATE SET extension = excluded.extension, name = excluded.name, updated_at = excluded.updated_at
            ON CONFLICT DO NOTHING`,
      args: [uid, extension, name, now.toISOString()],
    });
    return rs.rowsAffected > 0;
  }

  /** Staff by extension, for naming who talked on a call. */
  async staffByExtensions(extensions: string[]): Promise<Map<string, StaffExtension>> {
    if (extensions.length === 0) return new Map();
    const rs = await this.sql.execute({
      sql: `SELECT uid, extension, name FROM staff_extensions WHERE extension IN (${extensions.map(() => '?').join(', ')})`,
      args: extensions,
    });
    return new Map(rs.rows.map((row) => [String(row.extension), { uid: String(row.uid), extension: String(row.extension), name: row.name === null ? null : String(row.name) }]));
  }

  async queueOriginate(request: OriginateRequest & { customer_id: string; requested_by_uid: string }): Promise<void> {
    await this.sql.execute({
      sql: `INSERT INTO call_originate_requests (id, extension, number, caller_id, customer_id, requested_by_uid, requested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [request.id, request.extension, request.number, request.caller_id, request.customer_id, request.requested_by_uid, request.requested_at],
    });
  }

  /**
   * Hands out the queued requests (each once), oldest first; requests left too long are
   * expired instead, so a bridge that was down does not ring phones for old clicks.
   */
  async takeOriginates(now: Date, limit = 10): Promise<OriginateRequest[]> {
    const oldest = new Date(now.getTime() - ORIGINATE_TTL_MS).toISOString();
    const tx = await this.sql.transaction('write');
    try {
      await tx.execute({ sql: "UPDATE call_originate_requests SET state = 'expired' WHERE state = 'queued' AND requested_at < ?", args: [oldest] });
      const rs = await tx.execute({
        sql: `UPDATE call_originate_requests SET state = 'sent', sent_at = ?
              WHERE id IN (SELECT id FROM call_originate_requests WHERE state = 'queued' ORDER BY requested_at LIMIT ?)
              RETURNING id, extension, number, caller_id, requested_at`,
        args: [now.toISOString(), limit],
      });
      await tx.commit();
      return rs.rows.map(toOriginate).sort((a, b) => a.requested_at.localeCompare(b.requested_at));
    } finally {
      tx.close();
    }
  }

  async hasQueuedOriginates(): Promise<boolean> {
    const rs = await this.sql.execute("SELECT 1 FROM call_originate_requests WHERE state = 'queued' LIMIT 1");
    return rs.rows.length > 0;
  }

  async originateResult(id: string, ok: boolean, message: string | undefined): Promise<void> {
    await this.sql.execute({
      sql: "UPDATE call_originate_requests SET state = ?, result = ? WHERE id = ? AND state = 'sent'",
      args: [ok ? 'done' : 'failed', message ?? null, id],
    });
  }

  async originate(id: string): Promise<{ state: string; result: string | null } | null> {
    const rs = await this.sql.execute({ sql: 'SELECT state, result FROM call_originate_requests WHERE id = ?', args: [id] });
    const row = rs.rows[0];
    return row ? { state: String(row.state), result: row.result === null ? null : String(row.result) } : null;
  }
}

function toOriginate(row: Row): OriginateRequest {
  return {
    id: String(row.id),
    extension: String(row.extension),
    number: String(row.number),
    caller_id: String(row.caller_id),
    requested_at: String(row.requested_at),
  };
}
