import type { SqlMigration } from '../sql-migration.js';

/**
 * WhatsApp (Cloud API) bookkeeping beside the comms log:
 * - `whatsapp_pending`: a delivery status or a reaction that arrived before the message it is
 *   about was logged (Meta sends in no set order; a send's first status can beat the send's own
 *   log write). Applied, then removed, as soon as that message is logged.
 * - `whatsapp_media`: one row per inbound media message, the download queue: claimed before a
 *   download so two deliveries of one message never store the file twice, retried when it failed.
 * - `whatsapp_templates`: the business account's message templates as last read from Meta.
 */
export const whatsapp: SqlMigration = {
  version: 4,
  name: 'whatsapp_pending_media_templates',
  statements: [
    `CREATE TABLE whatsapp_pending (
      wamid TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('status', 'reaction')),
      key TEXT NOT NULL,
      payload TEXT NOT NULL,
      occurred_at TEXT NOT NULL,
      received_at TEXT NOT NULL,
      PRIMARY KEY (wamid, kind, key)
    )`,
    `CREATE TABLE whatsapp_media (
      wamid TEXT PRIMARY KEY,
      entry_id TEXT NOT NULL,
      media_id TEXT NOT NULL,
      mime_type TEXT,
      filename TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'downloading', 'stored', 'failed', 'abandoned')),
      attempts INTEGER NOT NULL DEFAULT 0,
      claimed_at TEXT,
      crm_media_id TEXT,
      last_error TEXT,
      updated_at TEXT NOT NULL
    )`,
    `CREATE TABLE whatsapp_templates (
      business_account_id TEXT PRIMARY KEY,
      templates TEXT NOT NULL,
      fetched_at TEXT NOT NULL
    )`,
  ],
};
