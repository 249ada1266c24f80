import type { AppDeps } from '../app/deps.js';
import type { CommsLog } from '../comms/comms.log.js';
import { conflict, notFound } from '../http/errors.js';
import { rawLedger } from '../ledger/ledger.entries.js';
import { customerPath } from '../shared/collections.js';
import type { PurgeResult } from './customers.schema.js';

/**
 * Purging a customer (admin only) removes everything that points at it: its comms entries
 * and the addresses assigned to it (the comms log's own purge), its media rows and
 * its Nextcloud folder (Nextcloud's trash keeps the files). Orders and ledger entries are the
 * business's records: while any remain, the purge is refused (409) and nothing changes.
 *
 * The document goes first, in a transaction that re-checks orders and ledger, so no new
 * comms entry or upload can attach to the customer while its rows are removed (both check
 * that the customer exists). A purge that stopped half-way is finished by running it again:
 * with the document gone it still removes rows and files left under the id.
 */

type PurgeDeps = Pick<AppDeps, 'store' | 'sql' | 'files' | 'logger'>;


export async function purgeCustomer(deps: PurgeDeps, log: CommsLog, id: string): Promise<PurgeResult> {
  const path = customerPath(id);
  const folder = await deps.store.runTransaction(async (tx) => {
    const doc = await tx.get(path);
    if (!doc) return undefined;
    const orders = await tx.query({ collection: `${path}/orders`, limit: 1 });
    if (orders.length > 0) throw conflict('This customer has orders: delete them first, or keep the customer');
    const ledger = rawLedger(doc.data);
    if (ledger.length > 0) {
      throw conflict(`This customer has ${ledger.length} ledger ${ledger.length === 1 ? 'entry' : 'entries'}: they stay on record`);
    }
    tx.delete(path);
    const stored = doc.data.nextcloud_folder;
    return typeof stored === 'string' && stored !== '' ? stored : null;
  });
  const comms = await log.countOfCustomer(id);
  const leftovers = await deps.sql.execute({ sql: 'SELECT COUNT(*) AS media FROM crm_media WHERE customer_id = ?', args: [id] });
  const media = Number(leftovers.rows[0]?.media ?? 0);
  if (folder === undefined && comms === 0 && media === 0) throw notFound('Customer');

  // The comms rows go in one write, the media rows in another: a purge stopped between them is finished by running it again.
  await log.purgeCustomer(id);
  await deps.sql.execute({ sql: 'DELETE FROM crm_media WHERE customer_id = ?', args: [id] });

  let removedFolder: string | null = null;
  if (folder && deps.files) {
    await deps.files.remove(folder);
    removedFolder = folder;
  } else if (folder) {
    deps.logger.warn('purged customer folder left on Nextcloud: no file storage configured', { customerId: id, folder });
  }
  deps.logger.info('customer purged', { customerId: id, comms, media, folder: removedFolder });
  return { comms_removed: comms, media_removed: media, folder_removed: removedFolder };
}
