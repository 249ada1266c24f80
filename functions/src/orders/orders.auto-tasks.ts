import { parseLedger, rawLedger } from '../ledger/ledger.entries.js';
import { addDays, athensDay } from '../shared/athens-time.js';
import type { AutoTaskSource } from '../shared/auto-tasks.js';
import { customerPath, ORDERS, orderPath, parseOrderPath } from '../shared/collections.js';
import { fromCents, toCents } from '../shared/money.js';
import type { DocData, DocStore } from '../store/docstore.js';

const KEY_PREFIX = 'order:';

const asDate = (value: unknown): Date | null => (value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null);

/** Cents still owed on an order, from its computed payment status (ledger/payment-status.ts). */
function balanceCents(order: DocData): number {
  const status = order.payment_status as { balance_due?: unknown } | undefined;
  return typeof status?.balance_due === 'number' ? toCents(status.balance_due) : 0;
}

/** The order still waits for payment: its status says so and a balance remains. */
const waitsForPayment = (order: DocData): boolean => order.status === 'awaiting_payment' && balanceCents(order) > 0;

/** An order waiting for payment past its due date. */
interface OverdueOrder {
  customer_id: string;
  order_id: string;
  order_number: string;
  /** Decimal, in the order's currency. */
  balance_due: number;
  currency: string;
  /** The day payment was due, Athens. */
  due_date: string;
}

/**
 * Orders waiting for payment past their due date: the first invoice naming the order plus the
 * payment terms (days); without an invoice, the day the order started waiting for payment.
 */
async function overdueOrders(store: DocStore, now: Date, termsDays: number): Promise<OverdueOrder[]> {
  // The (status, created_at) collection-group index serves this query.
  const orders = await store.query({
    collectionGroup: ORDERS,
    where: [{ field: 'status', op: '==', value: 'awaiting_payment' }],
    orderBy: [{ field: 'created_at', direction: 'desc' }],
  });
  const owing = orders.filter((doc) => waitsForPayment(doc.data));
  const customerIds = [...new Set(owing.map((doc) => parseOrderPath(doc.path)?.customerId).filter((id): id is string => !!id))];
  const customers = new Map((await store.getAll(customerIds.map(customerPath))).filter((doc) => doc !== null).map((doc) => [doc.id, doc.data]));
  const today = athensDay(now);
  const overdue: OverdueOrder[] = [];
  for (const doc of owing) {
    const ids = parseOrderPath(doc.path);
    const customer = ids ? customers.get(ids.customerId) : undefined;
    if (!ids || !customer) continue;
    const invoices = parseLedger(rawLedger(customer)).entries.filter((entry) => entry.flow === 'invoice' && entry.order_ref === ids.orderId);
    const billed = invoices.map((entry) => entry.date).sort((a, b) => a.getTime() - b.getTime())[0] ?? asDate(doc.data.status_updated_date) ?? asDate(doc.data.created_at);
    if (!billed) continue;
    const dueDay = addDays(athensDay(billed), termsDays);
    if (dueDay >= today) continue;
    overdue.push({
      customer_id: ids.customerId,
      order_id: ids.orderId,
      order_number: typeof doc.data.order_number === 'string' ? doc.data.order_number : ids.orderId,
      balance_due: fromCents(balanceCents(doc.data)),
      currency: String(doc.data.currency ?? 'EUR'),
      due_date: dueDay,
    });
  }
  return overdue;
}

/**
 * An order waiting for payment past its due date becomes "collect payment for …". The due date
 * is the first invoice naming the order plus the payment terms (a setting, in days); without an
 * invoice, the day the order started waiting for payment. Paying the balance, or moving the
 * order on, completes the task.
 */
export function paymentOverdueTasks(termsDays: number): AutoTaskSource {
  return {
    name: 'payment_overdue',
    async due({ store }, now) {
      return (await overdueOrders(store, now, termsDays)).map((order) => ({
        source: 'payment_overdue',
        key: `${KEY_PREFIX}${order.customer_id}/${order.order_id}`,
        customer_id: order.customer_id,
        title: `Είσπραξη οφειλής ${order.order_number}`,
        reason: {
          type: 'payment_overdue',
          props: { order_number: order.order_number, balance_due: order.balance_due, currency: order.currency, due_date: order.due_date },
        },
        due_date: order.due_date,
        links: { order_id: order.order_id },
      }));
    },
    async resolved({ store }, openKeys) {
      const keys = openKeys.filter((key) => key.startsWith(KEY_PREFIX));
      const docs = await store.getAll(
        keys.map((key) => {
          const [customerId, orderId] = key.slice(KEY_PREFIX.length).split('/') as [string, string];
          return orderPath(customerId, orderId);
        }),
      );
      return keys.filter((_key, index) => {
        const doc = docs[index];
        return !doc || !waitsForPayment(doc.data);
      });
    },
  };
}
