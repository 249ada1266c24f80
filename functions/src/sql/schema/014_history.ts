import type { SqlMigration } from '../sql-migration.js';

/**
 * The history of changes and imports (issue 23): one append-only row per document write, with its
 * field-level differences. `seq` orders entries as the writes committed; `event_id` makes a
 * Firestore trigger's redelivery of the same event a no-op. Queries read by document, by
 * user or by kind, newest first, through the indexes below; `at` serves the retention purge.
 */
export const history: SqlMigration = {
  version: 14,
  name: 'history_of_changes',
  statements: [
    `CREATE TABLE crm_history (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT UNIQUE,
      doc TEXT NOT NULL,
      path TEXT NOT NULL,
      kind TEXT NOT NULL,
      at TEXT NOT NULL,
      actor_kind TEXT NOT NULL,
      actor_uid TEXT,
      actor_name TEXT,
      action TEXT NOT NULL,
      changes TEXT NOT NULL,
      reason TEXT
    )`,
    'CREATE INDEX crm_history_doc ON crm_history (doc, seq)',
    'CREATE INDEX crm_history_actor ON crm_history (actor_uid, seq)',
    'CREATE INDEX crm_history_kind ON crm_history (kind, seq)',
    'CREATE INDEX crm_history_at ON crm_history (at)',
    `CREATE TABLE crm_history_settings (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      retention_days INTEGER,
      updated_at TEXT NOT NULL,
      updated_by_uid TEXT NOT NULL
    )`,
    // Imports (issue 23, items 4-5): the parsed rows, the mapping and choices, and after a run
    // what it wrote, so that it can be undone. One row per upload.
    `CREATE TABLE crm_imports (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      state TEXT NOT NULL,
      file_name TEXT NOT NULL,
      encoding TEXT NOT NULL,
      headers TEXT NOT NULL,
      rows TEXT NOT NULL,
      mapping TEXT NOT NULL,
      choices TEXT NOT NULL,
      written TEXT,
      undo_report TEXT,
      created_at TEXT NOT NULL,
      created_by_uid TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
  ],
};
