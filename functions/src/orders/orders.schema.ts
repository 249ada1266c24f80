import { z } from 'zod';
import { docIdSchema } from '../shared/ids.js';
import { dateInputSchema } from '../shared/dates.js';
import { DEFAULT_CURRENCY, currencySchema, nonNegativeAmountSchema, orderCurrency } from '../shared/money.js';
import { paymentStatusSchema } from '../ledger/ledger.schema.js';
import { isoDate } from '../shared/wire.js';
import { paymentStateOf, type PaymentState, type PaymentStatus } from '../ledger/payment-status.js';
import { docVersion } from '../http/versions.js';
import { serverOwned, singleLineText, withoutServerOwned } from '../http/validate.js';
import { discountTypes, itemTypes, orderStatuses, type OrderStatus, timelineTypes, type TimelineType } from './orders.enums.js';
export { discountTypes, itemTypes, orderStatuses, type OrderStatus, timelineTypes, type TimelineType } from './orders.enums.js';

/** Orders: the subcollection `crm_customers/{id}/orders` (spec 001 "crm_orders", spec 002 1B). */

/**
 * What a timeline entry the server writes records as data: a move of the order's status, `from`
 * null when the order was created in `to`. The SPA words it in the reader's language.
 */
export const orderStatusChangeSchema = z.object({ from: z.enum(orderStatuses).nullable(), to: z.enum(orderStatuses) });
export type OrderStatusChange = z.output<typeof orderStatusChangeSchema>;
/** The quote a `quote_sent` / `quote_accepted` / `quote_declined` entry is about. */
export const orderQuoteEventSchema = z.object({ quote_number: z.string(), revision: z.number().int() });
/** What the server records on an order's timeline entry, as data: a status move or the quote it answers. */
export const orderEventPropsSchema = z.union([orderStatusChangeSchema, orderQuoteEventSchema]);
export type OrderEventProps = z.output<typeof orderEventPropsSchema>;

export const orderParamsSchema = z.object({ id: docIdSchema, orderId: docIdSchema });

const shortText = singleLineText().max(300);
const longText = z.string().max(10_000);

export const orderItemInputSchema = z.strictObject({
  /** Kept when the client sends the item back; new items get one from the server. */
  id: docIdSchema.optional(),
  type: z.enum(itemTypes),
  product_id: z.string().max(128).nullable().default(null),
  product_name: shortText.default(''),
  description: z.string().max(2000).default(''),
  quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000),
  unit_price: nonNegativeAmountSchema,
  serial_numbers: z.array(z.string().trim().min(1).max(200)).max(1000).default([]),
});
export type OrderItemInput = z.infer<typeof orderItemInputSchema>;
export type OrderItem = OrderItemInput & { id: string };

export const discountSchema = z
  .strictObject({
    type: z.enum(discountTypes),
    value: nonNegativeAmountSchema,
    reason: z.string().max(1000).default(''),
  })
  .refine((d) => d.type !== 'percentage' || d.value <= 100, {
    path: ['value'],
    message: 'a percentage must be at most 100',
  });
export type Discount = z.infer<typeof discountSchema>;
export const noDiscount: Discount = { type: 'percentage', value: 0, reason: '' };

const nullableDate = dateInputSchema.nullable();
export const shippingSchema = z.strictObject({
  method: shortText,
  tracking_number: shortText,
  carrier: shortText,
  shipped_at: nullableDate,
  delivered_at: nullableDate,
  destination: z.string().max(1000),
});
export type Shipping = z.infer<typeof shippingSchema>;
export const emptyShipping: Shipping = {
  method: '',
  tracking_number: '',
  carrier: '',
  shipped_at: null,
  delivered_at: null,
  destination: '',
};

export const paymentTermsInputSchema = z.strictObject({
  required_amount: nonNegativeAmountSchema,
  advance_required: z.boolean(),
  advance_amount: nonNegativeAmountSchema.nullable(),
});

/** PATCH …/payment-status: only what staff decide; received/balance/complete are computed. */
export const paymentTermsPatchSchema = paymentTermsInputSchema
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'give at least one of required_amount, advance_required, advance_amount');
export type PaymentTermsPatch = z.infer<typeof paymentTermsPatchSchema>;

const titleSchema = singleLineText().min(1, 'is required').max(300);

/** Who and when of an order (spec 002, 2A): the spec's bodies carry them; the token and the clock decide. */
const orderServerOwned = ['created_by', 'status_updated_by', 'status_updated_date'] as const;
const orderServerOwnedFields = {
  created_by: serverOwned(),
  status_updated_by: serverOwned(),
  status_updated_date: serverOwned(),
};

const itemsSchema = z
  .array(orderItemInputSchema)
  .max(500)
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (item.id === undefined) return;
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'is used by another item' });
      seen.add(item.id);
    });
  });

export const orderCreateSchema = z
  .strictObject({
    ...orderServerOwnedFields,
    title: titleSchema,
    status: z.enum(orderStatuses).default('negotiating'),
    items: itemsSchema.default([]),
    discount: discountSchema.optional(),
    currency: currencySchema.default(DEFAULT_CURRENCY),
    shipping: shippingSchema.partial().optional(),
    invoice_path: z.string().max(1000).default(''),
    notes: longText.default(''),
    /** Defaults: required_amount = the order's total, no advance. */
    payment_status: paymentTermsInputSchema.partial().optional(),
  })
  .transform(withoutServerOwned(orderServerOwned));
export type OrderCreate = z.infer<typeof orderCreateSchema>;

export const orderPatchSchema = z
  .strictObject({
    title: titleSchema,
    status: z.enum(orderStatuses),
    items: itemsSchema,
    discount: discountSchema,
    currency: currencySchema,
    shipping: shippingSchema.partial(),
    invoice_path: z.string().max(1000),
    notes: longText,
    ...orderServerOwnedFields,
  })
  .partial()
  .refine(
    (body) => Object.keys(body).some((key) => !(orderServerOwned as readonly string[]).includes(key)),
    'give at least one field to change',
  )
  .transform(withoutServerOwned(orderServerOwned));
export type OrderPatch = z.infer<typeof orderPatchSchema>;

/** `updated_by` (spec 002, 2C) comes from the token. */
export const timelineEventInputSchema = z
  .strictObject({
    type: z.enum(timelineTypes),
    note: z.string().trim().min(1, 'is required').max(5000),
    date: dateInputSchema.optional(),
    updated_by: serverOwned(),
  })
  .transform(withoutServerOwned(['updated_by']));
export type TimelineEventInput = z.infer<typeof timelineEventInputSchema>;

/** `created_by` (spec 002, 2C) comes from the token. */
export const initNegotiationsSchema = z
  .strictObject({
    title: titleSchema,
    note: z.string().trim().max(5000).optional(),
    date: dateInputSchema.optional(),
    created_by: serverOwned(),
  })
  .transform(withoutServerOwned(['created_by']));
export type InitNegotiations = z.infer<typeof initNegotiationsSchema>;

const limitSchema = z.coerce.number().int().min(1).max(200).default(50);

export const customerOrdersQuerySchema = z.object({
  status: z.enum(orderStatuses).optional(),
  limit: limitSchema,
  cursor: z.string().max(2000).optional(),
});
export type CustomerOrdersQuery = z.infer<typeof customerOrdersQuerySchema>;

export const ordersQuerySchema = z
  .object({
    status: z.enum(orderStatuses).optional(),
    /** created_at ≥ from */
    from: dateInputSchema.optional(),
    /** created_at < to */
    to: dateInputSchema.optional(),
    limit: limitSchema,
    cursor: z.string().max(2000).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });
export type OrdersQuery = z.infer<typeof ordersQuerySchema>;

/** `note` holds only what staff typed; what the server records goes in `props`. */
export interface TimelineEntry {
  id: string;
  date: Date;
  type: TimelineType;
  props?: OrderEventProps;
  note: string;
  updated_by: string;
  updated_by_uid?: string;
}

/** An order document as the API writes it. */
export interface OrderDoc {
  order_number: string;
  title: string;
  created_by: string;
  created_by_uid: string;
  status: OrderStatus;
  status_updated_date: Date;
  status_updated_by: string;
  items: OrderItem[];
  subtotal: number;
  discount: Discount;
  total_price: number;
  currency: string;
  shipping: Shipping;
  invoice_path: string;
  notes: string;
  payment_status: PaymentStatus;
  timeline: TimelineEntry[];
  created_at: Date;
  updated_at: Date;
}

const paymentStates = ['no_amount', 'unpaid', 'partially_paid', 'paid', 'overpaid'] as const satisfies readonly PaymentState[];

/** Orders written by the old system may lack the newer fields, so those are optional. */
export const orderResponseSchema = z.looseObject({
  id: z.string(),
  customer_id: z.string(),
  /** The stored document's version, also sent as the ETag. */
  version: z.string(),
  /** Derived from payment_status, so `overpaid` is visible. */
  payment_state: z.enum(paymentStates),
  order_number: z.string(),
  title: z.string(),
  created_by: z.string().optional(),
  created_by_uid: z.string().optional(),
  status: z.enum(orderStatuses),
  status_updated_date: isoDate.optional(),
  status_updated_by: z.string().optional(),
  /** Items the old system wrote pass through as stored, so only their type is sure. */
  items: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        type: z.string(),
        product_id: z.string().nullable().optional(),
        product_name: z.string().optional(),
        description: z.string().optional(),
        quantity: z.number().optional(),
        unit_price: z.number().optional(),
        serial_numbers: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  subtotal: z.number().optional(),
  discount: z.object({ type: z.enum(discountTypes), value: z.number(), reason: z.string() }).optional(),
  total_price: z.number().optional(),
  currency: z.string(),
  shipping: z
    .object({
      method: z.string(),
      tracking_number: z.string(),
      carrier: z.string(),
      shipped_at: isoDate.nullable(),
      delivered_at: isoDate.nullable(),
      destination: z.string(),
    })
    .optional(),
  invoice_path: z.string().optional(),
  notes: z.string().optional(),
  payment_status: paymentStatusSchema.optional(),
  timeline: z
    .array(
      z.object({
        id: z.string(),
        date: isoDate,
        type: z.enum(timelineTypes),
        props: orderEventPropsSchema.optional(),
        note: z.string(),
        updated_by: z.string(),
        updated_by_uid: z.string().optional(),
      }),
    )
    .optional(),
  created_at: isoDate,
  updated_at: isoDate.optional(),
});
/** An order as the API returns it: the document, its id, its customer's id, its version and payment state. */
export type OrderResponse = z.output<typeof orderResponseSchema>;

export const orderPageSchema = z.object({ orders: z.array(orderResponseSchema), next_cursor: z.string().nullable() });
export type OrderPage = z.output<typeof orderPageSchema>;

/** An entry of GET /crm/orders: an order with its customer's name. */
export const annotatedOrderSchema = orderResponseSchema.extend({ customer_name: z.string(), customer_organization: z.string() });
export type AnnotatedOrder = z.output<typeof annotatedOrderSchema>;
export const annotatedOrderPageSchema = z.object({ orders: z.array(annotatedOrderSchema), next_cursor: z.string().nullable() });

/**
 * The response for stored order fields (`data` is the document as stored); ids come from the
 * path, never from stored fields of those names.
 */
export function orderResponse(id: string, customerId: string, data: object): OrderResponse {
  const { id: _id, customer_id: _customerId, version: _version, payment_state: _state, ...fields } = data as Record<string, unknown>;
  // The stored fields are an order's, as this API or the old system wrote them; every route test checks the answer against the schema.
  return {
    id,
    customer_id: customerId,
    ...fields,
    currency: orderCurrency(fields),
    payment_state: paymentStateOf(fields.payment_status),
    version: docVersion(data),
  } as OrderResponse;
}
