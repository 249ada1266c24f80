/** A list of writes as SQL: the document rows and their index rows, changed in one transaction. */
import type { InStatement, InValue, Transaction as SqlTransaction } from '@libsql/client';
import type { DocChange, DocData } from '../docstore.js';
import { parseDocPath } from '../paths.js';
import type { WriteOp } from '../writes.js';
import { applyWrite } from './apply-write.js';
import { decodeDoc, readDocs } from './doc-rows.js';
import { entryKey, indexEntries, type IndexEntry } from './field-index.js';
import { DOCS, FIELDS } from './query-sql.js';

/** Rows per multi-row INSERT (7 parameters each, well under SQLite's parameter limit). */
const INSERT_CHUNK = 400;

/** The statements that turn the index rows for `before` into those for `after`. */
function indexStatements(path: string, before: DocData | null, after: DocData | null): InStatement[] {
  const { collection, collectionId } = parseDocPath(path);
  const oldEntries = new Map((before ? indexEntries(before) : []).map((e) => [entryKey(e), e]));
  const newEntries = new Map((after ? indexEntries(after) : []).map((e) => [entryKey(e), e]));
  const removed = [...oldEntries].filter(([k]) => !newEntries.has(k)).map(([, e]) => e);
  const added = [...newEntries].filter(([k]) => !oldEntries.has(k)).map(([, e]) => e);
  const statements: InStatement[] = [];
  if (!after) {
    statements.push({ sql: `DELETE FROM ${FIELDS} WHERE path = ?`, args: [path] });
  } else {
    for (let i = 0; i < removed.length; i += INSERT_CHUNK) {
      const chunk = removed.slice(i, i + INSERT_CHUNK);
      statements.push({
        sql: `DELETE FROM ${FIELDS} WHERE scope = ? AND path = ? AND (field, kind, t, v) IN (VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')})`,
        args: [collection, path, ...chunk.flatMap((e) => [e.field, e.kind, e.t, e.v])],
      });
    }
  }
  for (let i = 0; i < added.length; i += INSERT_CHUNK) {
    const chunk: IndexEntry[] = added.slice(i, i + INSERT_CHUNK);
    statements.push({
      sql: `INSERT INTO ${FIELDS} (scope, grp, field, kind, t, v, path) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      args: chunk.flatMap((e): InValue[] => [collection, collectionId, e.field, e.kind, e.t, e.v, path]),
    });
  }
  return statements;
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

  const statements: InStatement[] = [];
  const changes: DocChange[] = [];
  for (const path of paths) {
    const old = before.get(path) ?? null;
    const next = current.get(path) ?? null;
    if (!old && !next) continue;
    const { collection, collectionId } = parseDocPath(path);
    let stored: DocData | null = null;
    if (next) {
      const json = JSON.stringify(next);
      statements.push({
        sql: `INSERT INTO ${DOCS} (path, scope, grp, data) VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET data = excluded.data`,
        args: [path, collection, collectionId, json],
      });
      // What a read will return (ISO strings revive as Dates), so events match reads.
      stored = decodeDoc(json);
    } else {
      statements.push({ sql: `DELETE FROM ${DOCS} WHERE path = ?`, args: [path] });
    }
    statements.push(...indexStatements(path, old, stored));
    changes.push({ path, before: old, after: stored });
  }
  for (const hook of hooks) statements.push(...hook(changes));
  await sqlTx.batch(statements);
  return changes;
}
