/**
 * The customer-page shapes of the API (functions/src/customers, ledger, orders): what GET
 * /crm/customers/:id, /financials and /orders return, from the server's response schemas
 * (dates as ISO strings), and the bodies the forms send.
 */
import type {
  contactSchema,
  customerSchema,
  locationSchema,
  noteSchema,
  ownedItemSchema,
  ticketSchema,
} from '@functions/customers/customers.schema';
import type { currencyTotalsSchema, financialsSchema, transactionSchema } from '@functions/ledger/ledger.schema';
import type { orderResponseSchema } from '@functions/orders/orders.schema';
import type { Wire } from '@functions/shared/wire';
import type { ContactType } from '@functions/customers/customers.enums';
import type { PaymentType, TransactionCategory, TransactionFlow } from '@functions/ledger/ledger.enums';
import type { TicketKind } from '@functions/customers/customers.enums';
import type { OrderPaymentStatus, OrderStatus, RelationshipStatus } from './types';

export { contactTypes, ticketKinds, type ContactType, type TicketKind } from '@functions/customers/customers.enums';
export {
  paymentTypes,
  transactionCategories,
  transactionFlows,
  type PaymentType,
  type TransactionCategory,
  type TransactionFlow,
} from '@functions/ledger/ledger.enums';

export const ownedItemTypes = ['console_device', 'product', 'freetext'] as const satisfies readonly OwnedItem['type'][];
export type OwnedItemType = (typeof ownedItemTypes)[number];

/** URL segment of each ticket array. */
export const ticketSegments: Record<TicketKind, string> = {
  technical_issues: 'technical-issues',
  install_support: 'install-support',
};

/** Orders in these states are finished; any other is the customer's active order. */
export const closedOrderStatuses: readonly OrderStatus[] = ['complete', 'declined'];

export type Contact = Wire<typeof contactSchema>;

export type Note = Wire<typeof noteSchema>;




export type OwnedItem = Wire<typeof ownedItemSchema>;
export type ConsoleDeviceItem = Extract<OwnedItem, { type: 'console_device' }>;
export type ProductItem = Extract<OwnedItem, { type: 'product' }>;
export type FreetextItem = Extract<OwnedItem, { type: 'freetext' }>;
/** An owned item as a form sends it: a new one has no id yet. */
export type OwnedItemInput = WithOptionalId<OwnedItem>;
/** Per member of a union, so each kind of item keeps its own fields. */
type WithOptionalId<T> = T extends unknown ? Omit<T, 'id'> & { id?: string } : never;

export type Location = Wire<typeof locationSchema>;

/** An entry of technical_issues or install_support. */
export type Ticket = Wire<typeof ticketSchema>;

/** GET /crm/customers/:id */
export type CustomerRecord = Wire<typeof customerSchema>;

/** POST /crm/customers and PUT /crm/customers/:id (strict: only these keys). */
export interface CustomerInput {
  name: string;
  title: string | null;
  organization: string | null;
  religion: string | null;
  contacts: { id?: string; type: ContactType; label: string; value: string; primary: boolean }[];
  notes: { id?: string; text: string }[];
  location: { city: string; country: string; region: string } | null;
  language: string[];
  tags: string[];
  owned_items: OwnedItemInput[];
  linked_user_ids: string[];
  nextcloud_folder: string | null;
  relationship_status: RelationshipStatus;
}

export type Transaction = Wire<typeof transactionSchema>;

/** POST /crm/customers/:id/transactions (PATCH takes any part of it). */
export interface TransactionInput {
  date: string;
  flow: TransactionFlow;
  payment_type: PaymentType | null;
  category: TransactionCategory;
  amount: number;
  currency: string;
  invoice_ref: string | null;
  order_ref: string | null;
  note: string;
}

export type CurrencyTotals = Wire<typeof currencyTotalsSchema>;

/** GET /crm/customers/:id/financials */
export type Financials = Wire<typeof financialsSchema>;

export type OrderTimelineEntry = NonNullable<Order['timeline']>[number];

/** An order of GET /crm/customers/:id/orders (the fields the customer page reads). */
export type Order = Wire<typeof orderResponseSchema>;

/** An order the old system wrote may hold no payment status yet: nothing required, nothing received. */
const noPayment: OrderPaymentStatus = {
  required_amount: 0,
  advance_required: false,
  advance_amount: null,
  received_amount: 0,
  balance_due: 0,
  payment_complete: false,
};

export const paymentOf = (order: Order): OrderPaymentStatus => order.payment_status ?? noPayment;

/** The order a customer is working on: the newest one not complete or declined. */
export function activeOrderOf(orders: readonly Order[]): Order | null {
  const open = orders.filter((o) => !closedOrderStatuses.includes(o.status));
  return open.reduce<Order | null>((newest, o) => (!newest || o.created_at > newest.created_at ? o : newest), null);
}

/**
 * The note the list shows beside an order's status: its newest timeline note (only people write
 * notes; a status move is data, and the status itself is already shown), else the order's notes.
 */
export function orderNote(order: Order): string {
  const written = (order.timeline ?? []).filter((e) => e.note);
  const latest = written.sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  return latest?.note || order.notes || '';
}
