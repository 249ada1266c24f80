import type { SqlMigration } from '../sql-migration.js';

/**
 * The spec's crm_comms_log and crm_media tables (build plan, step 4), plus what the
 * integrations need: a normalised `address` for auto-assignment (and the address as given),
 * a unique key on (type, ext_message_id) so a message is never logged twice, a full-text
 * index fed with Greek-aware normalised text, and the address → customer map kept by the
 * Unassigned inbox. Timestamps are ISO 8601 UTC text in one fixed format; a comms entry's
 * rowid is its time-ordered seq (comms/comms.seq.ts).
 */
export const commsAndMedia: SqlMigration = {
  version: 1,
  name: 'comms_log_and_media',
  statements: [
    `CREATE TABLE crm_comms_log (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL DEFAULT '',
      type TEXT NOT NULL CHECK (type IN ('email', 'whatsapp', 'call', 'sms', 'note', 'in_person')),
      direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
      subject TEXT,
      body TEXT,
      attachments TEXT NOT NULL DEFAULT '[]',
      ext_message_id TEXT,
      address TEXT NOT NULL DEFAULT '',
      address_raw TEXT,
      logged_by TEXT,
      logged_by_uid TEXT,
      occurred_at TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    // One customer's timeline, newest first: the rowid is time-ordered (comms.seq.ts) and ends
    // every index entry. customer_id '' is the Unassigned inbox. The list across customers
    // reads the table itself in rowid order.
    'CREATE INDEX crm_comms_log_customer ON crm_comms_log (customer_id)',
    // Never the same message twice; ext id first so a look-up by ext id alone uses it too.
    'CREATE UNIQUE INDEX crm_comms_log_ext_message ON crm_comms_log (ext_message_id, type)',
    // Unassigned messages from one address, assigned together.
    "CREATE INDEX crm_comms_log_unassigned_address ON crm_comms_log (address) WHERE customer_id = ''",
    // rowid = crm_comms_log.rowid, so matches come newest first; holds normalised subject and
    // body (comms.text.ts); prefixes of 2 and 3 letters indexed for search-as-you-type.
    `CREATE VIRTUAL TABLE crm_comms_fts USING fts5(
      subject, body,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3'
    )`,
    `CREATE TABLE crm_comms_address_map (
      address TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL,
      assigned_by TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    `CREATE TABLE crm_media (
      id TEXT PRIMARY KEY,
      customer_id TEXT,
      order_id TEXT,
      product_id TEXT,
      filename TEXT NOT NULL,
      nextcloud_path TEXT NOT NULL UNIQUE,
      mime_type TEXT,
      direction TEXT CHECK (direction IN ('received', 'sent', 'internal')),
      tags TEXT NOT NULL DEFAULT '[]',
      size INTEGER,
      uploaded_by TEXT,
      uploaded_by_uid TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`,
    'CREATE INDEX crm_media_customer ON crm_media (customer_id, created_at DESC, id DESC) WHERE customer_id IS NOT NULL',
    'CREATE INDEX crm_media_product ON crm_media (product_id, created_at DESC, id DESC) WHERE product_id IS NOT NULL',
  ],
};
