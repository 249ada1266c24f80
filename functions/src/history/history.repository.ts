/** The only code that reads `crm_history` and its settings (written by history.record.ts). */
import type { Client, InValue, Row } from '@libsql/client';
import { parseStoredJson } from '../store/values.js';
import { textsOf, type StoredChange } from './history.diff.js';
import type { ActorKind, HistoryAction } from './history.enums.js';
import type { HistoryEntry, HistoryListQuery, HistorySettings } from './history.schema.js';

export interface StoredEntry extends HistoryEntry {
  /** The document's store path (`crm_customers/<id>`), which `doc` names for the wire. */
  path: string;
}

/** A stored change as the wire has it: a long text's diff gives back both texts. */
function wireChange(change: StoredChange): HistoryEntry['changes'][number] {
  if ('diff' in change) return { field: change.field, ...textsOf(change.diff), diff: change.diff };
  return change;
}

function entryOf(row: Row): StoredEntry {
  const changes = JSON.parse(String(row.changes)) as StoredChange[];
  return {
    id: String(row.seq),
    doc: String(row.doc),
    path: String(row.path),
    at: new Date(String(row.at)),
    actor: {
      kind: String(row.actor_kind) as ActorKind,
      uid: row.actor_uid === null ? null : String(row.actor_uid),
      name: row.actor_name === null ? null : String(row.actor_name),
    },
    action: String(row.action) as HistoryAction,
    changes: changes.map(wireChange),
    reason: row.reason === null ? null : String(row.reason),
  };
}

const COLUMNS = 'seq, doc, path, at, actor_kind, actor_uid, actor_name, action, changes, reason';

export class HistoryRepository {
  constructor(private readonly sql: Client) {}

  /** Newest first; each filter narrows through an index (doc, actor, kind) before the rest. */
  async list(query: HistoryListQuery): Promise<{ entries: StoredEntry[]; last: number | null; more: boolean }> {
    const where: string[] = [];
    const args: InValue[] = [];
    if (query.doc) {
      where.push('doc = ?');
      args.push(query.doc);
    }
    if (query.user) {
      where.push('actor_uid = ?');
      args.push(query.user);
    }
    if (query.kind) {
      where.push('kind = ?');
      args.push(query.kind);
    }
    if (query.from) {
      where.push('at >= ?');
      args.push(query.from.toISOString());
    }
    if (query.to) {
      where.push('at < ?');
      args.push(query.to.toISOString());
    }
    if (query.cursor !== undefined) {
      where.push('seq < ?');
      args.push(query.cursor);
    }
    const rs = await this.sql.execute({
      sql: `SELECT ${COLUMNS} FROM crm_history ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`,
      args: [...args, query.limit + 1],
    });
    const rows = rs.rows.slice(0, query.limit);
    return {
      entries: rows.map(entryOf),
      last: rows.length ? Number(rows[rows.length - 1]!.seq) : null,
      more: rs.rows.length > query.limit,
    };
  }

  async get(id: string): Promise<StoredEntry | null> {
    const rs = await this.sql.execute({ sql: `SELECT ${COLUMNS} FROM crm_history WHERE seq = ?`, args: [Number(id)] });
    return rs.rows[0] ? entryOf(rs.rows[0]) : null;
  }

  async settings(): Promise<HistorySettings> {
    const rs = await this.sql.execute('SELECT retention_days FROM crm_history_settings WHERE id = 1');
    const days = rs.rows[0]?.retention_days;
    return { retention_days: days === undefined || days === null ? null : Number(days) };
  }

  async saveSettings(settings: HistorySettings, uid: string, now: Date): Promise<void> {
    await this.sql.execute({
      sql: `INSERT INTO crm_history_settings (id, retention_days, updated_at, updated_by_uid) VALUES (1, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET retention_days = excluded.retention_days, updated_at = excluded.updated_at,
            updated_by_uid = excluded.updated_by_uid`,
      args: [settings.retention_days, now.toISOString(), uid],
    });
  }

  /** Removes entries older than the retention period, if one is set; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    const { retention_days: days } = await this.settings();
    if (days === null) return 0;
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    const rs = await this.sql.execute({ sql: 'DELETE FROM crm_history WHERE at < ?', args: [cutoff] });
    return rs.rowsAffected;
  }
}

/** A stored JSON value with its ISO date-times as Dates, as the store holds them. */
export function revived(value: unknown): unknown {
  return value === undefined ? null : parseStoredJson(JSON.stringify(value));
}
