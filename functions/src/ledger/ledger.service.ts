import type { Clock } from '../http/deps.js';
import { notFound, unprocessable, type ErrorDetail } from '../http/errors.js';
import { writeStamp, type Actor } from '../shared/actor.js';
import { customerPath, orderPath, ordersPath } from '../shared/collections.js';
import type { Doc, DocData, DocStore, Transaction } from '../store/docstore.js';
import { readCustomer } from '../customers/customer-read.js';
import { assertVersion, type Precondition } from '../http/versions.js';
import { newestFirst, parseLedger, rawLedger, withLedgerDefaults } from './ledger.entries.js';
import {
  paymentTypeIssue,
  transactionEntrySchema,
  type AffectedOrder,
  type Financials,
  type LedgerWriteResult,
  type TransactionCreate,
  type TransactionEntry,
  type TransactionPatch,
} from './ledger.schema.js';
import { customerOwes } from './customer-owes.js';
import { ledgerTotals } from './ledger.totals.js';
import { overpaidWarning, type PaymentStatus, type Warning } from './payment-status.js';
import { writePaymentStatuses } from './payment-status.sync.js';
import { orderCurrency } from '../shared/money.js';

/**
 * The transaction ledger of a customer (`transaction_history` on the customer document).
 * Every write runs in one transaction with the payment_status of the orders it touches, so a
 * response already holds the order's new balance.
 */
export class LedgerService {
  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
  ) {}

  async financials(customerId: string): Promise<Financials> {
    const customer = await this.store.get(customerPath(customerId));
    if (!customer) throw notFound('Customer');
    const { entries } = parseLedger(rawLedger(customer.data));
    const orders = await this.store.query({ collection: ordersPath(customerId) });
    return { transactions: newestFirst(entries), totals: ledgerTotals(entries), order_totals: customerOwes(orders.map((order) => order.data), entries) };
  }

  async record(customerId: string, body: TransactionCreate, actor: Actor): Promise<LedgerWriteResult> {
    return this.store.runTransaction(async (tx) => {
      const customer = await this.requireCustomer(tx, customerId);
      const orders = await this.readOrders(tx, customerId, [body.order_ref ?? null]);
      const now = this.clock.now();
      const entry: TransactionEntry = {
        id: this.store.newId(),
        date: body.date ?? now,
        flow: body.flow,
        payment_type: body.payment_type ?? null,
        category: body.category,
        amount: body.amount,
        currency: body.currency,
        invoice_ref: body.invoice_ref ?? null,
        order_ref: body.order_ref ?? null,
        recorded_by: actor.name,
        recorded_by_uid: actor.uid,
        note: body.note,
      };
      checkOrderRef(entry, orders);
      const next = [...rawLedger(customer.data), entry as DocData];
      return withWarnings({ ...entry, affected_orders: this.write(tx, customer, next, orders, now) });
    });
  }

  /** `precondition`: the If-Match of the request, checked against the customer (the ledger's document). */
  async update(
    customerId: string,
    txId: string,
    patch: TransactionPatch,
    actor: Actor,
    precondition?: Precondition,
  ): Promise<LedgerWriteResult> {
    return this.store.runTransaction(async (tx) => {
      const customer = await this.requireCustomer(tx, customerId, precondition);
      const raw = rawLedger(customer.data);
      const index = raw.findIndex((e) => e.id === txId);
      const old = raw[index];
      if (!old) throw notFound('Transaction');
      const now = this.clock.now();
      const parsed = transactionEntrySchema.safeParse({
        ...withLedgerDefaults(old),
        ...patch,
        updated_by: actor.name,
        updated_at: now,
      });
      if (!parsed.success) {
        const details: ErrorDetail[] = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw unprocessable('The stored entry with these changes is not a valid ledger entry', details);
      }
      const entry = parsed.data;
      const typeIssue = paymentTypeIssue(entry.flow, entry.payment_type);
      if (typeIssue) throw unprocessable(`payment_type ${typeIssue}`, [{ path: 'payment_type', message: typeIssue }]);

      const oldRef = typeof old.order_ref === 'string' ? old.order_ref : null;
      const orders = await this.readOrders(tx, customerId, [entry.order_ref, oldRef]);
      checkOrderRef(entry, orders);
      // Fields the schema does not know (a legacy system's) stay on the stored entry.
      const next = raw.map((e, i) => (i === index ? { ...e, ...(entry as DocData) } : e));
      return withWarnings({ ...entry, affected_orders: this.write(tx, customer, next, orders, now) });
    });
  }

  async remove(customerId: string, txId: string, precondition?: Precondition): Promise<void> {
    await this.store.runTransaction(async (tx) => {
      const customer = await this.requireCustomer(tx, customerId, precondition);
      const raw = rawLedger(customer.data);
      const old = raw.find((e) => e.id === txId);
      if (!old) throw notFound('Transaction');
      const orders = await this.readOrders(tx, customerId, [typeof old.order_ref === 'string' ? old.order_ref : null]);
      this.write(
        tx,
        customer,
        raw.filter((e) => e !== old),
        orders,
        this.clock.now(),
      );
    });
  }

  private async requireCustomer(tx: Transaction, customerId: string, precondition?: Precondition): Promise<Doc> {
    const customer = await tx.get(customerPath(customerId));
    if (!customer) throw notFound('Customer');
    assertVersion(precondition, customer.data, () => readCustomer(customer.id, customer.data));
    return customer;
  }

  /** The named orders of the customer (missing ones left out), keyed by id. */
  private async readOrders(tx: Transaction, customerId: string, refs: (string | null)[]): Promise<Map<string, Doc>> {
    const ids = [...new Set(refs.filter((r): r is string => r !== null))];
    const docs = ids.length > 0 ? await tx.getAll(ids.map((id) => orderPath(customerId, id))) : [];
    return new Map(docs.filter((d): d is Doc => d !== null).map((d) => [d.id, d]));
  }

  private write(tx: Transaction, customer: Doc, next: DocData[], orders: Map<string, Doc>, now: Date): AffectedOrder[] {
    tx.update(customer.path, { transaction_history: next, updated_at: now, ...writeStamp() });
    const docs = [...orders.values()];
    const { statuses } = writePaymentStatuses(tx, docs, parseLedger(next).entries);
    return docs.map((doc) => ({
      id: doc.id,
      order_number: typeof doc.data.order_number === 'string' ? doc.data.order_number : '',
      payment_status: statuses.get(doc.id) as PaymentStatus,
    }));
  }
}

function withWarnings(result: Omit<LedgerWriteResult, 'warnings'>): LedgerWriteResult {
  const warnings = result.affected_orders
    .map((order) => overpaidWarning(order.order_number || order.id, order.payment_status))
    .filter((warning): warning is Warning => warning !== null);
  return { ...result, warnings };
}

/** An entry's order_ref must name an existing order of the customer, in the order's currency. */
function checkOrderRef(entry: TransactionEntry, orders: Map<string, Doc>): void {
  if (entry.order_ref === null) return;
  const order = orders.get(entry.order_ref);
  if (!order) {
    throw unprocessable(`order_ref names no order of this customer`, [
      { path: 'order_ref', message: `no order ${entry.order_ref} for this customer` },
    ]);
  }
  const currency = orderCurrency(order.data);
  if (currency !== entry.currency) {
    throw unprocessable(`The order is in ${currency}; this entry is in ${entry.currency}`, [
      { path: 'currency', message: `must be ${currency}, the currency of order ${String(order.data.order_number ?? order.id)}` },
    ]);
  }
}
