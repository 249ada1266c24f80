import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardOrder, OrderRecord } from '../api/orders';
import { installFakeApi, type FakeRequest, type FakeRoute } from '../test-support/fake-api';
import { customerFixture, financialsFixture } from '../test-support/customer-fixtures';
import { useCustomerStore } from './customer';
import { boardQuery, dayAfter, useOrdersStore } from './orders';

const order = (id: string, extra: Partial<BoardOrder> = {}): BoardOrder => ({
  id,
  customer_id: 'c1',
  customer_name: 'Ενορία Αγ. Νικολάου',
  order_number: `ORD-2026-${id}`,
  title: `Παραγγελία ${id}`,
  status: 'negotiating',
  status_updated_date: '2026-03-01T10:00:00.000Z',
  currency: 'EUR',
  total_price: 1000,
  payment_status: { required_amount: 1000, received_amount: 0, balance_due: 1000, advance_required: false, advance_amount: null, payment_complete: false },
  payment_state: 'unpaid',
  customer_organization: '',
  created_at: '2026-03-01T10:00:00.000Z',
  version: 'v1',
  ...extra,
});

const error = (status: number, code: string, message: string) => ({ status, body: { error: { code, message, details: [] } } });
const json = (body: unknown, status = 200) => ({ status, body });

/** A PATCH that answers with the order as the server would: the request's fields applied. */
const patchEcho =
  (base: () => OrderRecord): FakeRoute =>
  (request: FakeRequest) =>
    json({ ...base(), ...(request.body as object) });

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

describe('board filters', () => {
  it('turns the inclusive "to" day into the API\'s exclusive bound', () => {
    expect(dayAfter('2026-02-28')).toBe('2026-03-01');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(boardQuery({ status: 'shipped', from: '2026-03-01', to: '2026-03-31' })).toEqual({ status: 'shipped', from: '2026-03-01', to: '2026-04-01' });
    expect(boardQuery({})).toEqual({ status: undefined, from: undefined, to: undefined });
  });
});

describe('orders board', () => {
  it('loads every customer\'s orders with the filters, and pages on', async () => {
    const api = installFakeApi({
      'GET /api/crm/orders': (request) =>
        request.query.get('cursor') === 'next'
          ? json({ orders: [order('3')], next_cursor: null })
          : json({ orders: [order('1'), order('2', { customer_id: 'c2' })], next_cursor: 'next' }),
    });
    const orders = useOrdersStore();
    await orders.loadBoard({ status: 'negotiating', to: '2026-03-31' });
    expect(orders.board.map((o) => o.id)).toEqual(['1', '2']);
    expect(orders.boardHasMore).toBe(true);
    const query = api.requests[0]!.query;
    expect([query.get('status'), query.get('to'), query.get('from'), query.get('limit')]).toEqual(['negotiating', '2026-04-01', null, '200']);

    await orders.loadMoreBoard();
    expect(orders.board.map((o) => o.id)).toEqual(['1', '2', '3']);
    expect(orders.boardHasMore).toBe(false);
    expect(api.requests[1]!.query.get('cursor')).toBe('next');
    expect(api.requests[1]!.query.get('status')).toBe('negotiating');
  });

  it("keeps the server's message when the board cannot load", async () => {
    installFakeApi({ 'GET /api/crm/orders': () => error(400, 'validation_failed', 'Invalid query') });
    const orders = useOrdersStore();
    await orders.loadBoard({});
    expect(orders.boardError?.message).toBe('Invalid query');
    expect(orders.boardLoading).toBe(false);
  });

  it('moves a card at once and saves the status; the server answers with the order', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const api = installFakeApi({
      'GET /api/crm/orders': () => json({ orders: [order('1'), order('2')], next_cursor: null }),
      'PATCH /api/crm/customers/c1/orders/1': patchEcho(() => order('1', { status_updated_by: 'Demo editor' })),
    });
    const orders = useOrdersStore();
    await orders.loadBoard({});
    const fetch = vi.mocked(globalThis.fetch);
    const answer = fetch.getMockImplementation()!;
    fetch.mockImplementationOnce(async (...args) => {
      await gate;
      return answer(...args);
    });

    const moving = orders.moveOrder(orders.board[0]!, 'manufacturing');
    expect(orders.board[0]!.status).toBe('manufacturing');
    expect(orders.moving.has('c1/1')).toBe(true);
    // A second move of the same card while the first is saving is ignored.
    await orders.moveOrder(orders.board[0]!, 'shipped');
    release();
    await moving;

    expect(orders.moving.size).toBe(0);
    expect(orders.board[0]).toMatchObject({ status: 'manufacturing', status_updated_by: 'Demo editor', customer_name: 'Ενορία Αγ. Νικολάου' });
    const patches = api.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.body)).toEqual([{ status: 'manufacturing' }]);
  });

  it('puts the card back and says why when the server refuses the move', async () => {
    installFakeApi({
      'GET /api/crm/orders': () => json({ orders: [order('1', { status: 'shipped' })], next_cursor: null }),
      'PATCH /api/crm/customers/c1/orders/1': () => error(404, 'not_found', 'Order not found'),
    });
    const orders = useOrdersStore();
    await orders.loadBoard({});
    await orders.moveOrder(orders.board[0]!, 'installed');
    expect(orders.board[0]!.status).toBe('shipped');
    expect(orders.moveError?.message).toBe('Order not found');
  });

  it('drops a moved order that no longer matches the status filter', async () => {
    installFakeApi({
      'GET /api/crm/orders': () => json({ orders: [order('1'), order('2')], next_cursor: null }),
      'PATCH /api/crm/customers/c1/orders/1': patchEcho(() => order('1')),
    });
    const orders = useOrdersStore();
    await orders.loadBoard({ status: 'negotiating' });
    await orders.moveOrder(orders.board[0]!, 'declined');
    expect(orders.board.map((o) => o.id)).toEqual(['2']);
  });
});

describe('order writes', () => {
  it('reloads the orders of the customer the page shows, so every tab sees the change', async () => {
    let stored = [order('1')];
    const api = installFakeApi({
      'GET /api/crm/customers/c1': () => json(customerFixture({ name: 'Ενορία' })),
      'GET /api/crm/customers/c1/financials': () => json(financialsFixture()),
      'GET /api/crm/customers/c1/orders': () => json({ orders: stored, next_cursor: null }),
      'POST /api/crm/customers/c1/orders/1/timeline': (request) => {
        const body = request.body as { type: 'note'; note: string };
        stored = [order('1', { timeline: [{ id: 't1', date: '2026-03-02T09:00:00.000Z', updated_by: 'Demo editor', ...body }] })];
        return json(stored[0], 201);
      },
      'POST /api/crm/customers/c2/orders': (request) => json({ ...order('9', { customer_id: 'c2' }), ...(request.body as object) }, 201),
    });
    const customer = useCustomerStore();
    await customer.load('c1');
    const orders = useOrdersStore();

    await orders.addTimelineEvent('c1', '1', { type: 'quote_sent', note: 'Στάλθηκε με email' });
    expect(customer.orders[0]!.timeline).toEqual([expect.objectContaining({ type: 'quote_sent', note: 'Στάλθηκε με email' })]);

    // Another customer's order leaves the shown customer alone.
    const before = api.requests.length;
    await orders.createOrder('c2', {
      title: 'Νέα',
      status: 'negotiating',
      items: [],
      discount: { type: 'percentage', value: 0, reason: '' },
      currency: 'EUR',
      shipping: { method: '', carrier: '', tracking_number: '', shipped_at: null, delivered_at: null, destination: '' },
      notes: '',
    });
    expect(api.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/crm/customers/c2/orders']);
  });

  it("passes the server's refusal to delete an order with payments on to the caller, and keeps it", async () => {
    installFakeApi({
      'GET /api/crm/orders': () => json({ orders: [order('1')], next_cursor: null }),
      'DELETE /api/crm/customers/c1/orders/1': () =>
        error(409, 'conflict', 'Order ORD-2026-1 is referenced by 1 ledger entry; delete them or move them to another order first'),
    });
    const orders = useOrdersStore();
    await orders.loadBoard({});
    await expect(orders.deleteOrder('c1', '1')).rejects.toMatchObject({ status: 409, message: expect.stringContaining('referenced by 1 ledger entry') });
    expect(orders.board).toHaveLength(1);
  });

  it('takes a deleted order off the board, and sends payment terms as given', async () => {
    const api = installFakeApi({
      'GET /api/crm/orders': () => json({ orders: [order('1'), order('2')], next_cursor: null }),
      'DELETE /api/crm/customers/c1/orders/1': () => ({ status: 204 }),
      'PATCH /api/crm/customers/c1/orders/2/payment-status': (request) =>
        json(order('2', { payment_status: { ...order('2').payment_status!, ...(request.body as object) } })),
    });
    const orders = useOrdersStore();
    await orders.loadBoard({});
    await orders.deleteOrder('c1', '1');
    expect(orders.board.map((o) => o.id)).toEqual(['2']);

    await orders.setPaymentTerms('c1', '2', { required_amount: 900, advance_required: true, advance_amount: 300 });
    expect(api.requests.at(-1)!.body).toEqual({ required_amount: 900, advance_required: true, advance_amount: 300 });
    expect(orders.board[0]!.payment_status).toMatchObject({ required_amount: 900, advance_amount: 300 });
  });
});
