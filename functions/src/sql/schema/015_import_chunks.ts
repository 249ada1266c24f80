import type { SqlMigration } from '../sql-migration.js';

/**
 * Imports in chunks (issue 23): on a store whose transactions are bounded (Firestore) a run
 * commits its batch in chunks, recording after each one what it wrote (a `crm_import_chunks`
 * row, so a long run writes each chunk once) and how far it got (`chunks_done` of
 * `chunks_total`), so that a failed or interrupted run can be undone. `failure` is why a run
 * failed and was rolled back.
 */
export const importChunks: SqlMigration = {
  version: 15,
  name: 'import_chunks',
  statements: [
    'ALTER TABLE crm_imports ADD COLUMN chunks_total INTEGER',
    'ALTER TABLE crm_imports ADD COLUMN chunks_done INTEGER',
    'ALTER TABLE crm_imports ADD COLUMN failure TEXT',
    `CREATE TABLE crm_import_chunks (
      import_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      written TEXT NOT NULL,
      PRIMARY KEY (import_id, seq)
    )`,
  ],
};
