/** The only code that touches `crm_imports`. */
import type { Client, Row } from '@libsql/client';
import type { ImportKind, ImportState, MatchChoice } from './import.enums.js';

/** A document the run wrote: what it was before (null: created) and what the run left. */
export interface Written {
  path: string;
  before: unknown;
  after: unknown;
}

export interface StoredImport {
  id: string;
  kind: ImportKind;
  state: ImportState;
  file_name: string;
  encoding: string;
  headers: string[];
  rows: string[][];
  /** Header → one of the kind's fields (import.fields.ts, import.product-fields.ts), or null. */
  mapping: Record<string, string | null>;
  choices: Record<string, MatchChoice>;
  written: Written[] | null;
  not_undone: { id: string; reason: string }[];
  created_at: Date;
  created_by_uid: string;
}

function fromRow(row: Row): StoredImport {
  return {
    id: String(row.id),
    kind: String(row.kind) as ImportKind,
    state: String(row.state) as ImportState,
    file_name: String(row.file_name),
    encoding: String(row.encoding),
    headers: JSON.parse(String(row.headers)) as string[],
    rows: JSON.parse(String(row.rows)) as string[][],
    mapping: JSON.parse(String(row.mapping)) as StoredImport['mapping'],
    choices: JSON.parse(String(row.choices)) as StoredImport['choices'],
    written: row.written === null ? null : (JSON.parse(String(row.written)) as Written[]),
    not_undone: row.undo_report === null ? [] : (JSON.parse(String(row.undo_report)) as StoredImport['not_undone']),
    created_at: new Date(String(row.created_at)),
    created_by_uid: String(row.created_by_uid),
  };
}

export class ImportRepository {
  constructor(private readonly sql: Client) {}

  async insert(item: StoredImport): Promise<void> {
    await this.sql.execute({
      sql: `INSERT INTO crm_imports (id, kind, state, file_name, encoding, headers, rows, mapping, choices, created_at, created_by_uid, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [item.id, item.kind, item.state, item.file_name, item.encoding, JSON.stringify(item.headers), JSON.stringify(item.rows), JSON.stringify(item.mapping), JSON.stringify(item.choices), item.created_at.toISOString(), item.created_by_uid, item.created_at.toISOString()],
    });
  }

  async get(id: string): Promise<StoredImport | null> {
    const rs = await this.sql.execute({ sql: 'SELECT * FROM crm_imports WHERE id = ?', args: [id] });
    return rs.rows[0] ? fromRow(rs.rows[0]) : null;
  }

  async saveMapping(id: string, mapping: StoredImport['mapping'], choices: StoredImport['choices'], now: Date): Promise<void> {
    await this.sql.execute({
      sql: "UPDATE crm_imports SET mapping = ?, choices = ?, updated_at = ? WHERE id = ? AND state = 'ready'",
      args: [JSON.stringify(mapping), JSON.stringify(choices), now.toISOString(), id],
    });
  }

  async markImported(id: string, written: Written[], now: Date): Promise<void> {
    await this.sql.execute({
      sql: "UPDATE crm_imports SET state = 'imported', written = ?, updated_at = ? WHERE id = ?",
      args: [JSON.stringify(written), now.toISOString(), id],
    });
  }

  async markUndone(id: string, notUndone: StoredImport['not_undone'], now: Date): Promise<void> {
    await this.sql.execute({
      sql: "UPDATE crm_imports SET state = 'undone', undo_report = ?, updated_at = ? WHERE id = ?",
      args: [JSON.stringify(notUndone), now.toISOString(), id],
    });
  }
}

/** Takes the import from `from` to `to` if it is still in `from`; false when another request got there first. */
export async function claimState(sql: Client, id: string, from: ImportState, to: ImportState, now: Date): Promise<boolean> {
  const rs = await sql.execute({ sql: 'UPDATE crm_imports SET state = ?, updated_at = ? WHERE id = ? AND state = ?', args: [to, now.toISOString(), id, from] });
  return rs.rowsAffected === 1;
}
