import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OrderRecord } from '../../api/orders';
import { installFakeApi, type FakeRoute } from '../../test-support/fake-api';
import { customerFixture, financialsFixture } from '../../test-support/customer-fixtures';
import { byText } from '../../test-support/mount-app';
import { meAs } from '../../test-support/mount-component';
import { mountRouted } from '../../test-support/mount-routed';
import OrdersTab from './OrdersTab.vue';

let wrapper: VueWrapper;
afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

const order = (id: string, extra: Partial<OrderRecord> = {}): OrderRecord => ({
  id,
  customer_id: 'c1',
  order_number: `ORD-2026-00${id}`,
  title: 'Καμπαναριό Αγ. Νικολάου',
  created_by: 'Demo editor',
  status: 'awaiting_payment',
  status_updated_date: '2026-03-02T10:00:00.000Z',
  currency: 'EUR',
  items: [{ id: 'i1', type: 'product', product_id: 'p1', product_name: 'Vesper Plus', description: '', quantity: 2, unit_price: 1200, serial_numbers: ['VSP-1'] }],
  subtotal: 2400,
  discount: { type: 'percentage', value: 0, reason: '' },
  total_price: 2400,
  notes: '',
  payment_status: { required_amount: 2400, received_amount: 400, balance_due: 2000, advance_required: false, advance_amount: null, payment_complete: false },
  timeline: [
    { id: 't1', date: '2026-03-01T10:00:00.000Z', type: 'note', props: { from: null, to: 'negotiating' }, note: '', updated_by: 'Demo editor' },
    { id: 't2', date: '2026-03-02T10:00:00.000Z', type: 'note', props: { from: 'negotiating', to: 'awaiting_payment' }, note: 'Ο πελάτης ζήτησε έκπτωση', updated_by: 'Demo editor' },
  ],
  created_at: '2026-03-01T10:00:00.000Z',
  version: 'v1',
  payment_state: 'partially_paid',
  ...extra,
});

function customerRoutes(orders: () => OrderRecord[]): Record<string, FakeRoute> {
  return {
    'GET /api/crm/customers/c1': () => ({ status: 200, body: customerFixture({ name: 'Ενορία Αγ. Νικολάου', relationship_status: 'active' }) }),
    'GET /api/crm/customers/c1/financials': () => ({ status: 200, body: financialsFixture() }),
    'GET /api/crm/customers/c1/orders': () => ({ status: 200, body: { orders: orders(), next_cursor: null } }),
  };
}

const cards = () => wrapper.findAll('article.order-card');
const buttonNames = () => wrapper.findAll('button').map((b) => b.text());

/** A field of the open dialog by its label. */
function dialogField(label: string) {
  const dialog = wrapper.find('dialog[open]');
  const found = dialog.findAll('label').find((l) => l.text().replace(/\s*\*$/, '') === label);
  if (!found) throw new Error(`No field ${label} in the dialog`);
  return dialog.find<HTMLInputElement>(`[id="${found.attributes('for')}"]`);
}

describe('Orders tab', () => {
  it('shows each order with its status, payment summary and timeline, and no edit controls to a viewer', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), ...customerRoutes(() => [order('1'), order('2', { title: 'Ρολόι', status: 'complete', timeline: [] })]) });
    wrapper = await mountRouted(OrdersTab, { customerId: 'c1' }, 'viewer');

    expect(cards()).toHaveLength(2);
    const first = cards()[0]!;
    expect(first.find('h3').text()).toBe('Καμπαναριό Αγ. Νικολάου');
    expect(first.find('.chip').text()).toBe('Awaiting Payment');
    expect(first.find('.chip').attributes('style')).toContain('var(--status-order-awaiting_payment)');
    const payment = first.find('dl.payment').text();
    expect(payment).toContain('Required€2,400.00');
    expect(payment).toContain('Received€400.00');
    expect(payment).toContain('Balance due€2,000.00');
    expect(first.text()).toContain('ORD-2026-001');
    expect(first.text()).toContain('Created 01/03/2026');

    expect(buttonNames()).not.toContain('+ New order');
    expect(buttonNames().some((name) => /Edit|Delete|Payment|Add Timeline Event/.test(name))).toBe(false);

    const toggle = byText(first, 'button', /View Timeline/);
    expect(toggle.attributes('aria-expanded')).toBe('false');
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    const entries = first.findAll('ol.timeline li');
    // The status moves are data, worded in the reader's language; the note is what staff typed.
    expect(entries.map((e) => e.find('.timeline__change').text())).toEqual(['Status: Negotiating → Awaiting Payment', 'Order created: Negotiating']);
    expect(entries.map((e) => e.findAll('.timeline__note').map((n) => n.text()))).toEqual([['Ο πελάτης ζήτησε έκπτωση'], []]);
  });

  it('says so when the customer has no orders', async () => {
    installFakeApi({ 'GET /api/me': meAs('editor'), ...customerRoutes(() => []) });
    wrapper = await mountRouted(OrdersTab, { customerId: 'c1' }, 'editor');
    expect(wrapper.text()).toContain('This customer has no orders yet.');
  });

  it('creates an order: checks the title first, shows totals live, and lists the new order', async () => {
    let stored: OrderRecord[] = [];
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      ...customerRoutes(() => stored),
      'POST /api/crm/customers/c1/orders': (request) => {
        const created = order('3', { ...(request.body as Partial<OrderRecord>), items: [], timeline: [] });
        stored = [created];
        return { status: 201, body: created };
      },
    });
    wrapper = await mountRouted(OrdersTab, { customerId: 'c1' }, 'editor');
    await byText(wrapper, 'button', '+ New order').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog[open] h2').text()).toBe('New order');

    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(dialogField('Title').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('dialog[open]').text()).toContain('Required.');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    await dialogField('Title').setValue('Δύο καμπάνες');
    await dialogField('Product').setValue('Καμπάνα 80 cm');
    await dialogField('Quantity').setValue('2');
    await dialogField('Unit price').setValue('1250,50');
    await dialogField('Discount (%)').setValue('10');
    const totals = wrapper.find('dialog[open] dl.totals').text();
    expect(totals).toContain('Subtotal€2,501.00');
    expect(totals).toContain('Discount−€250.10');
    expect(totals).toContain('Total€2,250.90');

    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toMatchObject({
      title: 'Δύο καμπάνες',
      status: 'negotiating',
      currency: 'EUR',
      items: [{ type: 'product', product_id: null, product_name: 'Καμπάνα 80 cm', quantity: 2, unit_price: 1250.5, serial_numbers: [] }],
      discount: { type: 'percentage', value: 10, reason: '' },
    });
    expect(wrapper.find('dialog[open]').exists()).toBe(false);
    expect(cards().map((c) => c.find('h3').text())).toEqual(['Δύο καμπάνες']);
  });

  it("shows the server's field errors beside the fields", async () => {
    installFakeApi({
      'GET /api/me': meAs('editor'),
      ...customerRoutes(() => []),
      'POST /api/crm/customers/c1/orders': () => ({
        status: 400,
        body: {
          error: { code: 'validation_failed', message: 'Invalid body', details: [{ path: 'shipping.shipped_at', message: 'must be an ISO 8601 date or date-time' }] },
        },
      }),
    });
    wrapper = await mountRouted(OrdersTab, { customerId: 'c1' }, 'editor');
    await byText(wrapper, 'button', '+ New order').trigger('click');
    await flushPromises();
    await dialogField('Title').setValue('Ρολόι');
    await wrapper.find('dialog[open] button[aria-label="Remove item 1"]').trigger('click');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('dialog[open] [role="alert"]').text()).toContain('Invalid body: shipping.shipped_at: must be an ISO 8601 date or date-time');
    expect(wrapper.find('dialog[open] details').attributes('open')).toBeDefined();
    expect(dialogField('Shipped on').attributes('aria-invalid')).toBe('true');
  });

  it('edits an order, sending only what changed', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      ...customerRoutes(() => [order('1')]),
      'PATCH /api/crm/customers/c1/orders/1': (request) => ({ status: 200, body: { ...order('1'), ...(request.body as object) } }),
    });
    wrapper = await mountRouted(OrdersTab, { customerId: 'c1' }, 'editor');
    await byText(cards()[0]!, 'button', 'Edit').trigger('click');
    await flushPromises();
    expect(dialogField('Quantity').element.value).toBe('2');
    await dialogField('Status').setValue('manufacturing');
    await dialogField('Notes').setValue('Βάση από ανοξείδωτο');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(api.requests.find((r) => r.method === 'PATCH')!.body).toEqual({ status: 'manufacturing', notes: 'Βάση από ανοξείδωτο' });
  });

  it('adds a timeline event from the inline form and shows it in the log', async () => {
    let stored = [order('1', { timeline: [] })];
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      ...customerRoutes(() => stored),
      'POST /api/crm/customers/c1/orders/1/timeline': (request) => {
        const body = request.body as { type: 'note'; note: string };
        stored = [order('1', { timeline: [{ id: 't9', date: '2026-03-03T08:00:00.000Z', updated_by: 'Demo editor', ...body }] })];
        return { status: 201, body: stored[0] };
      },
    });
    wrapper = await mountRouted(OrdersTab, { customerId: 'c1' }, 'editor');
    const card = cards()[0]!;
    await byText(card, 'button', 'Add Timeline Event').trigger('click');
    const form = card.find('form.event-form');
    await form.trigger('submit');
    expect(form.text()).toContain('Required.');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    await form.find('select').setValue('quote_sent');
    await form.find('input').setValue('Στάλθηκε η προσφορά 2026-14');
    await form.trigger('submit');
    await flushPromises();
    expect(api.requests.find((r) => r.method === 'POST')!.body).toEqual({ type: 'quote_sent', note: 'Στάλθηκε η προσφορά 2026-14' });
    expect(cards()[0]!.find('form.event-form').exists()).toBe(false);
    const entry = cards()[0]!.find('ol.timeline li');
    expect(entry.text()).toContain('Quote sent');
    expect(entry.text()).toContain('Στάλθηκε η προσφορά 2026-14');
  });

  it("asks before deleting, and shows the server's reason when it refuses", async () => {
    installFakeApi({
      'GET /api/me': meAs('editor'),
      ...customerRoutes(() => [order('1')]),
      'DELETE /api/crm/customers/c1/orders/1': () => ({
        status: 409,
        body: { error: { code: 'conflict', message: 'Order ORD-2026-001 is referenced by 1 ledger entry; delete them or move them to another order first', details: [] } },
      }),
    });
    wrapper = await mountRouted(OrdersTab, { customerId: 'c1' }, 'editor');
    await byText(cards()[0]!, 'button', 'Delete').trigger('click');
    await flushPromises();
    const dialog = wrapper.find('dialog[open]');
    expect(dialog.find('h2').text()).toBe('Delete order?');
    expect(dialog.text()).toContain('ORD-2026-001 Καμπαναριό Αγ. Νικολάου');
    await byText(dialog, 'button', 'Delete').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog[open] [role="alert"]').text()).toContain('is referenced by 1 ledger entry');
    expect(cards()).toHaveLength(1);
  });

  it('edits the payment terms, refusing an advance above the required amount', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      ...customerRoutes(() => [order('1')]),
      'PATCH /api/crm/customers/c1/orders/1/payment-status': (request) => ({ status: 200, body: order('1', { payment_status: { ...order('1').payment_status!, ...(request.body as object) } }) }),
    });
    wrapper = await mountRouted(OrdersTab, { customerId: 'c1' }, 'editor');
    await byText(cards()[0]!, 'button', 'Payment').trigger('click');
    await flushPromises();
    expect(dialogField('Required amount (EUR)').element.value).toBe('2.400,00');
    await wrapper.find('dialog[open] input[type="checkbox"]').setValue(true);
    await dialogField('Advance amount (EUR)').setValue('3000');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('dialog[open]').text()).toContain('The advance cannot exceed the required amount.');

    await dialogField('Advance amount (EUR)').setValue('600');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(api.requests.find((r) => r.method === 'PATCH')!.body).toEqual({ required_amount: 2400, advance_required: true, advance_amount: 600 });
  });
});
