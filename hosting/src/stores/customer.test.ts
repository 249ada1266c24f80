import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { paymentOf, type Financials, type Order } from '../api/customers';
import { customerFixture, financialsFixture, orderFixture, transactionFixture } from '../test-support/customer-fixtures';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { useCustomerStore, versionConflictPrompt } from './customer';

const ok = (body: unknown): ReturnType<FakeRoute> => ({ status: 200, body });

/** A small in-memory backend for customer c1: the ledger and orders the routes read and write. */
function backend() {
  let customer = customerFixture();
  let orders: Order[] = [orderFixture()];
  let financials: Financials = financialsFixture();
  const api = installFakeApi({
    'GET /api/crm/customers/c1': () => ok(customer),
    'GET /api/crm/customers/c1/financials': () => ok(financials),
    'GET /api/crm/customers/c1/orders': () => ok({ orders, next_cursor: null }),
    'PATCH /api/crm/customers/c1/relationship-status': (r) => {
      customer = { ...customer, relationship_status: (r.body as { status: 'active' }).status };
      return ok(customer);
    },
    'POST /api/crm/customers/c1/technical-issues': (r) => {
      const { note } = r.body as { note: string };
      customer = {
        ...customer,
        technical_issues: [
          { id: 'ti1', active: true, note, opened_date: '2026-03-25T09:00:00.000Z', resolved_date: null, opened_by: 'G', opened_by_uid: 'u-g', resolved_by: null, resolved_by_uid: null },
        ],
      };
      return { status: 201, body: customer };
    },
    'POST /api/crm/customers/c1/notes': (r) => {
      const { text } = r.body as { text: string };
      customer = { ...customer, notes: [...customer.notes, { id: `n${customer.notes.length + 1}`, text, by: 'G', by_uid: 'u-g', at: '2026-03-25T09:00:00.000Z' }] };
      return { status: 201, body: customer };
    },
    'PUT /api/crm/customers/c1': (r) => {
      const body = r.body as { notes: { id?: string; text: string }[] };
      customer = {
        ...customer,
        notes: body.notes.map((n, i) => ({ id: n.id ?? `n${i + 1}`, text: n.text, by: 'G', by_uid: 'u-g', at: '2026-03-25T09:00:00.000Z' })),
      };
      return ok(customer);
    },
    'POST /api/crm/customers/c1/orders/init-negotiations': (r) => {
      const order = orderFixture({ id: 'o2', order_number: 'ORD-2026-002', title: (r.body as { title: string }).title, created_at: '2026-03-26T09:00:00.000Z' });
      orders = [order, ...orders];
      customer = { ...customer, relationship_status: 'active' };
      return { status: 201, body: order };
    },
    'POST /api/crm/customers/c1/transactions': (r) => {
      const entry = transactionFixture({ ...(r.body as object), id: 't1' });
      financials = financialsFixture([entry]);
      orders = orders.map((o) => (o.id === entry.order_ref ? { ...o, payment_status: { ...paymentOf(o), received_amount: entry.amount, balance_due: paymentOf(o).required_amount - entry.amount } } : o));
      return { status: 201, body: { ...entry, affected_orders: [], warnings: [] } };
    },
    'DELETE /api/crm/customers/c1/transactions/t1': () => {
      financials = financialsFixture();
      return { status: 204 };
    },
  });
  return { api, requests: api.requests };
}

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

describe('customer store', () => {
  it('loads the customer, its financials and its orders together', async () => {
    backend();
    const store = useCustomerStore();
    await store.load('c1');
    expect(store.customer?.name).toBe('Ενορία Αγίου Νικολάου');
    expect(store.financials?.transactions).toEqual([]);
    expect(store.orders.map((o) => o.id)).toEqual(['o1']);
    expect(store.activeOrder?.id).toBe('o1');
    expect(store.loading).toBe(false);
  });

  it('asks for the orders in one page of up to 200', async () => {
    const { requests } = backend();
    await useCustomerStore().load('c1');
    expect(requests.find((r) => r.path.endsWith('/orders'))?.query.get('limit')).toBe('200');
  });

  it('records a payment and reloads the ledger and the orders, so balances follow', async () => {
    const { requests } = backend();
    const store = useCustomerStore();
    await store.load('c1');
    await store.recordTransaction({ flow: 'payment', payment_type: 'cash', category: 'advance', amount: 300, currency: 'EUR', order_ref: 'o1' });
    expect(store.financials?.totals).toEqual([{ currency: 'EUR', invoiced: 0, paid: 300, credits: 0, outstanding: -300 }]);
    expect(store.orders[0]?.payment_status?.balance_due).toBe(700);
    const after = requests.slice(requests.findIndex((r) => r.method === 'POST'));
    expect(after.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/crm/customers/c1/financials',
      'GET /api/crm/customers/c1/orders',
      'POST /api/crm/customers/c1/transactions',
    ]);
  });

  it('deletes a transaction and reloads', async () => {
    backend();
    const store = useCustomerStore();
    await store.load('c1');
    await store.recordTransaction({ flow: 'payment', payment_type: 'cash', amount: 300 });
    await store.deleteTransaction('t1');
    expect(store.financials?.transactions).toEqual([]);
  });

  it('takes the customer from the answer of a write, without another request', async () => {
    const { requests } = backend();
    const store = useCustomerStore();
    await store.load('c1');
    const before = requests.length;
    await store.setRelationshipStatus('active');
    await store.openTicket('technical_issues', { note: 'Δεν χτυπά' });
    expect(store.customer?.relationship_status).toBe('active');
    expect(store.customer?.technical_issues.map((t) => t.note)).toEqual(['Δεν χτυπά']);
    expect(requests.slice(before).map((r) => r.method)).toEqual(['PATCH', 'POST']);
  });

  it('Init Negotiations reloads the customer (relationship now active) and its orders', async () => {
    backend();
    const store = useCustomerStore();
    await store.load('c1');
    const order = await store.initNegotiations({ title: 'Νέα καμπάνα' });
    expect(order.id).toBe('o2');
    expect(store.customer?.relationship_status).toBe('active');
    expect(store.orders.map((o) => o.id)).toEqual(['o2', 'o1']);
    expect(store.activeOrder?.id).toBe('o2');
  });

  it('adds a note through the append route, sending the new text only', async () => {
    const { requests } = backend();
    const store = useCustomerStore();
    await store.load('c1');
    await store.addNote('Πρώτη');
    await store.addNote('Δεύτερη');
    expect(requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ text: 'Πρώτη' }, { text: 'Δεύτερη' }]);
    expect(requests.some((r) => r.method === 'PUT')).toBe(false);
    expect(store.customer?.notes.map((n) => n.text)).toEqual(['Πρώτη', 'Δεύτερη']);
  });

  it('sends If-Match on save; on 412 it shows the current version and, if the user merges, saves on top of it', async () => {
    let stored = customerFixture({ version: 'v2', tags: ['theirs'] });
    const seen: (string | null)[] = [];
    installFakeApi({
      'GET /api/crm/customers/c1': () => ok({ ...stored, version: 'v1', tags: [] }),
      'GET /api/crm/customers/c1/financials': () => ok(financialsFixture()),
      'GET /api/crm/customers/c1/orders': () => ok({ orders: [], next_cursor: null }),
      'PUT /api/crm/customers/c1': (r) => {
        if (seen.at(-1) !== '"v2"') return { status: 412, body: { error: { code: 'precondition_failed', message: 'changed', details: [], current: stored } } };
        stored = { ...stored, ...(r.body as object), version: 'v3' };
        return ok(stored);
      },
    });
    const fakeFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init: RequestInit) => {
      seen.push(new Headers(init.headers).get('If-Match'));
      return fakeFetch(input, init);
    });
    const asked: string[] = [];
    versionConflictPrompt.confirm = (message) => {
      asked.push(message);
      return true;
    };
    const store = useCustomerStore();
    await store.load('c1');
    const saved = await store.save({ name: 'Mine' });
    expect(seen.filter((h) => h !== null)).toEqual(['"v1"', '"v2"']);
    expect(asked).toHaveLength(1);
    expect(saved).toMatchObject({ name: 'Mine', tags: ['theirs'], version: 'v3' });
    expect(store.customer?.version).toBe('v3');

    // Declining keeps their version on the page and reports the conflict.
    versionConflictPrompt.confirm = () => false;
    stored = { ...stored, version: 'v4' };
    seen.push('reset');
    await expect(store.save({ name: 'Again' })).rejects.toMatchObject({ code: 'precondition_failed' });
    expect(store.customer?.version).toBe('v4');
  });

  it("keeps each part's failure to itself, with the server's message", async () => {
    installFakeApi({
      'GET /api/crm/customers/c1': () => ok(customerFixture()),
      'GET /api/crm/customers/c1/financials': () => ({ status: 503, body: { error: { code: 'unavailable', message: 'Ledger unavailable', details: [] } } }),
      'GET /api/crm/customers/c1/orders': () => ok({ orders: [], next_cursor: null }),
    });
    const store = useCustomerStore();
    await store.load('c1');
    expect(store.customer?.id).toBe('c1');
    expect(store.financialsError).toBeInstanceOf(ApiError);
    expect(store.financialsError?.message).toBe('Ledger unavailable');
    expect(store.ordersError).toBeNull();
  });

  it('rejects a failed write with the API error and keeps what it showed', async () => {
    installFakeApi({
      'GET /api/crm/customers/c1': () => ok(customerFixture()),
      'GET /api/crm/customers/c1/financials': () => ok(financialsFixture()),
      'GET /api/crm/customers/c1/orders': () => ok({ orders: [], next_cursor: null }),
      'POST /api/crm/customers/c1/transactions': () => ({
        status: 422,
        body: { error: { code: 'unprocessable', message: 'order_ref names no order of this customer', details: [{ path: 'order_ref', message: 'no order x' }] } },
      }),
    });
    const store = useCustomerStore();
    await store.load('c1');
    const failure = await store.recordTransaction({ flow: 'payment', amount: 1, order_ref: 'x' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).fieldErrors()).toEqual({ order_ref: 'no order x' });
    expect(store.financials?.transactions).toEqual([]);
  });

  it('never shows an answer for the customer it has left', async () => {
    let releaseFirst: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => (releaseFirst = resolve));
    installFakeApi({
      'GET /api/crm/customers/c1': () => ok(customerFixture()),
      'GET /api/crm/customers/c1/financials': () => ok(financialsFixture()),
      'GET /api/crm/customers/c1/orders': () => ok({ orders: [], next_cursor: null }),
      'GET /api/crm/customers/c2': () => ok(customerFixture({ id: 'c2', name: 'Δεύτερος' })),
      'GET /api/crm/customers/c2/financials': () => ok(financialsFixture()),
      'GET /api/crm/customers/c2/orders': () => ok({ orders: [], next_cursor: null }),
    });
    const fetchMock = vi.mocked(globalThis.fetch);
    const realFetch = fetchMock.getMockImplementation()!;
    // The first customer's answer arrives only after the page has moved on to the second.
    fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith('/crm/customers/c1')) await slow;
      return realFetch(input, init);
    });
    const store = useCustomerStore();
    const first = store.load('c1');
    const second = store.load('c2');
    releaseFirst();
    await Promise.all([first, second]);
    await flushPromises();
    expect(store.customerId).toBe('c2');
    expect(store.customer?.name).toBe('Δεύτερος');
  });

  it('clear() forgets the customer', async () => {
    backend();
    const store = useCustomerStore();
    await store.load('c1');
    store.clear();
    expect(store.customer).toBeNull();
    expect(store.orders).toEqual([]);
    expect(store.financials).toBeNull();
  });
});
