/**
 * The libSQL adapter's tables: `docstore_docs` holds each document as JSON, `docstore_fields`
 * the single-field index rows (see field-index.ts) that queries read (see query-sql.ts).
 */
import type { Client } from '@libsql/client';
import { DOCS, FIELDS } from './query-sql.js';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS ${DOCS} (
    path TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    grp TEXT NOT NULL,
    data TEXT NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS ${DOCS}_scope ON ${DOCS} (scope, path)`,
  `CREATE INDEX IF NOT EXISTS ${DOCS}_grp ON ${DOCS} (grp, path)`,
  // v has no type affinity, so numbers stay numbers and text stays text.
  `CREATE TABLE IF NOT EXISTS ${FIELDS} (
    scope TEXT NOT NULL,
    grp TEXT NOT NULL,
    field TEXT NOT NULL,
    kind INTEGER NOT NULL,
    t INTEGER NOT NULL,
    v BLOB NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (scope, field, kind, t, v, path)
  ) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS ${FIELDS}_grp ON ${FIELDS} (grp, field, kind, t, v, path)`,
  `CREATE INDEX IF NOT EXISTS ${FIELDS}_doc ON ${FIELDS} (path, field, kind)`,
];

/** Readies the database at `url` for the store: WAL for a local file, then the tables (idempotent). */
export async function prepareDatabase(client: Client, url: string): Promise<void> {
  if (url.startsWith('file:')) {
    if (/^file::memory:|mode=memory/.test(url)) {
      throw new Error('LibsqlDocStore needs a database file (reads run beside transactions); use a temp file');
    }
    await client.execute('PRAGMA journal_mode = WAL');
  }
  await client.batch(SCHEMA, 'write');
}
