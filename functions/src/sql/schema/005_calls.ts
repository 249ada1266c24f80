import type { SqlMigration } from '../sql-migration.js';

/**
 * Phone calls (issue 10):
 * - `call_originate_requests`: click-to-call requests waiting for the AMI bridge's long poll;
 *   handed out once (`sent`), and what the bridge reported back;
 * - `call_bridge_checkins`: what each bridge last said about itself (Settings shows it);
 * - `staff_extensions`: which PBX extension is whose, for click-to-call and to name who talked.
 */
export const calls: SqlMigration = {
  version: 5,
  name: 'calls',
  statements: [
    `CREATE TABLE call_originate_requests (
      id TEXT PRIMARY KEY,
      extension TEXT NOT NULL,
      number TEXT NOT NULL,
      caller_id TEXT NOT NULL,
      customer_id TEXT,
      requested_by_uid TEXT NOT NULL,
      requested_at TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'done', 'failed', 'expired')),
      sent_at TEXT,
      result TEXT
    )`,
    "CREATE INDEX call_originate_requests_queued ON call_originate_requests (requested_at) WHERE state = 'queued'",
    `CREATE TABLE call_bridge_checkins (
      pbx TEXT PRIMARY KEY,
      seen_at TEXT NOT NULL,
      connected INTEGER NOT NULL,
      last_event_at TEXT,
      outbox_depth INTEGER NOT NULL
    )`,
    `CREATE TABLE staff_extensions (
      uid TEXT PRIMARY KEY,
      extension TEXT NOT NULL UNIQUE,
      name TEXT,
      updated_at TEXT NOT NULL
    )`,
  ],
};
