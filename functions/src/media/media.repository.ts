import type { Client, InArgs, Row } from '@libsql/client';
import type { MediaCursor, MediaDirection, MediaRecord } from './media.schema.js';

/** The only code that reads or writes crm_media. */

export type MediaOwner = { customer_id: string } | { product_id: string };

const COLUMNS = [
  'id',
  'customer_id',
  'order_id',
  'product_id',
  'filename',
  'nextcloud_path',
  'mime_type',
  'direction',
  'tags',
  'size',
  'uploaded_by',
  'uploaded_by_uid',
  'created_at',
  'updated_at',
] as const;

export type MediaChanges = Partial<Pick<MediaRecord, 'filename' | 'nextcloud_path' | 'tags' | 'direction'>>;

export class MediaRepository {
  constructor(private readonly sql: Client) {}

  /** Inserts a record; a path already indexed (a concurrent listing got there first) is left as it is. */
  async insert(record: MediaRecord): Promise<MediaRecord> {
    const rs = await this.sql.execute({
      sql: `INSERT INTO crm_media (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
            ON CONFLICT (nextcloud_path) DO NOTHING RETURNING *`,
      args: COLUMNS.map((column) => toSql(record[column])),
    });
    if (rs.rows[0]) return toRecord(rs.rows[0]);
    return (await this.byPath(record.nextcloud_path))!;
  }

  async get(id: string): Promise<MediaRecord | null> {
    const rs = await this.sql.execute({ sql: 'SELECT * FROM crm_media WHERE id = ?', args: [id] });
    return rs.rows[0] ? toRecord(rs.rows[0]) : null;
  }

  /** The record of a file by its Nextcloud path (unique). */
  async byPath(path: string): Promise<MediaRecord | null> {
    const rs = await this.sql.execute({ sql: 'SELECT * FROM crm_media WHERE nextcloud_path = ?', args: [path] });
    return rs.rows[0] ? toRecord(rs.rows[0]) : null;
  }

  /** Newest first, strictly after `after`. */
  async list(owner: MediaOwner, limit: number, after?: MediaCursor): Promise<MediaRecord[]> {
    const [column, value] = ownerColumn(owner);
    const args: InArgs = [value];
    let keyset = '';
    if (after) {
      keyset = 'AND (created_at, id) < (?, ?)';
      args.push(after.at, after.id);
    }
    const rs = await this.sql.execute({
      sql: `SELECT * FROM crm_media WHERE ${column} = ? ${keyset} ORDER BY created_at DESC, id DESC LIMIT ?`,
      args: [...args, limit],
    });
    return rs.rows.map(toRecord);
  }

  /** Every indexed path of an owner, to spot files added on Nextcloud directly. */
  async paths(owner: MediaOwner): Promise<Set<string>> {
    const [column, value] = ownerColumn(owner);
    const rs = await this.sql.execute({ sql: `SELECT nextcloud_path FROM crm_media WHERE ${column} = ?`, args: [value] });
    return new Set(rs.rows.map((row) => String(row.nextcloud_path)));
  }

  async update(id: string, changes: MediaChanges, now: Date): Promise<MediaRecord | null> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    const sets = [...entries.map(([column]) => `${column} = ?`), 'updated_at = ?'];
    const rs = await this.sql.execute({
      sql: `UPDATE crm_media SET ${sets.join(', ')} WHERE id = ? RETURNING *`,
      args: [...entries.map(([, v]) => toSql(v)), now.toISOString(), id],
    });
    return rs.rows[0] ? toRecord(rs.rows[0]) : null;
  }

  async delete(id: string): Promise<void> {
    await this.sql.execute({ sql: 'DELETE FROM crm_media WHERE id = ?', args: [id] });
  }
}

function ownerColumn(owner: MediaOwner): ['customer_id' | 'product_id', string] {
  return 'customer_id' in owner ? ['customer_id', owner.customer_id] : ['product_id', owner.product_id];
}

function toSql(value: unknown): string | number | null {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return JSON.stringify(value);
  if (value === undefined || value === null) return null;
  return value as string | number;
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function tags(value: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(value ?? '[]'));
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function toRecord(row: Row): MediaRecord {
  return {
    id: String(row.id),
    customer_id: text(row.customer_id),
    order_id: text(row.order_id),
    product_id: text(row.product_id),
    filename: String(row.filename),
    nextcloud_path: String(row.nextcloud_path),
    mime_type: text(row.mime_type),
    direction: text(row.direction) as MediaDirection | null,
    tags: tags(row.tags),
    size: row.size === null || row.size === undefined ? null : Number(row.size),
    uploaded_by: text(row.uploaded_by),
    uploaded_by_uid: text(row.uploaded_by_uid),
    created_at: new Date(String(row.created_at)),
    updated_at: new Date(String(row.updated_at)),
  };
}
