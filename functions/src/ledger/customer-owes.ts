import { fromCents, orderCurrency, toCents } from '../shared/money.js';
import type { DocData } from '../store/docstore.js';
import type { OrderTotals, TransactionEntry } from './ledger.schema.js';

/** Sign of each flow in what the customer has paid; invoices bill, they do not pay. */
const paidSign: Record<TransactionEntry['flow'], number> = { payment: 1, credit: 1, refund: -1, invoice: 0 };

/**
 * What a customer owes, per currency: the one definition every screen shows (issue 19.4).
 * It starts from the orders, as each order's payment_status does (required − received, where
 * received counts the payments, refunds and credits naming the order): `still_required` sums each
 * order's positive balance and `overpaid` each order's excess, so one order's overpayment never
 * hides another's debt. Money received without naming an order (`unassigned`) is the customer's
 * too: it lowers what they owe. `owed` = max(0, still_required − unassigned); `in_credit` is
 * what the customer has paid beyond that. Invoices in the ledger are paperwork, not debt: an
 * order's required amount is what is owed, so a ledger with payments and no invoices never shows
 * a negative "balance". Declined orders are left out.
 */
export function customerOwes(orders: readonly DocData[], entries: readonly TransactionEntry[]): OrderTotals[] {
  const byCurrency = new Map<string, { required: number; received: number; still: number; over: number; unassigned: number }>();
  const rowOf = (currency: string) => {
    const row = byCurrency.get(currency) ?? { required: 0, received: 0, still: 0, over: 0, unassigned: 0 };
    byCurrency.set(currency, row);
    return row;
  };
  const cents = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? toCents(value) : 0);
  for (const order of orders) {
    if (order.status === 'declined') continue;
    const ps = (order.payment_status ?? {}) as Record<string, unknown>;
    const required = cents(ps.required_amount);
    const received = cents(ps.received_amount);
    const row = rowOf(orderCurrency(order));
    row.required += required;
    row.received += received;
    row.still += Math.max(0, required - received);
    row.over += Math.max(0, received - required);
  }
  for (const entry of entries) {
    if (entry.order_ref !== null || entry.flow === 'invoice') continue;
    rowOf(entry.currency).unassigned += paidSign[entry.flow] * toCents(entry.amount);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, row]) => ({
      currency,
      required: fromCents(row.required),
      received: fromCents(row.received),
      still_required: fromCents(row.still),
      overpaid: fromCents(row.over),
      unassigned: fromCents(row.unassigned),
      owed: fromCents(Math.max(0, row.still - row.unassigned)),
      in_credit: fromCents(row.over + Math.max(0, row.unassigned - row.still)),
    }));
}
