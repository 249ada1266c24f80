import { relationshipStatusUpdate } from '../customers/customer-index.js';
import { paymentStatusOf } from '../ledger/payment-status.sync.js';
import type { DocData, Transaction } from '../store/docstore.js';
import { writeStamp, type Actor } from '../shared/actor.js';
import { allocateOrderNumber } from './order-number.js';
import { customerPath, orderPath } from '../shared/collections.js';
import { emptyShipping, noDiscount, orderResponse, type InitNegotiations, type OrderDoc, type OrderResponse } from './orders.schema.js';

/** Relationship statuses that a first negotiation moves to active (spec 002, 2C). */
const upgradableToActive = new Set(['lead', 'prospect']);

export interface InitNegotiationsArgs {
  customerId: string;
  /** The customer document's data, read by the caller inside this same transaction. */
  customer: DocData;
  /** The new order's id; a fixed id makes a rerun (a migration) find the order it made. */
  orderId: string;
  input: InitNegotiations;
  actor: Actor;
  now: Date;
  /** Ids for array entries (the store's newId). */
  newId: () => string;
}

/**
 * Inside the caller's transaction: creates an order in negotiation and moves the customer
 * from lead or prospect to active (an active, inactive or churned customer keeps theirs).
 * Does its reads (the order, the year's counter) before any write; when the order already
 * exists it writes nothing and returns it with `created: false`.
 */
export async function initNegotiationsInTx(
  tx: Transaction,
  args: InitNegotiationsArgs,
): Promise<{ order: OrderResponse; created: boolean }> {
  const { customerId, orderId, input, actor, now } = args;
  const path = orderPath(customerId, orderId);
  const existing = await tx.get(path);
  if (existing) return { order: orderResponse(orderId, customerId, existing.data), created: false };

  const orderNumber = await allocateOrderNumber(tx, now);
  const date = input.date ?? now;
  const note = input.note ?? '';
  const order: OrderDoc = {
    order_number: orderNumber,
    title: input.title,
    created_by: actor.name,
    created_by_uid: actor.uid,
    status: 'negotiating',
    status_updated_date: date,
    status_updated_by: actor.name,
    items: [],
    subtotal: 0,
    discount: noDiscount,
    total_price: 0,
    currency: 'EUR',
    shipping: emptyShipping,
    invoice_path: '',
    notes: note,
    payment_status: paymentStatusOf(orderId, { currency: 'EUR' }, []),
    timeline: [
      {
        id: args.newId(),
        date,
        type: 'note',
        props: { from: null, to: 'negotiating' },
        note,
        updated_by: actor.name,
        updated_by_uid: actor.uid,
      },
    ],
    created_at: now,
    updated_at: now,
  };
  const stored: DocData = { ...(order as unknown as DocData), ...writeStamp() };
  tx.create(path, stored);
  const relationship = args.customer.relationship_status ?? 'lead';
  if (typeof relationship === 'string' && upgradableToActive.has(relationship)) {
    // The customers service's index fields follow the status, so they change in the same write.
    tx.update(customerPath(customerId), relationshipStatusUpdate(customerId, args.customer, 'active', now));
  }
  return { order: orderResponse(orderId, customerId, stored), created: true };
}
