import { ticketOpenSchema, customerCreateSchema } from '../customers/customers.schema.js';
import { CUSTOMERS } from '../shared/collections.js';
import { CustomersService } from '../customers/customers.service.js';
import type { Clock } from '../http/deps.js';
import { transactionCreateSchema } from '../ledger/ledger.schema.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { fromCents, toCents } from '../shared/money.js';
import type { PaymentStatus } from '../ledger/payment-status.js';
import {
  initNegotiationsSchema,
  orderCreateSchema,
  orderPatchSchema,
  paymentTermsPatchSchema,
  timelineEventInputSchema,
  type OrderResponse,
} from '../orders/orders.schema.js';
import { OrdersService } from '../orders/orders.service.js';
import { productCreateSchema, type Product } from '../products/products.schema.js';
import { ProductsService } from '../products/products.service.js';
import { seedDemoComms, type CommsSeedSummary, type DemoCommsDeps } from './demo-comms.js';
import { staffActor } from './demo-staff.js';
import { loadDemoPlan, type CustomerPlan, type ItemPlan, type LedgerPlan, type OrderPlan } from './demo-plan.js';

/**
 * The embedded server's first-run demo data: BellSystems' catalogue and thirty customers
 * with their orders, ledgers and tickets, and the last few weeks of their e-mails, WhatsApp
 * messages and calls (demo-comms.ts). Every step goes through the services (with the
 * services' own validation), played in date order on a clock set to each step's date, so
 * order numbers run in date order and search keys and payment statuses are what real use
 * would produce. An empty store only: a store that has customers is left alone.
 */

export interface SeedSummary {
  skipped: boolean;
  products: number;
  customers: number;
  orders: number;
  transactions: number;
  tickets: number;
  /** The e-mails, WhatsApp messages and statuses, and calls taken in (demo-comms.ts). */
  comms: CommsSeedSummary;
}

const DAY = 24 * 60 * 60 * 1000;
/** When the catalogue was entered, in days before seeding. */
const CATALOGUE_DAY = 540;

interface Step {
  day: number;
  seq: number;
  run: () => Promise<void>;
}

interface OrderState {
  id: string;
  totalCents: number;
  currency: string;
  status: PaymentStatus;
}

export async function seedDemoData(deps: DemoCommsDeps): Promise<SeedSummary> {
  const summary: SeedSummary = {
    skipped: false,
    products: 0,
    customers: 0,
    orders: 0,
    transactions: 0,
    tickets: 0,
    comms: { emails: 0, whatsapp: 0, calls: 0 },
  };
  if ((await deps.store.query({ collection: CUSTOMERS, limit: 1 })).length > 0) return { ...summary, skipped: true };

  const demo = loadDemoPlan();
  const end = deps.clock.now();
  let current = end;
  const clock: Clock = { now: () => new Date(current.getTime()) };
  const products = new ProductsService(deps.store, clock);
  const customers = new CustomersService(deps.store, clock);
  const orders = new OrdersService(deps.store, clock);
  const ledger = new LedgerService(deps.store, clock);
  const editor = await staffActor(deps, 'editor');
  const admin = await staffActor(deps, 'admin');

  current = stepTime(end, CATALOGUE_DAY, 0);
  const bySku = new Map<string, Product>();
  for (const plan of demo.products) {
    const product = await products.create(productCreateSchema.parse(plan));
    if (product.sku) bySku.set(product.sku, product);
    summary.products++;
  }

  const steps: Step[] = [];
  const at = (day: number, run: () => Promise<void>) => steps.push({ day, seq: steps.length, run });

  const itemsOf = (items: ItemPlan[]) =>
    items.map((item) => {
      if ('description' in item) {
        return { type: 'freetext', description: item.description, quantity: item.quantity, unit_price: item.price };
      }
      const product = bySku.get(item.sku);
      if (!product) throw new Error(`Demo data names an unknown SKU ${item.sku}`);
      return {
        type: 'product',
        product_id: product.id,
        product_name: product.name,
        quantity: item.quantity,
        unit_price: item.price ?? product.price,
        serial_numbers: item.serials ?? [],
      };
    });

  const planOrder = (customer: { id: string }, plan: OrderPlan) => {
    const state: OrderState = { id: '', totalCents: 0, currency: plan.currency ?? 'EUR', status: {} as PaymentStatus };
    const track = (order: OrderResponse) => {
      state.id = order.id;
      state.totalCents = toCents(Number(order.total_price ?? 0));
      state.status = order.payment_status as PaymentStatus;
    };

    at(plan.day, async () => {
      const order = plan.init
        ? await orders.initNegotiations(customer.id, initNegotiationsSchema.parse({ title: plan.title, ...plan.init }), editor)
        : await orders.create(
            customer.id,
            orderCreateSchema.parse({
              title: plan.title,
              items: itemsOf(plan.items ?? []),
              ...(plan.discount ? { discount: plan.discount } : {}),
              currency: state.currency,
              notes: plan.notes ?? '',
            }),
            editor,
          );
      track(order);
      summary.orders++;
    });
    if (plan.init && plan.items) {
      const items = plan.items;
      at(plan.itemsDay ?? plan.day, async () => {
        const body = { items: itemsOf(items), ...(plan.discount ? { discount: plan.discount } : {}) };
        track(await orders.patch(customer.id, state.id, orderPatchSchema.parse(body), editor));
      });
    }
    for (const [status, day] of plan.statuses ?? []) {
      at(day, async () => {
        track(await orders.patch(customer.id, state.id, orderPatchSchema.parse({ status }), editor));
        // Nothing is owed on a declined quote: staff clear its required amount.
        if (status === 'declined') {
          track(await orders.setPaymentTerms(customer.id, state.id, paymentTermsPatchSchema.parse({ required_amount: 0 })));
        }
      });
    }
    for (const [type, note, day] of plan.timeline ?? []) {
      at(day, async () => {
        track(await orders.addTimelineEvent(customer.id, state.id, timelineEventInputSchema.parse({ type, note }), editor));
      });
    }
    if (plan.advance) {
      const { share, day } = plan.advance;
      at(day, async () => {
        const body = { advance_required: true, advance_amount: fromCents(Math.round(state.totalCents * share)) };
        track(await orders.setPaymentTerms(customer.id, state.id, paymentTermsPatchSchema.parse(body)));
      });
    }
    if (plan.reduceRequired) {
      const { by, day } = plan.reduceRequired;
      at(day, async () => {
        const body = { required_amount: fromCents(toCents(state.status.required_amount) - toCents(by)) };
        track(await orders.setPaymentTerms(customer.id, state.id, paymentTermsPatchSchema.parse(body)));
      });
    }
    for (const entry of plan.ledger ?? []) {
      at(entry.day, async () => {
        const recorded = await ledger.record(customer.id, transactionCreateSchema.parse(ledgerBody(entry, state)), admin);
        const affected = recorded.affected_orders.find((o) => o.id === state.id);
        if (affected) state.status = affected.payment_status;
        summary.transactions++;
      });
    }
  };

  const planCustomer = (plan: CustomerPlan) => {
    const customer = { id: '' };
    at(plan.day, async () => {
      customer.id = (await customers.create(customerCreateSchema.parse(plan.body), editor)).id;
      summary.customers++;
    });
    for (const [status, day] of plan.relationship ?? []) {
      at(day, async () => {
        await customers.setRelationshipStatus(customer.id, status);
      });
    }
    for (const ticket of plan.tickets ?? []) {
      let ticketId = '';
      at(ticket.day, async () => {
        const opened = await customers.openTicket(customer.id, ticket.kind, ticketOpenSchema.parse({ note: ticket.note }), editor);
        ticketId = opened[ticket.kind].at(-1)?.id ?? '';
        summary.tickets++;
      });
      if (ticket.resolvedDay !== undefined) {
        at(ticket.resolvedDay, async () => {
          await customers.resolveTicket(customer.id, ticket.kind, ticketId, admin);
        });
      }
    }
    for (const order of plan.orders ?? []) planOrder(customer, order);
  };

  for (const plan of demo.customers) planCustomer(plan);

  // Oldest first; steps of one day keep the order they were planned in.
  steps.sort((a, b) => b.day - a.day || a.seq - b.seq);
  let previousDay = Number.NaN;
  let ofDay = 0;
  for (const step of steps) {
    ofDay = step.day === previousDay ? ofDay + 1 : 0;
    previousDay = step.day;
    current = stepTime(end, step.day, ofDay);
    await step.run();
  }
  // The last few weeks' messages and calls, once the customers they come from are there.
  summary.comms = await seedDemoComms(deps);
  return summary;
}

/** Office hours of the day `day` days before `end` (from 09:00 Athens, 9 minutes apart), never after `end`. */
function stepTime(end: Date, day: number, indexInDay: number): Date {
  const date = new Date(end.getTime() - day * DAY);
  date.setUTCHours(6, 0, 0, 0);
  const time = new Date(date.getTime() + indexInDay * 9 * 60 * 1000);
  return time < end ? time : end;
}

function ledgerBody(entry: LedgerPlan, order: OrderState): Record<string, unknown> {
  let cents: number;
  if (entry.amount === 'rest') cents = toCents(order.status.required_amount) - toCents(order.status.received_amount);
  else if (typeof entry.amount === 'number') cents = toCents(entry.amount);
  else cents = Math.round(order.totalCents * entry.amount.share);
  return {
    flow: entry.flow,
    ...(entry.type ? { payment_type: entry.type } : {}),
    ...(entry.category ? { category: entry.category } : {}),
    amount: fromCents(cents),
    currency: order.currency,
    ...(entry.invoice ? { invoice_ref: entry.invoice } : {}),
    ...(entry.unlinked ? {} : { order_ref: order.id }),
    ...(entry.note ? { note: entry.note } : {}),
  };
}
