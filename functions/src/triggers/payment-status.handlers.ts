import { syncOrdersPaymentStatus } from '../ledger/payment-status.sync.js';
import { parseCustomerPath, parseOrderPath } from '../shared/collections.js';
import type { DocChange, DocStore } from '../store/docstore.js';
import { valuesEqual } from '../store/values.js';

/**
 * Trigger handlers that keep each order's payment_status computed from its customer's
 * ledger when the ledger or the order changes by any other way than the API (console edits,
 * migrations, imports). The API already writes the right value in the same transaction, so
 * for its writes these find nothing to do. They write only what differs, so they never loop.
 * Both return how many orders they wrote.
 */

/** crm_customers/{customerId}: when transaction_history changed, recompute every order. */
export async function handleCustomerWritten(store: DocStore, change: DocChange): Promise<number> {
  const customerId = parseCustomerPath(change.path);
  if (!customerId || !change.after) return 0;
  if (change.before && valuesEqual(change.before.transaction_history, change.after.transaction_history)) return 0;
  return syncOrdersPaymentStatus(store, customerId);
}

/**
 * crm_customers/{customerId}/orders/{orderId}: when an order appears, or its payment_status
 * (required_amount, or a typed-in received amount) or currency changed, recompute it.
 */
export async function handleOrderWritten(store: DocStore, change: DocChange): Promise<number> {
  const ids = parseOrderPath(change.path);
  if (!ids || !change.after) return 0;
  const before = change.before;
  if (
    before &&
    valuesEqual(before.payment_status, change.after.payment_status) &&
    valuesEqual(before.currency, change.after.currency)
  ) {
    return 0;
  }
  return syncOrdersPaymentStatus(store, ids.customerId, [ids.orderId]);
}
