/**
 * Orders as the API speaks them (functions/src/orders/orders.schema.ts): the full order document
 * that GET /crm/customers/:id/orders returns, the entries of GET /crm/orders, and the bodies of
 * the order routes. Dates arrive as ISO strings; totals and payment status are computed by the server.
 */
import type { Order } from './customers';
import type { OrderStatus } from './types';

export const timelineTypes = [
  'quote_request',
  'quote_sent',
  'quote_accepted',
  'quote_declined',
  'mfg_started',
  'mfg_complete',
  'order_shipped',
  'installed',
  'payment_received',
  'invoice_sent',
  'note',
] as const;
export type TimelineType = (typeof timelineTypes)[number];

export const orderItemTypes = ['product', 'console_device', 'freetext'] as const;
export type OrderItemType = (typeof orderItemTypes)[number];

export const discountTypes = ['percentage', 'fixed'] as const;
export type DiscountType = (typeof discountTypes)[number];

export interface OrderItem {
  id: string;
  type: OrderItemType;
  product_id: string | null;
  product_name: string;
  description: string;
  quantity: number;
  unit_price: number;
  serial_numbers: string[];
}

export interface Discount {
  type: DiscountType;
  value: number;
  reason: string;
}

export interface Shipping {
  method: string;
  tracking_number: string;
  carrier: string;
  shipped_at: string | null;
  delivered_at: string | null;
  destination: string;
}

export interface TimelineEntry {
  id: string;
  date: string;
  type: TimelineType | string;
  note: string;
  updated_by: string;
}

/**
 * An order document. Orders written by the old system may lack the newer fields, so those the
 * API does not always hold are optional.
 */
export interface OrderRecord extends Order {
  created_by?: string;
  items?: OrderItem[];
  subtotal?: number;
  discount?: Discount;
  total_price?: number;
  shipping?: Partial<Shipping>;
  invoice_path?: string;
  notes?: string;
  timeline?: TimelineEntry[];
}

/** An entry of GET /crm/orders: an order with its customer's name. */
export interface BoardOrder extends OrderRecord {
  customer_name: string;
  customer_organization?: string;
}

export interface OrderItemInput {
  id?: string;
  type: OrderItemType;
  product_id: string | null;
  product_name: string;
  description: string;
  quantity: number;
  unit_price: number;
  serial_numbers: string[];
}

/** POST /crm/customers/:id/orders (strict: only these keys). */
export interface OrderInput {
  title: string;
  status: OrderStatus;
  items: OrderItemInput[];
  discount: Discount;
  currency: string;
  shipping: Shipping;
  notes: string;
}

/** PATCH /crm/customers/:id/orders/:orderId: any part of the input. */
export type OrderPatch = Partial<OrderInput>;

/** POST …/timeline */
export interface TimelineEventInput {
  type: TimelineType;
  note: string;
  date?: string;
}

/** PATCH …/payment-status: what staff decide; received, balance and completion are computed. */
export interface PaymentTermsInput {
  required_amount: number;
  advance_required: boolean;
  advance_amount: number | null;
}

/** Board filters, as GET /crm/orders takes them (`to` is exclusive). */
export interface BoardFilters {
  status?: OrderStatus;
  /** yyyy-mm-dd, created on or after */
  from?: string;
  /** yyyy-mm-dd, created on or before (inclusive in the UI) */
  to?: string;
}

export const orderPath = (customerId: string, orderId?: string): string =>
  `/crm/customers/${encodeURIComponent(customerId)}/orders${orderId ? `/${encodeURIComponent(orderId)}` : ''}`;

/** A stable key for an order across customers (order ids are unique per customer only). */
export const orderKey = (order: { customer_id: string; id: string }): string => `${order.customer_id}/${order.id}`;
