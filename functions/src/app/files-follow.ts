import type { CommsLog } from '../comms/comms.log.js';
import type { AppDeps } from './deps.js';
import type { Repositories } from './repositories.js';

/** How many waiting files of each channel one run files; the sweep takes the rest on its next run. */
const FOLLOW_BATCH = 50;

/**
 * Files that waited in the Inbox follow their message to the customer it was assigned to: an
 * e-mail's attachments are filed from the journal's raw source, WhatsApp media moves out of
 * `WhatsApp Unassigned/<number>`. Run after an assignment (of that customer) and by the
 * scheduled drain (of all), which finishes what failed. Never throws: what is not filed waits.
 */
export async function fileAssignedMessages(deps: AppDeps, comms: CommsLog, repos: Repositories, customerId?: string): Promise<void> {
  if (!deps.files) return;
  try {
    const [{ fileAssignedEmails }, { moveAssignedMedia }] = await Promise.all([
      import('../mail/mail.ingest.js'),
      import('../whatsapp/whatsapp.media.js'),
    ]);
    await fileAssignedEmails(deps, repos, customerId, FOLLOW_BATCH, comms);
    await moveAssignedMedia(deps, repos, customerId, FOLLOW_BATCH, comms);
  } catch (err) {
    deps.logger.warn('files of assigned messages not filed', { customer_id: customerId ?? null, error: (err as Error).message });
  }
}
