import { ApiError, notFound } from '../http/errors.js';
import type { Clock } from '../http/deps.js';
import { parseLedger, rawLedger } from '../ledger/ledger.entries.js';
import { paymentStatusOf } from '../ledger/payment-status.sync.js';
import { allocateOrderNumber } from '../orders/order-number.js';
import type { OrderDoc, OrderItem, TimelineType } from '../orders/orders.schema.js';
import type { Actor } from '../shared/actor.js';
import { customerPath, orderPath } from '../shared/collections.js';
import { DEFAULT_CURRENCY, fromCents } from '../shared/money.js';
import type { DocData, DocStore, Transaction } from '../store/docstore.js';
import { athensDay } from './quote-days.js';
import { parseQuotePath } from './quote-paths.js';
import { quoteResponse } from './quote-response.js';
import type { Quote, QuoteDoc } from './quotes.schema.js';
import { historyEntry, stamp, stateConflict } from './quotes.service.js';

/**
 * The customer's answer, given online or recorded by staff. Acceptance turns the quote into the
 * order in the same transaction that marks it accepted, so two presses or two racing tabs make
 * one order: the second transaction sees the quote accepted and answers it as it is.
 */

export type AnswerChannel = 'staff' | 'public';

/** Why a quote takes no answer; online, a link that no longer works is 410. */
function refuseAnswer(quote: QuoteDoc, today: string, channel: AnswerChannel): void {
  const expired = quote.state === 'expired' || (quote.state === 'sent' && quote.valid_until < today);
  if (quote.state === 'sent' && !expired) return;
  const message = expired
    ? `Quote ${quote.number} expired on ${quote.valid_until}`
    : quote.state === 'superseded'
      ? `Quote ${quote.number} v${quote.revision} was replaced by a newer revision`
      : `Quote ${quote.number} is ${quote.state} and takes no answer`;
  const gone = channel === 'public' && (expired || quote.state === 'superseded');
  if (gone) throw new ApiError('gone', message, [{ path: 'state', message }]);
  throw stateConflict(message);
}

/** An order timeline entry as data (`props`), the shape order timelines are moving to. */
export function orderTimelineEntry(store: DocStore, type: TimelineType, quote: QuoteDoc, now: Date, actor: Actor) {
  return {
    id: store.newId(),
    date: now,
    type,
    props: { quote_number: quote.number, revision: quote.revision },
    note: '',
    updated_by: actor.name,
    updated_by_uid: actor.uid,
  };
}

function orderItems(store: DocStore, quote: QuoteDoc): OrderItem[] {
  return quote.lines.map((line) => ({
    id: store.newId(),
    type: line.product_id ? 'product' : 'freetext',
    product_id: line.product_id,
    product_name: line.description.split('\n')[0] ?? '',
    description: line.description,
    quantity: line.quantity,
    unit_price: fromCents(line.unit_price_cents),
    serial_numbers: [],
    // As quoted, so the order reads the same lines, discounts and VAT as the document the customer accepted.
    discount_percent: line.discount_percent,
    vat_rate: line.vat_rate,
    net: fromCents(line.net_cents),
    vat: fromCents(line.vat_cents),
    gross: fromCents(line.gross_cents),
  }));
}

/**
 * The order's money from the quote: its subtotal is the lines at list price, its discount
 * whatever the line and quote discounts took off, its total the quote's net; the amount the
 * customer owes is the quote's gross (VAT included), to the cent.
 */
function orderMoney(quote: QuoteDoc, items: OrderItem[]) {
  const subtotalCents = quote.lines.reduce((sum, line) => sum + line.quantity * line.unit_price_cents, 0);
  return {
    items,
    subtotal: fromCents(subtotalCents),
    discount: { type: 'fixed' as const, value: fromCents(subtotalCents - quote.totals.net_cents), reason: `${quote.number}` },
    total_price: fromCents(quote.totals.net_cents),
  };
}

async function fillOrder(store: DocStore, tx: Transaction, customerId: string, quote: QuoteDoc, now: Date, actor: Actor): Promise<string> {
  const [customer, existing] = await tx.getAll([customerPath(customerId), quote.order_id ? orderPath(customerId, quote.order_id) : customerPath(customerId)]);
  if (!customer) throw notFound('Customer');
  const terms = { required_amount: fromCents(quote.totals.gross_cents), advance_required: false, advance_amount: null };
  const money = orderMoney(quote, orderItems(store, quote));
  const status = { status: 'awaiting_fulfilment' as const, status_updated_date: now, status_updated_by: actor.name };
  if (quote.order_id && existing) {
    const current = existing.data;
    const ledger = parseLedger(rawLedger(customer.data)).entries;
    const merged = { ...current, ...money, payment_status: terms };
    const timeline = [...((current.timeline as unknown[] | undefined) ?? []), orderTimelineEntry(store, 'quote_accepted', quote, now, actor)];
    tx.update(existing.path, {
      ...money,
      ...status,
      timeline,
      payment_status: paymentStatusOf(quote.order_id, merged, ledger),
      ...stamp(actor, now),
    });
    return quote.order_id;
  }
  const orderId = store.newId();
  const orderNumber = await allocateOrderNumber(tx, now);
  const order: OrderDoc & { updated_by: string; updated_by_uid: string } = {
    order_number: orderNumber,
    title: quote.language === 'el' ? `Προσφορά ${quote.number}` : `Quotation ${quote.number}`,
    created_by: actor.name,
    created_by_uid: actor.uid,
    ...status,
    ...money,
    currency: DEFAULT_CURRENCY,
    shipping: { method: '', tracking_number: '', carrier: '', shipped_at: null, delivered_at: null, destination: '' },
    invoice_path: '',
    notes: '',
    payment_status: paymentStatusOf(orderId, { currency: DEFAULT_CURRENCY, payment_status: terms }, []),
    timeline: [orderTimelineEntry(store, 'quote_accepted', quote, now, actor) as unknown as OrderDoc['timeline'][number]],
    created_at: now,
    ...stamp(actor, now),
  };
  tx.create(orderPath(customerId, orderId), order as unknown as DocData);
  return orderId;
}

export interface AcceptBy {
  actor: Actor;
  /** The name the customer typed online, or the staff member recording a phone answer. */
  name: string;
}

export async function acceptQuote(store: DocStore, clock: Clock, path: string, by: AcceptBy, channel: AnswerChannel): Promise<Quote> {
  const ids = parseQuotePath(path);
  if (!ids) throw notFound('Quote');
  return store.runTransaction(async (tx) => {
    const doc = await tx.get(path);
    if (!doc) throw notFound('Quote');
    const quote = doc.data as unknown as QuoteDoc;
    // Pressed twice, or two tabs raced: the first made the order, this one answers what it made.
    if (quote.state === 'accepted') return quoteResponse(doc);
    const now = clock.now();
    refuseAnswer(quote, athensDay(now), channel);
    const orderId = await fillOrder(store, tx, ids.customerId, quote, now, by.actor);
    const updates = {
      state: 'accepted',
      answered_at: now,
      accepted_by_name: by.name,
      order_id: orderId,
      accepted_order_id: orderId,
      history: [...quote.history, historyEntry('quote_accepted', now, by.actor)],
      ...stamp(by.actor, now),
    };
    tx.update(path, updates);
    return quoteResponse({ ...doc, data: { ...doc.data, ...updates } });
  });
}

export async function declineQuote(store: DocStore, clock: Clock, path: string, reason: string, actor: Actor, channel: AnswerChannel): Promise<Quote> {
  const ids = parseQuotePath(path);
  if (!ids) throw notFound('Quote');
  return store.runTransaction(async (tx) => {
    const doc = await tx.get(path);
    if (!doc) throw notFound('Quote');
    const quote = doc.data as unknown as QuoteDoc;
    if (quote.state === 'declined') return quoteResponse(doc);
    const now = clock.now();
    refuseAnswer(quote, athensDay(now), channel);
    const order = quote.order_id ? await tx.get(orderPath(ids.customerId, quote.order_id)) : null;
    const updates = {
      state: 'declined',
      answered_at: now,
      decline_reason: reason,
      history: [...quote.history, historyEntry('quote_declined', now, actor)],
      ...stamp(actor, now),
    };
    tx.update(path, updates);
    if (order) {
      const timeline = [...((order.data.timeline as unknown[] | undefined) ?? []), orderTimelineEntry(store, 'quote_declined', quote, now, actor)];
      tx.update(order.path, { timeline, ...stamp(actor, now) });
    }
    return quoteResponse({ ...doc, data: { ...doc.data, ...updates } });
  });
}
