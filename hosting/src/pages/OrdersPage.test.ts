import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BoardOrder } from '../api/orders';
import { orderStatuses } from '../api/types';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { byLabel, byText, mountApp } from '../test-support/mount-app';
import { meAs } from '../test-support/mount-component';

const accounts = {
  'editor@bellsystems.gr': { uid: 'u-editor', password: 'demo-editor-pass' },
  'viewer@bellsystems.gr': { uid: 'u-viewer', password: 'demo-viewer-pass' },
};
let wrapper: VueWrapper;

afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

const order = (id: string, extra: Partial<BoardOrder> = {}): BoardOrder => ({
  id,
  customer_id: `c${id}`,
  customer_name: `Ενορία ${id}`,
  customer_organization: 'Μητρόπολη Αθηνών',
  order_number: `ORD-2026-00${id}`,
  title: `Καμπάνες ${id}`,
  status: 'negotiating',
  status_updated_date: '2026-03-02T10:00:00.000Z',
  currency: 'EUR',
  total_price: 1500,
  payment_status: { required_amount: 1500, received_amount: 500, balance_due: 1000, advance_required: false, advance_amount: null, payment_complete: false },
  payment_state: 'partially_paid',
  created_at: '2026-03-01T10:00:00.000Z',
  version: 'v1',
  ...extra,
});

const board = (list: () => BoardOrder[]): FakeRoute => () => ({ status: 200, body: { orders: list(), next_cursor: null } });

const column = (label: string) => {
  const heading = wrapper.findAll('.kanban h2').find((h) => h.find('.column__title').text() === label);
  if (!heading) throw new Error(`No column ${label}`);
  return wrapper.find(`section[aria-labelledby="${heading.attributes('id')}"]`);
};
const cardTitles = (label: string) => column(label).findAll('.kcard__title').map((a) => a.text());

describe('orders board', () => {
  it('groups every order by status in the order of the spec, linking to the customer page', async () => {
    installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/orders': board(() => [order('1'), order('2', { status: 'shipped' }), order('3', { status: 'negotiating' })]),
    });
    ({ wrapper } = await mountApp('/orders', accounts, 'editor@bellsystems.gr'));
    expect(wrapper.findAll('.kanban .column__title').map((h) => h.text())).toEqual([
      'Negotiating',
      'Awaiting Quotation',
      'Awaiting Customer Confirmation',
      'Awaiting Fulfilment',
      'Awaiting Payment',
      'Manufacturing',
      'Shipped',
      'Installed',
      'Declined',
      'Complete',
    ]);
    expect(cardTitles('Negotiating')).toEqual(['Καμπάνες 1', 'Καμπάνες 3']);
    expect(cardTitles('Shipped')).toEqual(['Καμπάνες 2']);
    expect(column('Shipped').find('.kcard__title').attributes('href')).toBe('/customers/c2?tab=orders');
    expect(column('Shipped').text()).toContain('Due €1,000.00');
    expect(wrapper.text()).toContain('3 orders');
  });

  it('moves a card by dragging it onto another column, and saves the status', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/orders': board(() => [order('1'), order('2')]),
      'PATCH /api/crm/customers/c1/orders/1': (request) => ({ status: 200, body: { ...order('1'), ...(request.body as object) } }),
    });
    ({ wrapper } = await mountApp('/orders', accounts, 'editor@bellsystems.gr'));
    const card = column('Negotiating').find('li.kcard');
    expect(card.attributes('draggable')).toBe('true');
    await card.trigger('dragstart');
    await column('Manufacturing').trigger('dragover');
    expect(column('Manufacturing').classes()).toContain('column--over');
    await column('Manufacturing').trigger('drop');
    await flushPromises();
    expect(cardTitles('Manufacturing')).toEqual(['Καμπάνες 1']);
    expect(cardTitles('Negotiating')).toEqual(['Καμπάνες 2']);
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ status: 'manufacturing' }]);
  });

  it('moves a card from the keyboard with its status select, and shows a refusal', async () => {
    installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/orders': board(() => [order('1')]),
      'PATCH /api/crm/customers/c1/orders/1': () => ({ status: 403, body: { error: { code: 'forbidden', message: 'This needs the editor role', details: [] } } }),
    });
    ({ wrapper } = await mountApp('/orders', accounts, 'editor@bellsystems.gr'));
    await byLabel(wrapper, 'Status of Καμπάνες 1').setValue('installed');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('This needs the editor role');
    expect(cardTitles('Negotiating')).toEqual(['Καμπάνες 1']);
  });

  it('moves a focused card one status on or back with the arrow keys, keeps focus on it and says where it went', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/orders': board(() => [order('1'), order('2')]),
      'PATCH /api/crm/customers/c1/orders/1': (request) => ({ status: 200, body: { ...order('1'), ...(request.body as object) } }),
    });
    ({ wrapper } = await mountApp('/orders', accounts, 'editor@bellsystems.gr'));
    const card = () => wrapper.find<HTMLElement>('li.kcard[data-order-key="c1/1"]');
    expect(card().attributes('tabindex')).toBe('0');
    expect(card().attributes('aria-label')).toBe('Καμπάνες 1, Negotiating');
    const hint = wrapper.find(`[id="${card().attributes('aria-describedby')}"]`);
    expect(hint.text()).toContain('left or right arrow');
    card().element.focus();

    await card().trigger('keydown', { key: 'ArrowRight' });
    await flushPromises();
    expect(cardTitles('Awaiting Quotation')).toEqual(['Καμπάνες 1']);
    expect(cardTitles('Negotiating')).toEqual(['Καμπάνες 2']);
    expect(document.activeElement).toBe(card().element);
    expect(card().attributes('aria-label')).toBe('Καμπάνες 1, Awaiting Quotation');
    expect(wrapper.find('[aria-live="polite"]').text()).toBe('Καμπάνες 1 moved to Awaiting Quotation.');

    await card().trigger('keydown', { key: 'ArrowLeft' });
    await flushPromises();
    expect(cardTitles('Negotiating')).toEqual(['Καμπάνες 1', 'Καμπάνες 2']);
    expect(document.activeElement).toBe(card().element);
    // The first status has nothing before it; a key inside the card's select is the select's own.
    await card().trigger('keydown', { key: 'ArrowLeft' });
    await card().find('select').trigger('keydown', { key: 'ArrowRight' });
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ status: 'awaiting_quotation' }, { status: 'negotiating' }]);
  });

  it('gives a viewer nothing to drag or change', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/orders': board(() => [order('1')]) });
    ({ wrapper } = await mountApp('/orders', accounts, 'viewer@bellsystems.gr'));
    expect(column('Negotiating').find('li.kcard').attributes('draggable')).toBe('false');
    expect(column('Negotiating').find('li.kcard').attributes('tabindex')).toBeUndefined();
    expect(wrapper.findAll('.kanban select')).toHaveLength(0);
    await byText(wrapper, 'button', 'Table').trigger('click');
    expect(wrapper.findAll('table select')).toHaveLength(0);
    expect(wrapper.find('table .chip').text()).toBe('Negotiating');
  });

  it('filters by status and dates through the address, and shows one column for one status', async () => {
    const api = installFakeApi({ 'GET /api/me': meAs('editor'), 'GET /api/crm/orders': board(() => [order('2', { status: 'shipped' })]) });
    const mounted = await mountApp('/orders', accounts, 'editor@bellsystems.gr');
    wrapper = mounted.wrapper;
    await byLabel(wrapper, 'Status').setValue('shipped');
    await flushPromises();
    expect(mounted.router.currentRoute.value.query).toEqual({ status: 'shipped' });
    expect(wrapper.findAll('.kanban .column__title').map((h) => h.text())).toEqual(['Shipped']);

    await byLabel(wrapper, 'Created from').setValue('01/03/2026');
    await byLabel(wrapper, 'Created from').trigger('change');
    await byLabel(wrapper, 'Created to').setValue('31/03/2026');
    await byLabel(wrapper, 'Created to').trigger('change');
    await flushPromises();
    const last = api.requests.filter((r) => r.path === '/api/crm/orders').at(-1)!;
    expect([last.query.get('status'), last.query.get('from'), last.query.get('to')]).toEqual(['shipped', '2026-03-01', '2026-04-01']);

    const count = api.requests.length;
    await byLabel(wrapper, 'Created from').setValue('15/04/2026');
    await byLabel(wrapper, 'Created from').trigger('change');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('The end date is before the start date.');
    expect(api.requests.length).toBe(count);

    await byText(wrapper, 'button', 'Clear filters').trigger('click');
    await flushPromises();
    expect(mounted.router.currentRoute.value.query).toEqual({});
    expect(wrapper.findAll('.kanban .column__title')).toHaveLength(orderStatuses.length);
  });

  it('shows the table view on request and remembers it', async () => {
    installFakeApi({ 'GET /api/me': meAs('editor'), 'GET /api/crm/orders': board(() => [order('1')]) });
    ({ wrapper } = await mountApp('/orders', accounts, 'editor@bellsystems.gr'));
    const tableButton = byText(wrapper, 'button', 'Table');
    await tableButton.trigger('click');
    expect(tableButton.attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('.kanban').exists()).toBe(false);
    const row = wrapper.find('tbody tr');
    expect(row.text()).toContain('ORD-2026-001');
    expect(row.find('a').attributes('href')).toBe('/customers/c1?tab=orders');
    expect(localStorage.getItem('bellsystems.orders.view')).toBe('table');
  });

  it("says so when there are no orders, and shows the server's message when loading fails", async () => {
    let fail = true;
    installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/orders': () =>
        fail ? { status: 503, body: { error: { code: 'unavailable', message: 'The document store is not reachable', details: [] } } } : { status: 200, body: { orders: [], next_cursor: null } },
    });
    ({ wrapper } = await mountApp('/orders', accounts, 'editor@bellsystems.gr'));
    expect(wrapper.find('[role="alert"]').text()).toContain('The document store is not reachable');
    fail = false;
    await byText(wrapper, 'button', 'Try again').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('No orders yet.');
  });
});
