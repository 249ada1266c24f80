import type { Doc, DocData, DocStore, Transaction } from '../store/docstore.js';
import { customerPath, ordersPath, orderPath } from '../shared/collections.js';
import { orderCurrency } from '../shared/money.js';
import type { TransactionEntry } from './ledger.schema.js';
import { parseLedger, rawLedger } from './ledger.entries.js';
import { computePaymentStatus, readPaymentTerms, samePaymentStatus, type PaymentStatus } from './payment-status.js';

/** The payment_status a stored order should hold, given its customer's ledger. */
export function paymentStatusOf(orderId: string, order: DocData, ledger: readonly TransactionEntry[]): PaymentStatus {
  return computePaymentStatus(
    { id: orderId, currency: orderCurrency(order), terms: readPaymentTerms(order.payment_status) },
    ledger,
  );
}

/**
 * Queues, inside `tx`, a payment_status write for each order whose stored value differs from
 * the computed one. Writing only on a difference keeps the triggers from looping.
 */
export function writePaymentStatuses(
  tx: Transaction,
  orders: Doc[],
  ledger: readonly TransactionEntry[],
): { statuses: Map<string, PaymentStatus>; written: string[] } {
  const statuses = new Map<string, PaymentStatus>();
  const written: string[] = [];
  for (const order of orders) {
    const computed = paymentStatusOf(order.id, order.data, ledger);
    statuses.set(order.id, computed);
    if (!samePaymentStatus(order.data.payment_status, computed)) {
      tx.update(order.path, { payment_status: computed });
      written.push(order.id);
    }
  }
  return { statuses, written };
}

/**
 * Recomputes, in one transaction, the payment_status of a customer's orders (all of them, or
 * those named) and writes those that differ. Returns how many were written.
 */
export async function syncOrdersPaymentStatus(
  store: DocStore,
  customerId: string,
  orderIds?: string[],
): Promise<number> {
  return store.runTransaction(async (tx) => {
    const customer = await tx.get(customerPath(customerId));
    if (!customer) return 0;
    const orders = orderIds
      ? (await tx.getAll(orderIds.map((id) => orderPath(customerId, id)))).filter((d): d is Doc => d !== null)
      : await tx.query({ collection: ordersPath(customerId) });
    const ledger = parseLedger(rawLedger(customer.data)).entries;
    return writePaymentStatuses(tx, orders, ledger).written.length;
  });
}
