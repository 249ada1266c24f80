import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationshipStatuses } from '../customers/customers.schema.js';
import { parseLedger, rawLedger } from '../ledger/ledger.entries.js';
import { paymentStatusOf } from '../ledger/payment-status.sync.js';
import { orderStatuses } from '../orders/orders.schema.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { seedDemoData, type SeedSummary } from './demo-data.js';

let t: TestApp;
let summary: SeedSummary;
beforeAll(async () => {
  t = await createTestApp();
  summary = await seedDemoData(t.deps);
}, 120_000);
afterAll(async () => {
  await t.close();
});

const get = (url: string, query: Record<string, string | number | boolean> = {}) =>
  request(t.app).get(`/api${url}`).query(query).set('Authorization', `Bearer ${t.tokens.viewer}`);

interface ListedOrder {
  id: string;
  customer_id: string;
  order_number: string;
  status: string;
  created_at: string;
  payment_status: { required_amount: number; received_amount: number; balance_due: number; payment_complete: boolean };
}

async function allOrders(): Promise<ListedOrder[]> {
  const res = await get('/crm/orders', { limit: 200 });
  expect(res.status).toBe(200);
  expect(res.body.next_cursor).toBeNull();
  return res.body.orders;
}

describe('seedDemoData', () => {
  it('fills an empty store through the services, once', async () => {
    expect(summary).toMatchObject({ skipped: false, products: 14, customers: 31, tickets: 7 });
    expect(summary.orders).toBeGreaterThanOrEqual(30);
    expect(summary.transactions).toBeGreaterThanOrEqual(40);
    expect(await seedDemoData(t.deps)).toMatchObject({ skipped: true, customers: 0 });
    const customers = await get('/crm/customers', { limit: 200 });
    expect(customers.body.total).toBe(31);
    const products = await get('/crm/products', { limit: 200 });
    expect(products.body.products).toHaveLength(14);
  });

  it('has customers in every relationship status, findable by Greek-aware search', async () => {
    for (const status of relationshipStatuses) {
      const res = await get('/crm/customers', { relationship_status: status });
      expect(res.body.customers.length, status).toBeGreaterThan(0);
    }
    for (const search of ['bibis', 'Μπίμπης', '6971234567']) {
      const res = await get('/crm/customers', { search });
      expect(res.body.customers.map((c: { name: string }) => c.name), search).toContain('Στέλιος Μπίμπης');
    }
    expect((await get('/crm/customers', { has_active_issue: true })).body.customers).toHaveLength(2);
    expect((await get('/crm/customers', { has_active_support: true })).body.customers).toHaveLength(2);
  });

  it('has orders in every status of the pipeline, numbered consecutively per year in date order', async () => {
    const orders = await allOrders();
    expect(orders).toHaveLength(summary.orders);
    expect(new Set(orders.map((o) => o.status))).toEqual(new Set(orderStatuses));

    const byYear = new Map<string, ListedOrder[]>();
    for (const order of [...orders].sort((a, b) => a.created_at.localeCompare(b.created_at))) {
      const year = order.order_number.slice(4, 8);
      byYear.set(year, [...(byYear.get(year) ?? []), order]);
    }
    for (const [year, ofYear] of byYear) {
      expect(ofYear.map((o) => o.order_number)).toEqual(ofYear.map((_, i) => `ORD-${year}-${String(i + 1).padStart(3, '0')}`));
    }
  });

  it('stores every order’s payment status as computed from its customer’s ledger', async () => {
    const orders = await allOrders();
    for (const order of orders) {
      const customer = (await t.store.get(`crm_customers/${order.customer_id}`))!;
      const stored = (await t.store.get(`crm_customers/${order.customer_id}/orders/${order.id}`))!;
      const ledger = parseLedger(rawLedger(customer.data));
      expect(ledger.unreadable).toEqual([]);
      expect(stored.data.payment_status, order.order_number).toEqual(paymentStatusOf(order.id, stored.data, ledger.entries));
    }
    const complete = orders.filter((o) => o.status === 'complete');
    expect(complete.length).toBeGreaterThan(0);
    for (const order of complete) expect(order.payment_status, order.order_number).toMatchObject({ payment_complete: true, balance_due: 0 });
    for (const order of orders.filter((o) => o.status === 'awaiting_payment')) {
      expect(order.payment_status.balance_due).toBeGreaterThan(0);
    }
    for (const order of orders.filter((o) => o.status === 'declined')) {
      expect(order.payment_status).toMatchObject({ required_amount: 0, balance_due: 0 });
    }
  });

  it('keeps ledgers in their own currencies, with refunds and credits', async () => {
    const london = (await get('/crm/customers', { search: 'Georgiou' })).body.customers[0];
    const financials = await get(`/crm/customers/${london.id}/financials`);
    expect(financials.body.totals).toEqual([expect.objectContaining({ currency: 'GBP', outstanding: 0 })]);

    const trikala = (await get('/crm/customers', { search: 'Τρικκαίων' })).body.customers[0];
    const refunded = await get(`/crm/customers/${trikala.id}/financials`);
    expect(refunded.body.transactions.map((e: { flow: string }) => e.flow)).toEqual(['refund', 'payment', 'invoice']);
    expect(refunded.body.totals[0]).toMatchObject({ currency: 'EUR', credits: 0 });
    expect(refunded.body.totals[0].outstanding).toBe(120);

    const dealer = (await get('/crm/customers', { search: 'Παπαδάκη' })).body.customers[0];
    const credited = await get(`/crm/customers/${dealer.id}/financials`);
    expect(credited.body.totals[0].credits).toBe(62.45);
  });
});
