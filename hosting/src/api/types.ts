/**
 * Shapes of API responses the shell reads (see the API table in the team conventions). They list
 * the fields the shell renders; domain pages extend them as they need more.
 */
import type { Role } from '../auth/roles';

/** GET /me */
export interface Me {
  uid: string;
  email: string | null;
  name: string;
  role: Role | null;
}

/** An entry of GET /admin/users, and the answer of PUT /admin/users/:uid/role. */
export interface UserSummary {
  uid: string;
  email: string | null;
  displayName: string | null;
  role: Role | null;
  disabled: boolean;
}

/** A cursor-paged list: the spec's named array plus paging. */
export type Paged<Name extends string, T> = { [K in Name]: T[] } & { total?: number; next_cursor: string | null };

export const relationshipStatuses = ['lead', 'prospect', 'active', 'inactive', 'churned'] as const;
export type RelationshipStatus = (typeof relationshipStatuses)[number];

export const orderStatuses = [
  'negotiating',
  'awaiting_quotation',
  'awaiting_customer_confirmation',
  'awaiting_fulfilment',
  'awaiting_payment',
  'manufacturing',
  'shipped',
  'installed',
  'declined',
  'complete',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface CustomerContact {
  id?: string;
  type: 'email' | 'phone' | 'whatsapp' | 'other';
  label?: string;
  value: string;
  primary?: boolean;
}

export interface SupportEntry {
  id?: string;
  active: boolean;
}

export interface Customer {
  id: string;
  title?: string | null;
  name: string;
  surname?: string | null;
  organization?: string | null;
  location?: { city?: string | null; country?: string | null; region?: string | null } | null;
  /** Language codes, most spoken first. */
  language?: string[];
  tags?: string[];
  contacts?: CustomerContact[];
  relationship_status?: RelationshipStatus;
  technical_issues?: SupportEntry[];
  install_support?: SupportEntry[];
}

export interface OrderPaymentStatus {
  required_amount: number;
  received_amount: number;
  balance_due: number;
}

/** An entry of GET /crm/orders (the collection-group list). */
export interface OrderListItem {
  id: string;
  customer_id: string;
  customer_name: string;
  order_number?: string;
  title?: string;
  status: OrderStatus;
  currency?: string;
  status_updated_date?: string | null;
  created_at?: string;
  payment_status?: OrderPaymentStatus;
}

export interface Product {
  id: string;
  name: string;
  sku?: string;
  category: string;
  price: number;
  currency?: string;
  stock?: { on_hand: number; reserved: number; available: number };
  active: boolean;
}

export interface CommEntry {
  id: string;
  type: string;
  direction: string;
  subject?: string | null;
  body?: string | null;
  occurred_at: string;
}
