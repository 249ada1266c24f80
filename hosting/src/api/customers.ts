/**
 * The customer-page shapes of the API (functions/src/customers, ledger, orders): what GET
 * /crm/customers/:id, /financials and /orders return, and the bodies the forms send.
 * Dates arrive as ISO strings.
 */
import type { Customer, CustomerContact, OrderPaymentStatus, OrderStatus, RelationshipStatus } from './types';

export const contactTypes = ['email', 'phone', 'whatsapp', 'other'] as const;
export type ContactType = (typeof contactTypes)[number];

export const ownedItemTypes = ['console_device', 'product', 'freetext'] as const;
export type OwnedItemType = (typeof ownedItemTypes)[number];

export const ticketKinds = ['technical_issues', 'install_support'] as const;
export type TicketKind = (typeof ticketKinds)[number];

/** URL segment of each ticket array. */
export const ticketSegments: Record<TicketKind, string> = {
  technical_issues: 'technical-issues',
  install_support: 'install-support',
};

export const transactionFlows = ['invoice', 'payment', 'refund', 'credit'] as const;
export type TransactionFlow = (typeof transactionFlows)[number];
export const paymentTypes = ['cash', 'bank_transfer', 'card', 'paypal'] as const;
export type PaymentType = (typeof paymentTypes)[number];
export const transactionCategories = ['full_payment', 'advance', 'installment'] as const;
export type TransactionCategory = (typeof transactionCategories)[number];

/** Orders in these states are finished; any other is the customer's active order. */
export const closedOrderStatuses: readonly OrderStatus[] = ['complete', 'declined'];
/** The Quotations tab lists orders in these states (there is no separate quotations store). */
export const quotationStatuses: readonly OrderStatus[] = ['awaiting_quotation', 'awaiting_customer_confirmation'];

export interface Contact extends CustomerContact {
  id: string;
  label: string;
  primary: boolean;
  e164: string | null;
}

export interface Note {
  id: string;
  text: string;
  by: string;
  at: string;
}

export interface ConsoleDeviceItem {
  id?: string;
  type: 'console_device';
  device_id: string;
  label: string;
}

export interface ProductItem {
  id?: string;
  type: 'product';
  product_id: string;
  product_name: string;
  quantity: number;
  serial_numbers: string[];
}

export interface FreetextItem {
  id?: string;
  type: 'freetext';
  description: string;
  serial_number: string;
  notes: string;
}

export type OwnedItem = ConsoleDeviceItem | ProductItem | FreetextItem;

export interface Location {
  city: string;
  country: string;
  region: string;
}

/** An entry of technical_issues or install_support. */
export interface Ticket {
  id: string;
  active: boolean;
  opened_date: string;
  resolved_date: string | null;
  note: string;
  opened_by: string;
  resolved_by: string | null;
}

/** GET /crm/customers/:id */
export interface CustomerRecord extends Customer {
  title: string | null;
  organization: string | null;
  religion: string | null;
  contacts: Contact[];
  notes: Note[];
  location: Location | null;
  language: string[];
  tags: string[];
  owned_items: (OwnedItem & { id: string })[];
  linked_user_ids: string[];
  nextcloud_folder: string | null;
  relationship_status: RelationshipStatus;
  technical_issues: Ticket[];
  install_support: Ticket[];
  /** Set while archived (hidden from the list and search, restorable); absent in older fixtures. */
  archived_at?: string | null;
  created_at: string;
  updated_at: string;
  /** Sent back as If-Match on writes (the ETag); absent only in fixtures written before versions. */
  version?: string;
}

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
  owned_items: OwnedItem[];
  linked_user_ids: string[];
  nextcloud_folder: string | null;
  relationship_status: RelationshipStatus;
}

export interface Transaction {
  id: string;
  date: string;
  flow: TransactionFlow;
  payment_type: PaymentType | null;
  category: TransactionCategory;
  amount: number;
  currency: string;
  invoice_ref: string | null;
  order_ref: string | null;
  recorded_by: string;
  note: string;
}

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

export interface CurrencyTotals {
  currency: string;
  invoiced: number;
  paid: number;
  credits: number;
  outstanding: number;
}

/** GET /crm/customers/:id/financials */
export interface Financials {
  transactions: Transaction[];
  totals: CurrencyTotals[];
}

export interface OrderTimelineEntry {
  id: string;
  date: string;
  type: string;
  note: string;
  updated_by: string;
}

/** An order of GET /crm/customers/:id/orders (the fields the customer page reads). */
export interface Order {
  id: string;
  customer_id: string;
  order_number: string;
  title: string;
  status: OrderStatus;
  status_updated_date: string | null;
  status_updated_by?: string;
  currency: string;
  total_price?: number;
  notes?: string;
  payment_status: OrderPaymentStatus & { advance_required: boolean; advance_amount: number | null; payment_complete: boolean };
  timeline?: OrderTimelineEntry[];
  created_at: string;
  updated_at?: string;
}

/** The order a customer is working on: the newest one not complete or declined. */
export function activeOrderOf(orders: readonly Order[]): Order | null {
  const open = orders.filter((o) => !closedOrderStatuses.includes(o.status));
  return open.reduce<Order | null>((newest, o) => (!newest || o.created_at > newest.created_at ? o : newest), null);
}

/** Timeline entries the server writes on a status change ("Status: Negotiating → Manufacturing"). */
const statusChangeNote = /^Status: .+ → .+$/;

/**
 * The note the list shows beside an order's status: its newest timeline note that a person wrote
 * (the status itself is already shown), else the order's notes.
 */
export function orderNote(order: Order): string {
  const written = (order.timeline ?? []).filter((e) => e.note && !statusChangeNote.test(e.note));
  const latest = written.sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  return latest?.note || order.notes || '';
}
