/** The only code that touches `crm_imports` and `crm_import_chunks`. */
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
  /** A run in chunks: how many it has and how many committed (null before a run). */
  chunks_total: number | null;
  chunks_done: number | null;
  /** Why the run failed (and was rolled back). */
  failure: string | null;
  created_at: Date;
  created_by_uid: string;
  /** The last change of state or progress: a `running` import silent for long is a run that died. */
  updated_at: Date;
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
    chunks_total: row.chunks_total === null ? null : Number(row.chunks_total),
    chunks_done: row.chunks_done === null ? null : Number(row.chunks_done),
    failure: row.failure === null ? null : String(row.failure),
    created_at: new Date(String(row.created_at)),
    created_by_uid: String(row.created_by_uid),
    updated_at: new Date(String(row.updated_at)),
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

  /** The import; what a run wrote is its chunks' in order (an import run before chunks kept it in `written`). */
  async get(id: string): Promise<StoredImport | null> {
    const rs = await this.sql.execute({ sql: 'SELECT * FROM crm_imports WHERE id = ?', args: [id] });
    if (!rs.rows[0]) return null;
    const item = fromRow(rs.rows[0]);
    if (item.written !== null || item.chunks_total === null) return item;
    const chunks = await this.sql.execute({ sql: 'SELECT written FROM crm_import_chunks WHERE import_id = ? ORDER BY seq', args: [id] });
    return { ...item, written: chunks.rows.flatMap((row) => JSON.parse(String(row.written)) as Written[]) };
  }

  async saveMapping(id: string, mapping: StoredImport['mapping'], choices: StoredImport['choices'], now: Date): Promise<void> {
    await this.sql.execute({
      sql: "UPDATE crm_imports SET mapping = ?, choices = ?, updated_at = ? WHERE id = ? AND state = 'ready'",
      args: [JSON.stringify(mapping), JSON.stringify(choices), now.toISOString(), id],
    });
  }

  /** A run starts (the import already claimed `running`): nothing written yet, `total` chunks to go. */
  async startRun(id: string, total: number, now: Date): Promise<void> {
    await this.sql.batch(
      [
        { sql: 'DELETE FROM crm_import_chunks WHERE import_id = ?', args: [id] },
        { sql: 'UPDATE crm_imports SET written = NULL, chunks_total = ?, chunks_done = 0, updated_at = ? WHERE id = ?', args: [total, now.toISOString(), id] },
      ],
      'write',
    );
  }

  /** A run that failed before committing anything: the import is ready again, as if it never ran. */
  async abandonRun(id: string, now: Date): Promise<void> {
    await this.sql.batch(
      [
        { sql: 'DELETE FROM crm_import_chunks WHERE import_id = ?', args: [id] },
        { sql: "UPDATE crm_imports SET state = 'ready', chunks_total = NULL, chunks_done = NULL, updated_at = ? WHERE id = ? AND state = 'running'", args: [now.toISOString(), id] },
      ],
      'write',
    );
  }

  /**
   * After each committed chunk: what it wrote (a row of its own, so a long run writes each
   * chunk once) and how many chunks have committed. Only while the import is `running`.
   */
  async recordChunk(id: string, seq: number, written: Written[], now: Date): Promise<void> {
    const [, update] = await this.sql.batch(
      [
        {
          sql: "INSERT INTO crm_import_chunks (import_id, seq, written) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM crm_imports WHERE id = ? AND state = 'running')",
          args: [id, seq, JSON.stringify(written), id],
        },
        { sql: "UPDATE crm_imports SET chunks_done = ?, updated_at = ? WHERE id = ? AND state = 'running'", args: [seq, now.toISOString(), id] },
      ],
      'write',
    );
    // The run was presumed dead and undone meanwhile: it stops, and rolls back what it wrote since.
    if (update?.rowsAffected !== 1) throw new Error('The import is no longer running: it was undone as an interrupted run');
  }

  /** A run that failed after committing chunks, rolled back: why, and what the rollback could not undo. */
  async markFailed(id: string, failure: string, notUndone: StoredImport['not_undone'], now: Date): Promise<void> {
    await this.sql.execute({
      sql: "UPDATE crm_imports SET state = 'failed', failure = ?, undo_report = ?, updated_at = ? WHERE id = ? AND state = 'running'",
      args: [failure, JSON.stringify(notUndone), now.toISOString(), id],
    });
  }

  async markImported(id: string, now: Date): Promise<void> {
    await this.sql.execute({
      sql: "UPDATE crm_imports SET state = 'imported', updated_at = ? WHERE id = ? AND state = 'running'",
      args: [now.toISOString(), id],
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
