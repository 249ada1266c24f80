import { z } from 'zod';
import { relationshipStatuses, ticketKinds } from '../customers/customers.schema.js';
import { paymentTypes, transactionCategories, transactionFlows } from '../ledger/ledger.schema.js';
import { discountTypes, orderStatuses, timelineTypes } from '../orders/orders.schema.js';
import customersData from './demo-customers.json' with { type: 'json' };
import productsData from './demo-products.json' with { type: 'json' };

/**
 * The demo data set, kept as data: BellSystems' catalogue (demo-products.json) and thirty
 * customers — parishes, municipalities and dealers — with their stories (demo-customers.json):
 * orders through every stage of the pipeline, payments, invoices, refunds and credits, and
 * support tickets, some open and some resolved. Names, places and numbers are invented.
 *
 * Each customer's story is dated steps. `day` counts days before the seeding moment; the
 * seeder plays every step of every customer in date order through the services, so numbers,
 * payment statuses and search keys come out as in real use. Customer and product bodies are
 * checked by the services' own schemas as they are created; the schemas here check the rest.
 */

/** The body of a create request, checked by the service's schema when the seeder sends it. */
const requestBody = z.record(z.string(), z.unknown());

/** A catalogue product by SKU (its price unless `price` is given), or a free-text line. */
const itemPlanSchema = z.union([
  z.strictObject({ sku: z.string(), quantity: z.number(), price: z.number().optional(), serials: z.array(z.string()).optional() }),
  z.strictObject({ description: z.string(), quantity: z.number(), price: z.number() }),
]);
export type ItemPlan = z.infer<typeof itemPlanSchema>;

const ledgerPlanSchema = z.strictObject({
  day: z.number(),
  flow: z.enum(transactionFlows),
  /** A share of the order's total, `'rest'` for what is still unpaid, or a fixed amount. */
  amount: z.union([z.number(), z.literal('rest'), z.strictObject({ share: z.number() })]),
  type: z.enum(paymentTypes).optional(),
  category: z.enum(transactionCategories).optional(),
  invoice: z.string().optional(),
  note: z.string().optional(),
  /** Not booked against the order (a general credit on the account). */
  unlinked: z.boolean().optional(),
});
export type LedgerPlan = z.infer<typeof ledgerPlanSchema>;

const orderPlanSchema = z.strictObject({
  title: z.string(),
  day: z.number(),
  /** Started with Init Negotiations (with this note) rather than a full order form. */
  init: z.strictObject({ note: z.string().optional() }).optional(),
  items: z.array(itemPlanSchema).optional(),
  /** For an init order: the day its items were filled in. */
  itemsDay: z.number().optional(),
  discount: z.strictObject({ type: z.enum(discountTypes), value: z.number(), reason: z.string() }).optional(),
  currency: z.string().optional(),
  notes: z.string().optional(),
  /** Status moves after creation, in order, each with its day. */
  statuses: z.array(z.tuple([z.enum(orderStatuses), z.number()])).optional(),
  /** Staff require an advance of this share of the total, decided on `day`. */
  advance: z.strictObject({ share: z.number(), day: z.number() }).optional(),
  /** Staff lower the required amount by `by` on `day` (an agreed reduction). */
  reduceRequired: z.strictObject({ by: z.number(), day: z.number() }).optional(),
  /** Timeline events: type, note, day. */
  timeline: z.array(z.tuple([z.enum(timelineTypes), z.string(), z.number()])).optional(),
  ledger: z.array(ledgerPlanSchema).optional(),
});
export type OrderPlan = z.infer<typeof orderPlanSchema>;

const ticketPlanSchema = z.strictObject({
  kind: z.enum(ticketKinds),
  day: z.number(),
  note: z.string(),
  resolvedDay: z.number().optional(),
});

const customerPlanSchema = z.strictObject({
  day: z.number(),
  body: requestBody,
  orders: z.array(orderPlanSchema).optional(),
  tickets: z.array(ticketPlanSchema).optional(),
  /** Relationship status changes after creation, each with its day. */
  relationship: z.array(z.tuple([z.enum(relationshipStatuses), z.number()])).optional(),
});
export type CustomerPlan = z.infer<typeof customerPlanSchema>;

export interface DemoPlan {
  /** Product create bodies, entered in this order. */
  products: Record<string, unknown>[];
  customers: CustomerPlan[];
}

/** The demo data set, checked against the plan's shape. */
export function loadDemoPlan(): DemoPlan {
  return z.strictObject({ products: z.array(requestBody), customers: z.array(customerPlanSchema) }).parse({
    products: productsData,
    customers: customersData,
  });
}
