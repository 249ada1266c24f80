import type { SqlMigration } from '../sql-migration.js';

/**
 * Imports in chunks (issue 23): on a store whose transactions are bounded (Firestore) a run
 * commits its batch in chunks, recording after each one what it wrote so far (`written`) and
 * how far it got, so that a failed or interrupted run can be undone. `failure` is why a run
 * failed and was rolled back.
 */
export const importChunks: SqlMigration = {
  version: 15,
  name: 'import_chunks',
  statements: [
    'ALTER TABLE crm_imports ADD COLUMN chunks_total INTEGER',
    'ALTER TABLE crm_imports ADD COLUMN chunks_done INTEGER',
    'ALTER TABLE crm_imports ADD COLUMN failure TEXT',
  ],
};
