/** Documents as `docstore_docs` rows hold them: JSON text, read back with Dates revived. */
import type { Client, Transaction as SqlTransaction } from '@libsql/client';
import type { Doc, DocData } from '../docstore.js';
import { parseDocPath } from '../paths.js';
import { parseStoredJson } from '../values.js';
import { DOCS } from './query-sql.js';

/** Paths per SELECT … IN (…), well under SQLite's parameter limit. */
const READ_CHUNK = 1000;

/** Where reads run: the pooled client (committed data) or an open SQL transaction. */
export type Executor = Pick<Client, 'execute'> | SqlTransaction;

export function decodeDoc(json: string): DocData {
  return parseStoredJson(json) as DocData;
}

/** The documents at `paths`, in order (null where missing). */
export async function readDocs(db: Executor, paths: string[]): Promise<(Doc | null)[]> {
  const parsed = paths.map(parseDocPath);
  if (parsed.length === 0) return [];
  const unique = [...new Set(paths)];
  const found = new Map<string, string>();
  for (let i = 0; i < unique.length; i += READ_CHUNK) {
    const chunk = unique.slice(i, i + READ_CHUNK);
    const rs = await db.execute({
      sql: `SELECT path, data FROM ${DOCS} WHERE path IN (${chunk.map(() => '?').join(', ')})`,
      args: chunk,
    });
    for (const row of rs.rows) found.set(row.path as string, row.data as string);
  }
  return parsed.map((p) => {
    const json = found.get(p.path);
    return json === undefined ? null : { id: p.id, path: p.path, data: decodeDoc(json) };
  });
}

/** Documents from rows with `path` and `data` columns. */
export function rowsToDocs(rows: Record<string, unknown>[]): Doc[] {
  return rows.map((row) => {
    const path = row.path as string;
    return { id: path.slice(path.lastIndexOf('/') + 1), path, data: decodeDoc(row.data as string) };
  });
}
