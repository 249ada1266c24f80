import type { SqlMigration } from '../sql-migration.js';

/**
 * Files that wait in the Inbox follow their message to the customer it is assigned to:
 * - an e-mail's parts stay in the journal's raw source until then (`attachments_pending`);
 * - WhatsApp media from an unknown number sits in `WhatsApp Unassigned/<number>`, indexed
 *   with no owner.
 * These indexes let the follow-up after an assignment, and the scheduled sweep that retries
 * it, find that little work without reading the whole log.
 */
export const filesFollow: SqlMigration = {
  version: 6,
  name: 'files_follow_assignment',
  statements: [
    "CREATE INDEX crm_comms_log_email_files_pending ON crm_comms_log (customer_id) WHERE type = 'email' AND json_extract(details, '$.attachments_pending') = 1",
    'CREATE INDEX crm_media_unowned ON crm_media (created_at) WHERE customer_id IS NULL AND product_id IS NULL',
    'CREATE INDEX whatsapp_media_crm_media ON whatsapp_media (crm_media_id) WHERE crm_media_id IS NOT NULL',
  ],
};
