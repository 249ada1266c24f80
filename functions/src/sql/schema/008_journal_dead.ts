import type { SqlMigration } from '../sql-migration.js';

/**
 * Dead journal entries (issue 18): a delivery that fails for the same reason again and again is
 * not retried for ever. `same_failures` counts the failures in a row with the same error;
 * `dead_at` is set when that count reaches the limit, and the drain no longer takes the entry
 * (admins see it, and may retry it by hand).
 */
export const journalDead: SqlMigration = {
  version: 8,
  name: 'journal_dead_entries',
  statements: [
    'ALTER TABLE integration_journal ADD COLUMN same_failures INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE integration_journal ADD COLUMN dead_at TEXT',
    'CREATE INDEX integration_journal_dead ON integration_journal (dead_at) WHERE dead_at IS NOT NULL',
  ],
};
