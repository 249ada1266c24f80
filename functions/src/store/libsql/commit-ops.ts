/**
 * A list of writes as SQL: the document rows and their index rows, changed in one transaction.
 *
 * A bulk write (an import of 10,000 customers is 1.4 million index rows) is bound by how rows
 * reach SQLite, so rows go in as few statements as possible: each statement takes a chunk of
 * rows as one JSON parameter read with json_each (binding thousands of parameters one by one
 * costs more than SQLite's own work).
 */
import type { InStatement, InValue, Transaction as SqlTransaction } from '@libsql/client';
import type { DocChange, DocData } from '../docstore.js';
import { parseDocPath } from '../paths.js';
import type { WriteOp } from '../writes.js';
import { applyWrite } from './apply-write.js';
import { decodeDoc, readDocs } from './doc-rows.js';
import { entryKey, indexEntries } from './field-index.js';
import { DOCS, FIELDS } from './query-sql.js';

/** An index row: scope, grp, field, kind, t, v, path (the columns of docstore_fields). */
type FieldRow = [string, string, string, number, number, string | number, string];

/** Rows per JSON chunk: a few hundred KB of JSON per statement. */
const JSON_CHUNK = 4000;
/** Rows per multi-row VALUES statement (7 parameters each, well under SQLite's parameter limit). */
const VALUES_CHUNK = 400;
/**
 * A write with more index rows than this (an import) runs with a larger page cache: with
 * SQLite's default 2 MB, its B-tree pages spill to the WAL and are read back again and again.
 * The default comes back after it, so the memory is held for the bulk write only.
 */
const BULK_ROWS = 50_000;
const BULK_CACHE = 'PRAGMA cache_size = -131072';
const DEFAULT_CACHE = 'PRAGMA cache_size = -2000';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const FIELD_COLUMNS = 'scope, grp, field, kind, t, v, path';
const fromJson = (n: number) => Array.from({ length: n }, (_, i) => `value ->> ${i}`).join(', ');

/**
 * Whether a row survives the trip through JSON unchanged: SQLite's `->>` cuts a text at NUL,
 * and a lone surrogate has no UTF-8 form; such rare rows are bound as parameters instead.
 */
function jsonSafe(row: FieldRow): boolean {
  for (const value of row) {
    if (typeof value === 'string' && (value.includes('\u0000') || LONE_SURROGATE.test(value))) return false;
  }
  return true;
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Statements that insert rows, or delete the rows with their key, in chunks. */
function fieldRowStatements(rows: FieldRow[], action: 'insert' | 'delete'): InStatement[] {
  const viaJson = rows.filter(jsonSafe);
  const bound = viaJson.length === rows.length ? [] : rows.filter((row) => !jsonSafe(row));
  const statements: InStatement[] = [];
  for (const chunk of chunks(viaJson, JSON_CHUNK)) {
    const select = `SELECT ${fromJson(7)} FROM json_each(?)`;
    statements.push({
      sql:
        action === 'insert'
          ? `INSERT INTO ${FIELDS} (${FIELD_COLUMNS}) ${select}`
          : `DELETE FROM ${FIELDS} WHERE (${FIELD_COLUMNS}) IN (${select})`,
      args: [JSON.stringify(chunk)],
    });
  }
  for (const chunk of chunks(bound, VALUES_CHUNK)) {
    const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
    statements.push({
      sql: action === 'insert' ? `INSERT INTO ${FIELDS} (${FIELD_COLUMNS}) VALUES ${values}` : `DELETE FROM ${FIELDS} WHERE (${FIELD_COLUMNS}) IN (VALUES ${values})`,
      args: chunk.flat() as InValue[],
    });
  }
  return statements;
}

/** The index rows to remove and to add to turn `before`'s index rows into `after`'s. */
function indexDelta(path: string, before: DocData | null, after: DocData | null, removed: FieldRow[], added: FieldRow[]): void {
  const { collection, collectionId } = parseDocPath(path);
  const row = (e: ReturnType<typeof indexEntries>[number]): FieldRow => [collection, collectionId, e.field, e.kind, e.t, e.v, path];
  const oldEntries = new Map((before ? indexEntries(before) : []).map((e) => [entryKey(e), e]));
  const newEntries = after ? indexEntries(after) : [];
  const kept = new Set<string>();
  for (const e of newEntries) {
    const key = entryKey(e);
    if (oldEntries.has(key)) kept.add(key);
    else added.push(row(e));
  }
  // A deleted document's rows go by path (see commitOps); only an update removes some.
  if (!after) return;
  for (const [key, e] of oldEntries) if (!kept.has(key)) removed.push(row(e));
}

/**
 * Statements another module wants committed in the same SQL transaction as the documents
 * (the history of changes): given the changes about to be written, what to add to the batch.
 */
export type CommitHook = (changes: DocChange[]) => InStatement[];

/** Applies ops in order inside an open SQL transaction; returns one change per written document. */
export async function commitOps(sqlTx: SqlTransaction, ops: WriteOp[], hooks: Iterable<CommitHook> = []): Promise<DocChange[]> {
  if (ops.length === 0) return [];
  const paths = [...new Set(ops.map((op) => op.path))];
  const loaded = await readDocs(sqlTx, paths);
  const before = new Map(paths.map((p, i) => [p, loaded[i]?.data ?? null]));
  const current = new Map(before);
  const now = new Date();
  for (const op of ops) current.set(op.path, applyWrite(current.get(op.path) ?? null, op, now));

  const upserts: [string, string, string, string][] = [];
  const deleted: string[] = [];
  const removed: FieldRow[] = [];
  const added: FieldRow[] = [];
  const changes: DocChange[] = [];
  for (const path of paths) {
    const old = before.get(path) ?? null;
    const next = current.get(path) ?? null;
    if (!old && !next) continue;
    let stored: DocData | null = null;
    if (next) {
      const { collection, collectionId } = parseDocPath(path);
      const json = JSON.stringify(next);
      upserts.push([path, collection, collectionId, json]);
      // What a read will return (ISO strings revive as Dates), so events match reads.
      stored = decodeDoc(json);
    } else {
      deleted.push(path);
    }
    indexDelta(path, old, stored, removed, added);
    changes.push({ path, before: old, after: stored });
  }

  const statements: InStatement[] = [];
  // A document's text is JSON, so it has neither a raw NUL nor a lone surrogate: always safe in JSON.
  for (const chunk of chunks(deleted, JSON_CHUNK)) {
    const list = { sql: 'SELECT value FROM json_each(?)', args: [JSON.stringify(chunk)] };
    statements.push({ sql: `DELETE FROM ${DOCS} WHERE path IN (${list.sql})`, args: list.args });
    statements.push({ sql: `DELETE FROM ${FIELDS} WHERE path IN (${list.sql})`, args: list.args });
  }
  for (const chunk of chunks(upserts, JSON_CHUNK / 10)) {
    statements.push({
      // `WHERE true` tells SQLite's parser the ON CONFLICT belongs to the INSERT, not a join.
      sql: `INSERT INTO ${DOCS} (path, scope, grp, data) SELECT ${fromJson(4)} FROM json_each(?) WHERE true
            ON CONFLICT (path) DO UPDATE SET data = excluded.data`,
      args: [JSON.stringify(chunk)],
    });
  }
  statements.push(...fieldRowStatements(removed, 'delete'), ...fieldRowStatements(added, 'insert'));
  for (const hook of hooks) statements.push(...hook(changes));
  const bulk = removed.length + added.length > BULK_ROWS;
  await sqlTx.batch(bulk ? [BULK_CACHE, ...statements, DEFAULT_CACHE] : statements);
  return changes;
}
