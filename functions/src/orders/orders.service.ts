import { z } from 'zod';
import type { Clock } from '../http/deps.js';
import { conflict, notFound, unprocessable } from '../http/errors.js';
import { assertVersion, type Precondition } from '../http/versions.js';
import { parseLedger, rawLedger } from '../ledger/ledger.entries.js';
import type { PaymentStatus, PaymentTerms } from '../ledger/payment-status.js';
import { paymentStatusOf } from '../ledger/payment-status.sync.js';
import { orderCurrency } from '../shared/money.js';
import { readPaymentTerms, samePaymentStatus, type Warning } from '../ledger/payment-status.js';
import { cursorAfter, type Cursor, type Doc, type DocData, type DocStore, type OrderBy, type Transaction, type Where } from '../store/docstore.js';
import { writeStamp, type Actor } from '../shared/actor.js';
import { initNegotiationsInTx } from './init-negotiations.js';
import { allocateOrderNumber } from './order-number.js';
import { customerPath, ORDERS, orderPath, ordersPath, parseOrderPath, productPath } from '../shared/collections.js';
import { decodeStoreCursor, encodeStoreCursor } from '../shared/cursor.js';
import { computeOrderTotals, OrderTotalsError, type OrderTotals } from './order-totals.js';
import {
  emptyShipping,
  noDiscount,
  orderItemInputSchema,
  orderResponse,
  type CustomerOrdersQuery,
  type Discount,
  type InitNegotiations,
  type OrderCreate,
  type OrderDoc,
  type OrderItem,
  type OrderItemInput,
  type AnnotatedOrder,
  type OrderPage,
  type OrderPatch,
  type OrderResponse,
  type OrderStatus,
  type OrderStatusChange,
  type OrdersQuery,
  type PaymentTermsPatch,
  type TimelineEntry,
  type TimelineEventInput,
  type TimelineType,
} from './orders.schema.js';

/** The timeline type that fits a move into each status; the rest are plain notes. */
const statusTimelineType: Partial<Record<OrderStatus, TimelineType>> = {
  awaiting_quotation: 'quote_request',
  awaiting_customer_confirmation: 'quote_sent',
  awaiting_fulfilment: 'quote_accepted',
  declined: 'quote_declined',
  manufacturing: 'mfg_started',
  shipped: 'order_shipped',
  installed: 'installed',
};

const byNewest: OrderBy[] = [{ field: 'created_at', direction: 'desc' }];

/** Where an order list continues: after one of `under`'s orders, or of any customer's for the list of all. */
const startAfterOrder = (token: string, under?: string): Cursor =>
  decodeStoreCursor(token, {
    values: byNewest.length,
    path: (path) => parseOrderPath(path) !== null && (under === undefined || path.startsWith(`${under}/`)),
  });

export function toOrderResponse(doc: Doc): OrderResponse {
  const ids = parseOrderPath(doc.path);
  return orderResponse(doc.id, ids?.customerId ?? '', doc.data);
}

function validateTerms(terms: PaymentTerms): void {
  const details = [];
  if (terms.advance_amount !== null && !terms.advance_required) {
    details.push({ path: 'advance_amount', message: 'must be null when no advance is required' });
  }
  if (terms.advance_amount !== null && terms.advance_amount > terms.required_amount) {
    details.push({ path: 'advance_amount', message: 'cannot exceed the required amount' });
  }
  const first = details[0];
  if (first) throw unprocessable(`Payment terms: ${first.path} ${first.message}`, details);
}

function totalsOf(items: readonly OrderItemInput[], discount: Discount): OrderTotals {
  try {
    return computeOrderTotals(items, discount);
  } catch (err) {
    if (err instanceof OrderTotalsError) throw unprocessable(err.message, [{ path: err.path, message: err.message }]);
    throw err;
  }
}

export class OrdersService {
  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
  ) {}

  async list(customerId: string, query: CustomerOrdersQuery): Promise<OrderPage> {
    if (!(await this.store.get(customerPath(customerId)))) throw notFound('Customer');
    const where: Where[] = query.status ? [{ field: 'status', op: '==', value: query.status }] : [];
    const docs = await this.store.query({
      collection: ordersPath(customerId),
      where,
      orderBy: byNewest,
      limit: query.limit + 1,
      ...(query.cursor ? { startAfter: startAfterOrder(query.cursor, ordersPath(customerId)) } : {}),
    });
    return page(docs, query.limit, toOrderResponse);
  }

  /** Every customer's orders (a collection-group query), each with its customer's name. */
  async listAll(query: OrdersQuery): Promise<{ orders: AnnotatedOrder[]; next_cursor: string | null }> {
    const where: Where[] = [];
    if (query.status) where.push({ field: 'status', op: '==', value: query.status });
    if (query.from) where.push({ field: 'created_at', op: '>=', value: query.from });
    if (query.to) where.push({ field: 'created_at', op: '<', value: query.to });
    const docs = await this.store.query({
      collectionGroup: ORDERS,
      where,
      orderBy: byNewest,
      limit: query.limit + 1,
      ...(query.cursor ? { startAfter: startAfterOrder(query.cursor) } : {}),
    });
    const { orders: listed, next_cursor } = page(docs, query.limit, toOrderResponse);
    // A collection named `orders` elsewhere in the store is not ours (it has no customer).
    const orders = listed.filter((order) => order.customer_id !== '');
    const customerIds = [...new Set(orders.map((o) => o.customer_id))];
    const customers = await this.store.getAll(customerIds.map(customerPath));
    const byId = new Map(customerIds.map((id, i) => [id, customers[i]?.data]));
    return {
      orders: orders.map((order) => {
        const customer = byId.get(order.customer_id);
        return {
          ...order,
          customer_name: typeof customer?.name === 'string' ? customer.name : '',
          customer_organization: typeof customer?.organization === 'string' ? customer.organization : '',
        };
      }),
      next_cursor,
    };
  }

  async get(customerId: string, orderId: string): Promise<OrderResponse> {
    const doc = await this.store.get(orderPath(customerId, orderId));
    if (!doc) throw notFound('Order');
    return toOrderResponse(doc);
  }

  async create(customerId: string, body: OrderCreate, actor: Actor): Promise<OrderResponse> {
    const items = this.withItemIds(body.items);
    const discount = body.discount ?? noDiscount;
    const totals = totalsOf(items, discount);
    const terms: PaymentTerms = {
      required_amount: body.payment_status?.required_amount ?? totals.total_price,
      advance_required: body.payment_status?.advance_required ?? false,
      advance_amount: body.payment_status?.advance_amount ?? null,
    };
    validateTerms(terms);
    return this.store.runTransaction(async (tx) => {
      await this.requireCustomer(tx, customerId);
      await withProductNames(tx, items);
      const now = this.clock.now();
      const orderNumber = await allocateOrderNumber(tx, now);
      const id = this.store.newId();
      const order: OrderDoc = {
        order_number: orderNumber,
        title: body.title,
        created_by: actor.name,
        created_by_uid: actor.uid,
        status: body.status,
        status_updated_date: now,
        status_updated_by: actor.name,
        items,
        subtotal: totals.subtotal,
        discount,
        total_price: totals.total_price,
        currency: body.currency,
        shipping: { ...emptyShipping, ...body.shipping },
        invoice_path: body.invoice_path,
        notes: body.notes,
        // A new order has no ledger entries yet: nothing received.
        payment_status: paymentStatusOf(id, { currency: body.currency, payment_status: terms }, []),
        timeline: [
          this.statusEntry({ from: null, to: body.status }, now, actor),
        ],
        created_at: now,
        updated_at: now,
      };
      const stored: DocData = { ...(order as unknown as DocData), ...writeStamp() };
      tx.create(orderPath(customerId, id), stored);
      return orderResponse(id, customerId, stored);
    });
  }

  /**
   * Creates an order in negotiation and moves the customer from lead or prospect to active,
   * in one transaction; an active, inactive or churned customer keeps their status.
   */
  /** Init Negotiations: see initNegotiationsInTx. */
  async initNegotiations(customerId: string, body: InitNegotiations, actor: Actor): Promise<OrderResponse> {
    return this.store.runTransaction(async (tx) => {
      const customer = await this.requireCustomer(tx, customerId);
      const { order } = await initNegotiationsInTx(tx, {
        customerId,
        customer: customer.data,
        orderId: this.store.newId(),
        input: body,
        actor,
        now: this.clock.now(),
        newId: () => this.store.newId(),
      });
      return order;
    });
  }

  async patch(customerId: string, orderId: string, body: OrderPatch, actor: Actor, precondition?: Precondition): Promise<OrderResponse> {
    return this.store.runTransaction(async (tx) => {
      const [customer, order] = await this.requireOrder(tx, customerId, orderId, precondition);
      const now = this.clock.now();
      const current = order.data;
      const updates: DocData = { updated_at: now, ...writeStamp() };

      for (const field of ['title', 'invoice_path', 'notes'] as const) {
        if (body[field] !== undefined) updates[field] = body[field];
      }
      if (body.shipping) updates.shipping = { ...emptyShipping, ...(current.shipping as object), ...body.shipping };

      if (body.items || body.discount) {
        const items = body.items ? await withProductNames(tx, this.withItemIds(body.items)) : storedItems(current.items);
        const discount = body.discount ?? (current.discount as Discount | undefined) ?? noDiscount;
        const totals = totalsOf(items, discount);
        Object.assign(updates, { items, discount, subtotal: totals.subtotal, total_price: totals.total_price });
        // required_amount follows the total until staff set it to something else.
        const terms = readPaymentTerms(current.payment_status);
        if (terms.required_amount === current.total_price && totals.total_price !== current.total_price) {
          updates.payment_status = { ...terms, required_amount: totals.total_price };
        }
      }

      const ledger = parseLedger(rawLedger(customer.data)).entries;
      if (body.currency !== undefined && body.currency !== orderCurrency(current)) {
        const other = ledger.filter((e) => e.order_ref === orderId && e.currency !== body.currency);
        if (other.length > 0) {
          throw conflict(
            `${other.length} ledger ${other.length === 1 ? 'entry references' : 'entries reference'} this order in ` +
              `${[...new Set(other.map((e) => e.currency))].join(', ')}; change or delete them before changing its currency`,
          );
        }
        updates.currency = body.currency;
      }

      const timeline = [...((current.timeline as TimelineEntry[] | undefined) ?? [])];
      if (body.status !== undefined && body.status !== current.status) {
        timeline.push(this.statusEntry({ from: current.status as OrderStatus, to: body.status }, now, actor));
        Object.assign(updates, {
          status: body.status,
          status_updated_date: now,
          status_updated_by: actor.name,
          timeline,
        });
      }

      const merged = { ...current, ...updates };
      const computed = paymentStatusOf(orderId, merged, ledger);
      if (!samePaymentStatus(current.payment_status, computed)) updates.payment_status = computed;
      tx.update(order.path, updates);
      const response = orderResponse(orderId, customerId, { ...current, ...updates });
      // Allowed (staff may close an order on trust), but said: the balance stays owed.
      const owed = (response.payment_status as PaymentStatus | undefined)?.balance_due ?? 0;
      if (body.status === 'complete' && current.status !== 'complete' && owed > 0) {
        const warning: Warning = {
          code: 'complete_unpaid',
          message: `Order ${String(current.order_number ?? orderId)} is complete with ${owed} ${orderCurrency(response)} still owed`,
        };
        return { ...response, warnings: [warning] };
      }
      return response;
    });
  }

  async addTimelineEvent(
    customerId: string,
    orderId: string,
    body: TimelineEventInput,
    actor: Actor,
  ): Promise<OrderResponse> {
    return this.store.runTransaction(async (tx) => {
      const [, order] = await this.requireOrder(tx, customerId, orderId);
      const now = this.clock.now();
      const timeline = [
        ...((order.data.timeline as TimelineEntry[] | undefined) ?? []),
        this.timelineEntry(body.type, body.note, body.date ?? now, actor),
      ];
      // The spec has a timeline event also stamp the status update (spec 002, 2C).
      const updates = { timeline, status_updated_date: now, status_updated_by: actor.name, updated_at: now, ...writeStamp() };
      tx.update(order.path, updates);
      return orderResponse(orderId, customerId, { ...order.data, ...updates });
    });
  }

  async setPaymentTerms(
    customerId: string,
    orderId: string,
    body: PaymentTermsPatch,
    precondition?: Precondition,
  ): Promise<OrderResponse> {
    return this.store.runTransaction(async (tx) => {
      const [customer, order] = await this.requireOrder(tx, customerId, orderId, precondition);
      const current = readPaymentTerms(order.data.payment_status);
      const advanceRequired = body.advance_required ?? current.advance_required;
      const terms: PaymentTerms = {
        required_amount: body.required_amount ?? current.required_amount,
        advance_required: advanceRequired,
        // Turning the advance off clears its amount unless one is given (which is then an error).
        advance_amount:
          body.advance_amount !== undefined ? body.advance_amount : advanceRequired ? current.advance_amount : null,
      };
      validateTerms(terms);
      const ledger = parseLedger(rawLedger(customer.data)).entries;
      const payment_status: PaymentStatus = paymentStatusOf(orderId, { ...order.data, payment_status: terms }, ledger);
      const updates = { payment_status, updated_at: this.clock.now(), ...writeStamp() };
      tx.update(order.path, updates);
      return orderResponse(orderId, customerId, { ...order.data, ...updates });
    });
  }

  /** Refused (409) while ledger entries reference the order, so no payment loses its order. */
  async remove(customerId: string, orderId: string, precondition?: Precondition): Promise<void> {
    await this.store.runTransaction(async (tx) => {
      const [customer, order] = await this.requireOrder(tx, customerId, orderId, precondition);
      const referencing = rawLedger(customer.data).filter((entry) => entry.order_ref === orderId);
      if (referencing.length > 0) {
        const number = typeof order.data.order_number === 'string' ? order.data.order_number : orderId;
        throw conflict(
          `Order ${number} is referenced by ${referencing.length} ledger ` +
            `${referencing.length === 1 ? 'entry' : 'entries'}; delete them or move them to another order first`,
        );
      }
      tx.delete(order.path);
    });
  }

  private async requireCustomer(tx: Transaction, customerId: string): Promise<Doc> {
    const customer = await tx.get(customerPath(customerId));
    if (!customer) throw notFound('Customer');
    return customer;
  }

  /** The customer and the order, read in `tx`; the order must match the client's If-Match. */
  private async requireOrder(tx: Transaction, customerId: string, orderId: string, precondition?: Precondition): Promise<[Doc, Doc]> {
    const [customer, order] = await tx.getAll([customerPath(customerId), orderPath(customerId, orderId)]);
    if (!customer) throw notFound('Customer');
    if (!order) throw notFound('Order');
    assertVersion(precondition, order.data, () => toOrderResponse(order));
    return [customer, order];
  }

  private withItemIds(items: OrderItemInput[]): OrderItem[] {
    return items.map((item) => ({ ...item, id: item.id ?? this.store.newId() }));
  }

  private timelineEntry(type: TimelineType, note: string, date: Date, actor: Actor): TimelineEntry {
    return { id: this.store.newId(), date, type, note, updated_by: actor.name, updated_by_uid: actor.uid };
  }

  private statusEntry(change: OrderStatusChange, date: Date, actor: Actor): TimelineEntry {
    return { ...this.timelineEntry(statusTimelineType[change.to] ?? 'note', '', date, actor), props: change };
  }
}

/**
 * Product items must name a product that exists, and keep its name as sold: an item without
 * a product_name takes the product's current one, so the order reads the same after the
 * product is renamed or archived. The price as sold is the item's own unit_price.
 */
async function withProductNames(tx: Transaction, items: OrderItem[]): Promise<OrderItem[]> {
  const ids = [...new Set(items.filter((i) => i.type === 'product' && i.product_id).map((i) => i.product_id!))];
  if (ids.length === 0) return items;
  const docs = await tx.getAll(ids.map(productPath));
  const names = new Map(ids.map((id, i) => [id, docs[i]?.data.name]));
  const details = items.flatMap((item, index) =>
    item.type === 'product' && item.product_id && names.get(item.product_id) === undefined
      ? [{ path: `items.${index}.product_id`, message: `no product ${item.product_id}` }]
      : [],
  );
  if (details.length > 0) throw unprocessable('An order item names a product that does not exist', details);
  for (const item of items) {
    const name = item.product_id ? names.get(item.product_id) : undefined;
    if (item.type === 'product' && item.product_name === '' && typeof name === 'string') item.product_name = name;
  }
  return items;
}

/** The stored items as they are, for recomputing totals when only the discount changes. */
function storedItems(stored: unknown): OrderItem[] {
  const items = stored ?? [];
  if (z.array(pricedItemSchema).safeParse(items).success) return items as OrderItem[];
  throw unprocessable('The stored items cannot be priced: send the items with the discount', [
    { path: 'items', message: 'stored items lack a valid quantity or unit_price; send them' },
  ]);
}

const pricedItemSchema = z.object({
  quantity: orderItemInputSchema.shape.quantity,
  unit_price: orderItemInputSchema.shape.unit_price,
});

function page<T>(docs: Doc[], limit: number, map: (doc: Doc) => T): { orders: T[]; next_cursor: string | null } {
  const pageDocs = docs.slice(0, limit);
  const last = pageDocs[pageDocs.length - 1];
  return {
    orders: pageDocs.map(map),
    next_cursor: docs.length > limit && last ? encodeStoreCursor(cursorAfter(last, byNewest)) : null,
  };
}
