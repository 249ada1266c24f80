import type { SqlMigration } from '../sql-migration.js';

/**
 * What email, WhatsApp and calls share (DESIGN.md, "Integrations write a journal first"):
 * - `integration_journal`: every delivery recorded raw, once per (source, external id), before
 *   it is processed; `state` and the retry schedule let a scheduled drain finish what failed.
 * - the comms entry's extensions: the email thread, the WhatsApp delivery status (only ever
 *   moves forward, see comms.delivery.ts), a call's disposition and duration, the follow-up of
 *   a missed call, and `details`, a JSON object each channel fills with what it alone has.
 * - `http_idempotency`: the first answer to a client's Idempotency-Key, replayed on a retry.
 */
export const integrations: SqlMigration = {
  version: 2,
  name: 'integration_journal_and_comms_extensions',
  statements: [
    `CREATE TABLE integration_journal (
      id TEXT PRIMARY KEY,
      source TEXT NOT NULL CHECK (source IN ('email', 'whatsapp', 'call')),
      external_id TEXT NOT NULL,
      received_at TEXT NOT NULL,
      raw BLOB,
      raw_path TEXT,
      sha256 TEXT NOT NULL,
      meta TEXT NOT NULL DEFAULT '{}',
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'processed', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      next_attempt_at TEXT,
      processed_at TEXT,
      UNIQUE (source, external_id)
    )`,
    // The drain reads only what is not processed yet, oldest due first.
    `CREATE INDEX integration_journal_due ON integration_journal (source, next_attempt_at) WHERE state <> 'processed'`,
    'ALTER TABLE crm_comms_log ADD COLUMN thread_id TEXT',
    `ALTER TABLE crm_comms_log ADD COLUMN delivery_status TEXT
      CHECK (delivery_status IN ('pending', 'sent', 'delivered', 'read', 'played', 'failed'))`,
    'ALTER TABLE crm_comms_log ADD COLUMN delivery_error TEXT',
    `ALTER TABLE crm_comms_log ADD COLUMN disposition TEXT
      CHECK (disposition IN ('answered', 'missed', 'busy', 'failed', 'voicemail'))`,
    'ALTER TABLE crm_comms_log ADD COLUMN duration_seconds INTEGER',
    `ALTER TABLE crm_comms_log ADD COLUMN follow_up TEXT CHECK (follow_up IN ('open', 'done'))`,
    'ALTER TABLE crm_comms_log ADD COLUMN follow_up_closed_at TEXT',
    'ALTER TABLE crm_comms_log ADD COLUMN follow_up_closed_by TEXT',
    "ALTER TABLE crm_comms_log ADD COLUMN details TEXT NOT NULL DEFAULT '{}'",
    'CREATE INDEX crm_comms_log_thread ON crm_comms_log (thread_id) WHERE thread_id IS NOT NULL',
    // Open follow-ups, newest first (rowid is time order), and by number to close on a call back.
    "CREATE INDEX crm_comms_log_follow_up ON crm_comms_log (address) WHERE follow_up = 'open'",
    `CREATE TABLE http_idempotency (
      scope TEXT NOT NULL,
      key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      status INTEGER,
      body TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (scope, key)
    )`,
  ],
};
