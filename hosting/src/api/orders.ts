/**
 * Orders as the API speaks them, from its response schemas (functions/src/orders/orders.schema.ts):
 * the order GET /crm/customers/:id/orders returns, the entries of GET /crm/orders, and the bodies
 * of the order routes. Dates arrive as ISO strings; totals and payment status are computed by the server.
 */
import type { orderResponseSchema } from '@functions/orders/orders.schema';
import type { Wire } from '@functions/shared/wire';
import type { ItemType, TimelineType } from '@functions/orders/orders.enums';
import type { OrderStatus, OrderListItem } from './types';

export { discountTypes, timelineTypes, type DiscountType, type TimelineType } from '@functions/orders/orders.enums';

/** The item kinds in the order a form offers them: products first. */
export const orderItemTypes = ['product', 'console_device', 'freetext'] as const satisfies readonly ItemType[];
export type OrderItemType = ItemType;

type OrderWire = Wire<typeof orderResponseSchema>;
export type OrderItem = NonNullable<OrderWire['items']>[number];
export type Discount = NonNullable<OrderWire['discount']>;
export type Shipping = NonNullable<OrderWire['shipping']>;
export type TimelineEntry = NonNullable<OrderWire['timeline']>[number];
/** What a timeline entry records as data: a status move (`from` null: the order was created) or a quote. */
export type OrderEventProps = NonNullable<TimelineEntry['props']>;
export type OrderStatusChange = Extract<OrderEventProps, { to: unknown }>;

export function isStatusChange(props: OrderEventProps | null | undefined): props is OrderStatusChange {
  return !!props && 'to' in props;
}

/** An order as the API returns it; orders the old system wrote may lack the newer fields. */
export type OrderRecord = OrderWire;

/** An entry of GET /crm/orders: an order with its customer's name. */
export type BoardOrder = OrderListItem;

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
