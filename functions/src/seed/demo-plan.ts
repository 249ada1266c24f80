import type { z } from 'zod';
import type { customerCreateSchema, RelationshipStatus, TicketKind } from '../customers/customers.schema.js';
import type { PaymentType, TransactionCategory } from '../ledger/ledger.schema.js';
import type { Discount, OrderStatus, TimelineType } from '../orders/orders.schema.js';

/**
 * The shape of the demo data set: each customer's story as dated steps. `day` counts days
 * before the seeding moment; the seeder plays every step of every customer in date order
 * through the services, so numbers, payment statuses and search keys come out as in real use.
 */

/** A catalogue product by SKU (its price unless `price` is given), or a free-text line. */
export type ItemPlan =
  | { sku: string; quantity: number; price?: number; serials?: string[] }
  | { description: string; quantity: number; price: number };

export interface LedgerPlan {
  day: number;
  flow: 'invoice' | 'payment' | 'refund' | 'credit';
  /** A share of the order's total, `'rest'` for what is still unpaid, or a fixed amount. */
  amount: number | 'rest' | { share: number };
  type?: PaymentType;
  category?: TransactionCategory;
  invoice?: string;
  note?: string;
  /** Not booked against the order (a general credit on the account). */
  unlinked?: boolean;
}

export interface OrderPlan {
  title: string;
  day: number;
  /** Started with Init Negotiations (with this note) rather than a full order form. */
  init?: { note?: string };
  items?: ItemPlan[];
  /** For an init order: the day its items were filled in. */
  itemsDay?: number;
  discount?: Discount;
  currency?: string;
  notes?: string;
  /** Status moves after creation, in order. */
  statuses?: [OrderStatus, number][];
  /** Staff require an advance of this share of the total, decided on `day`. */
  advance?: { share: number; day: number };
  /** Staff lower the required amount by `by` on `day` (an agreed reduction). */
  reduceRequired?: { by: number; day: number };
  timeline?: [TimelineType, string, number][];
  ledger?: LedgerPlan[];
}

export interface TicketPlan {
  kind: TicketKind;
  day: number;
  note: string;
  resolvedDay?: number;
}

export interface CustomerPlan {
  day: number;
  body: z.input<typeof customerCreateSchema>;
  orders?: OrderPlan[];
  tickets?: TicketPlan[];
  relationship?: [RelationshipStatus, number][];
}
