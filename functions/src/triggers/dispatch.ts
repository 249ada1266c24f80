import { reindexCustomer } from '../customers/customer-index.js';
import { handleLedgerDigest } from '../ledger/ledger.digest.js';
import { parseCustomerPath, parseOrderPath } from '../shared/collections.js';
import type { DocChange, DocStore } from '../store/docstore.js';
import { handleCustomerWritten, handleOrderWritten } from './payment-status.handlers.js';

/** Everything a written customer document triggers: order payment statuses, the customer's index fields, the reports' ledger digest. */
export async function customerWritten(store: DocStore, change: DocChange): Promise<void> {
  await handleCustomerWritten(store, change);
  await reindexCustomer(store, change);
  await handleLedgerDigest(store, change, new Date());
}

/** Everything a written order document triggers. */
export async function orderWritten(store: DocStore, change: DocChange): Promise<void> {
  await handleOrderWritten(store, change);
}

/**
 * The embedded server's stand-in for Firestore triggers: each committed change of the libSQL
 * store goes to what the deployed trigger on that path runs.
 */
export async function dispatchChange(store: DocStore, change: DocChange): Promise<void> {
  if (parseCustomerPath(change.path)) await customerWritten(store, change);
  else if (parseOrderPath(change.path)) await orderWritten(store, change);
}
