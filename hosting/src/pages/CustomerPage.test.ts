import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CustomerRecord, Financials, Order, Ticket } from '../api/customers';
import type { Quote } from '../api/quotes';
import { customerFixture, financialsFixture, orderFixture, transactionFixture } from '../test-support/customer-fixtures';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { dateFieldValue } from '../test-support/date-field';
import { byLabel, byText, mountApp } from '../test-support/mount-app';

const accounts = {
  'viewer@bellsystems.gr': { uid: 'u-viewer', password: 'demo-viewer-pass' },
  'editor@bellsystems.gr': { uid: 'u-editor', password: 'demo-editor-pass' },
};
const meAs =
  (uid: string, role: string): FakeRoute =>
  () => ({ status: 200, body: { uid, email: `${role}@bellsystems.gr`, name: `Demo ${role}`, role } });
const ok = (body: unknown) => ({ status: 200, body });
const ticket = (n: number, active: boolean): Ticket => ({
  id: `ti${n}`,
  active,
  note: `Πρόβλημα ${n}`,
  opened_date: `2026-03-${String(10 + n).padStart(2, '0')}T09:00:00.000Z`,
  resolved_date: active ? null : '2026-03-28T09:00:00.000Z',
  opened_by: 'Γιώργος',
  opened_by_uid: 'u-giorgos',
  resolved_by: active ? null : 'Μαρία',
  resolved_by_uid: active ? null : 'u-maria',
});

let wrapper: VueWrapper;

/** The customer page's routes over one in-memory customer. */
function backend(role: 'editor' | 'viewer', start: Partial<CustomerRecord> = {}) {
  let customer = customerFixture({
    title: 'π.',
    name: 'Νικόλαος Παπάς',
    organization: 'Ενορία Αγίου Νικολάου',
    location: { city: 'Πάτρα', region: 'Αχαΐα', country: 'GR' },
    contacts: [
      { id: 'k1', type: 'phone', label: 'γραφείο', value: '2610 123456', primary: true, e164: '+302610123456' },
      { id: 'k2', type: 'whatsapp', label: '', value: '697 123 4567', primary: false, e164: '+306971234567' },
      { id: 'k3', type: 'email', label: '', value: 'n@example.gr', primary: false, e164: null },
    ],
    ...start,
  });
  let financials: Financials = financialsFixture([transactionFixture({ id: 't0', flow: 'invoice', payment_type: null, amount: 1000, invoice_ref: 'ΤΙΜ-1', order_ref: null })]);
  const orders: Order[] = [orderFixture(), orderFixture({ id: 'o2', order_number: 'ORD-2026-002', title: 'Ρολόι', status: 'awaiting_quotation', created_at: '2026-02-01T09:00:00.000Z' })];
  const quote: Quote = {
    id: 'q1',
    number: 'QUO-2026-002',
    revision: 2,
    state: 'sent',
    customer_id: 'c1',
    order_id: 'o2',
    revision_of: 'q0',
    superseded_by: null,
    language: 'el',
    issue_date: '2026-02-01',
    valid_until: '2026-03-03',
    payment_terms: '',
    delivery_time: '',
    customer_note: '',
    internal_notes: '',
    discount_percent: 0,
    lines: [{ product_id: null, description: 'Ρολόι καμπαναριού', quantity: 1, unit_price: 1000, discount_percent: 0, vat_rate: 24, net: 1000, vat: 240, gross: 1240 }],
    totals: { net: 1000, vat: 240, gross: 1240, vat_breakdown: [{ rate: 24, base: 1000, vat: 240 }] },
    sent_at: '2026-02-01T10:00:00.000Z',
    answered_at: null,
    accepted_by_name: null,
    decline_reason: null,
    history: [],
    created_at: '2026-02-01T09:00:00.000Z',
    created_by: 'Demo editor',
    updated_at: '2026-02-01T10:00:00.000Z',
    updated_by: 'Demo editor',
  };
  const api = installFakeApi({
    'GET /api/me': role === 'editor' ? meAs('u-editor', 'editor') : meAs('u-viewer', 'viewer'),
    'GET /api/crm/customers/c1': () => ok(customer),
    'GET /api/crm/customers/c1/quotes': () => ok({ quotes: [quote] }),
    'GET /api/crm/customers/c1/financials': () => ok(financials),
    'GET /api/crm/customers/c1/orders': () => ok({ orders, next_cursor: null }),
    'GET /api/crm/comms': () => ok({ entries: [], next_cursor: null }),
    'PATCH /api/crm/customers/c1/relationship-status': (r) => {
      customer = { ...customer, relationship_status: (r.body as { status: CustomerRecord['relationship_status'] }).status };
      return ok(customer);
    },
    'PATCH /api/crm/customers/c1/technical-issues/ti1/resolve': () => {
      customer = { ...customer, technical_issues: customer.technical_issues.map((t) => (t.id === 'ti1' ? { ...t, active: false, resolved_date: '2026-03-29T09:00:00.000Z', resolved_by: 'Demo' } : t)) };
      return ok(customer);
    },
    'POST /api/crm/customers/c1/install-support': (r) => {
      customer = { ...customer, install_support: [{ ...ticket(9, true), id: 'is1', note: (r.body as { note: string }).note }] };
      return { status: 201, body: customer };
    },
    'POST /api/crm/customers/c1/transactions': (r) => {
      const entry = transactionFixture({ ...(r.body as object), id: 't1' });
      financials = financialsFixture([...financials.transactions, entry]);
      return { status: 201, body: { ...entry, affected_orders: [], warnings: [] } };
    },
    'POST /api/crm/customers/c1/archive': () => {
      customer = { ...customer, archived_at: '2026-03-30T09:00:00.000Z' };
      return ok(customer);
    },
    'POST /api/crm/customers/c1/restore': () => {
      customer = { ...customer, archived_at: null };
      return ok(customer);
    },
    'DELETE /api/crm/customers/c1/transactions/t0': () => {
      financials = financialsFixture([]);
      return { status: 204 };
    },
  });
  return api;
}

async function open(role: 'editor' | 'viewer', path = '/customers/c1', start: Partial<CustomerRecord> = {}) {
  const api = backend(role, start);
  const mounted = await mountApp(path, accounts, `${role}@bellsystems.gr`);
  wrapper = mounted.wrapper;
  await flushPromises();
  return { api, router: mounted.router };
}

const quickActions = () => wrapper.findAll('[role="group"][aria-label="Quick actions"] button').map((b) => b.text());

afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

// The first mount compiles the lazily loaded page and its tabs, which can take seconds here.
describe('customer page', { timeout: 60_000 }, () => {
  it('shows title and name, then organization · city, the four quick actions and every tab', async () => {
    await open('editor');
    expect(wrapper.find('h1').text()).toBe('π. Νικόλαος Παπάς');
    expect(wrapper.find('.customer-header__sub').text()).toBe('Ενορία Αγίου Νικολάου · Πάτρα');
    expect(quickActions()).toEqual(['Init Negotiations', 'Record Issue/Support', 'Record Payment', 'Edit']);
    expect(wrapper.findAll('[role="tab"]').map((t) => t.text())).toEqual([
      'Overview',
      'Support',
      'Financials',
      'Orders',
      'Quotations',
      'Communication',
      'Files & Media',
      'Devices',
    ]);
    expect(wrapper.find('[role="tab"][aria-selected="true"]').text()).toBe('Overview');
  });

  it('scrolls the tabs sideways when they do not fit, with a hint on the side that has more', async () => {
    await open('viewer', '/customers/c1?tab=files');
    const strip = wrapper.find<HTMLElement>('[role="tablist"]');
    expect(wrapper.find('.tabs-hint').exists()).toBe(false);
    // happy-dom lays nothing out: give the strip a phone's width and the tabs more than that.
    Object.defineProperties(strip.element, { clientWidth: { value: 360, configurable: true }, scrollWidth: { value: 900, configurable: true } });
    await strip.trigger('scroll');
    expect(wrapper.findAll('.tabs-hint').map((hint) => [hint.classes(), hint.attributes('aria-hidden')])).toEqual([[['tabs-hint', 'tabs-hint--after'], 'true']]);
    strip.element.scrollLeft = 540;
    await strip.trigger('scroll');
    expect(wrapper.findAll('.tabs-hint').map((hint) => hint.classes())).toEqual([['tabs-hint', 'tabs-hint--before']]);
  });

  it('lists every language the customer speaks, most spoken first', async () => {
    await open('viewer', '/customers/c1', { language: ['en', 'el'] });
    expect(wrapper.findAll('.language-list li').map((li) => li.text())).toEqual(['English', 'Greek']);
  });

  it('links contacts to mail, phone and WhatsApp', async () => {
    await open('viewer');
    const hrefs = wrapper.findAll('.contacts a').map((a) => a.attributes('href'));
    expect(hrefs).toEqual(['tel:+302610123456', 'https://wa.me/306971234567', 'mailto:n@example.gr']);
  });

  it('saves a relationship status on click and moves the glow', async () => {
    const { api } = await open('editor');
    const pill = (name: string) => byText(wrapper, '.pills button', name);
    expect(pill('Lead').classes()).toContain('chip--glow');
    await pill('Prospect').trigger('click');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ status: 'prospect' }]);
    expect(pill('Prospect').attributes('aria-pressed')).toBe('true');
    expect(pill('Lead').classes()).not.toContain('chip--glow');

    // A tap is saved at once, and can be undone for a few seconds.
    await byText(wrapper, '.undo button', 'Undo: back to Lead').trigger('click');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([{ status: 'prospect' }, { status: 'lead' }]);
    expect(pill('Lead').attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('.undo').exists()).toBe(false);
  });

  it('shows Latest Orders and Latest Quotations only when there are some, and hides Communications when empty', async () => {
    await open('viewer');
    const titles = wrapper.findAll('.card__header h2').map((h) => h.text());
    expect(titles).toEqual(['Latest Orders', 'Latest Quotations']);
  });

  it('keeps the tab in the address, so it survives a reload', async () => {
    const { router } = await open('viewer');
    await byText(wrapper, '[role="tab"]', 'Quotations').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ tab: 'quotations' });
    expect(wrapper.find('[role="tabpanel"]').text()).toContain('QUO-2026-002 v2');
    expect(wrapper.find('[role="tabpanel"]').text()).not.toContain('ORD-2026-001');
  });

  it('Record Payment: date defaults to now, the order is picked from the customer\'s orders, then the ledger reloads', async () => {
    const { api } = await open('editor', '/customers/c1?tab=financials');
    await byText(wrapper, 'button', 'Record Payment').trigger('click');
    await flushPromises();
    const dialog = wrapper.find('dialog[open]');
    const date = byLabel(wrapper, 'Date');
    expect(Math.abs(new Date(dateFieldValue(date)).getTime() - Date.now())).toBeLessThan(2 * 60_000);

    const orderRef = byLabel(wrapper, 'Order Ref');
    await orderRef.setValue('Ρολ');
    await orderRef.trigger('focus');
    const listOf = (input: typeof orderRef) => dialog.find(`[id="${input.attributes('aria-controls')}"]`);
    const options = listOf(orderRef).findAll('[role="option"]');
    expect(options.map((o) => o.text())).toEqual(['ORD-2026-002 — ΡολόιAwaiting Quotation']);
    await options[0]!.trigger('mousedown');
    const invoiceRef = byLabel(wrapper, 'Invoice Ref');
    await invoiceRef.setValue('ΤΙΜ');
    await invoiceRef.trigger('focus');
    expect(listOf(invoiceRef).findAll('[role="option"]').map((o) => o.text())).toEqual(['ΤΙΜ-1']);
    await listOf(invoiceRef).find('[role="option"]').trigger('mousedown');
    await byLabel(wrapper, 'Amount *').setValue('250,50');
    await byLabel(wrapper, 'Payment type').setValue('card');
    await dialog.find('form').trigger('submit');
    await flushPromises();

    const post = api.requests.find((r) => r.method === 'POST');
    expect(post?.body).toMatchObject({ flow: 'payment', payment_type: 'card', category: 'full_payment', amount: 250.5, currency: 'EUR', order_ref: 'o2', invoice_ref: 'ΤΙΜ-1', note: '' });
    expect(api.requests.slice(api.requests.indexOf(post!) + 1).map((r) => r.path).sort()).toEqual([
      '/api/crm/customers/c1/financials',
      '/api/crm/customers/c1/orders',
    ]);
    expect(wrapper.find('.notice').text()).toBe('Payment recorded.');
    expect(wrapper.findAll('.ledger tbody tr')).toHaveLength(2);
  });

  it('Init Negotiations needs a title before it sends anything', async () => {
    const { api } = await open('editor');
    await byText(wrapper, 'button', 'Init Negotiations').trigger('click');
    await flushPromises();
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(byLabel(wrapper, 'Title *').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('dialog[open]').text()).toContain('Required.');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('Support: newest first, resolves an issue, reports install support inline, and scrolls past five', async () => {
    const issues = [1, 2, 3, 4, 5, 6].map((n) => ticket(n, n === 1));
    const { api } = await open('editor', '/customers/c1?tab=support', { technical_issues: issues });
    const [issueCard, supportCard] = wrapper.findAll('.ticket-card');
    expect(issueCard!.find('.badge').text()).toBe('1 active');
    expect(issueCard!.findAll('.ticket__note').map((n) => n.text())).toEqual(['Πρόβλημα 6', 'Πρόβλημα 5', 'Πρόβλημα 4', 'Πρόβλημα 3', 'Πρόβλημα 2', 'Πρόβλημα 1']);
    expect(issueCard!.find('.tickets').classes()).toContain('tickets--scroll');

    await byText(issueCard!, 'button', 'Resolve').trigger('click');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual(['/api/crm/customers/c1/technical-issues/ti1/resolve']);
    expect(wrapper.findAll('.ticket-card')[0]!.find('.badge').text()).toBe('0 active');

    expect(supportCard!.text()).toContain('Nothing recorded.');
    await byText(wrapper.findAll('.ticket-card')[1]!, 'button', '+ Report New Support').trigger('click');
    const note = wrapper.findAll('.ticket-card')[1]!.find('textarea');
    await note.setValue('Ρύθμιση ωραρίου');
    await note.trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([{ note: 'Ρύθμιση ωραρίου' }]);
    expect(wrapper.findAll('.ticket-card')[1]!.find('.badge').text()).toBe('1 active');
  });

  it('Financials: the ledger with its totals row, and a delete only after confirming', async () => {
    const { api } = await open('editor', '/customers/c1?tab=financials');
    expect(wrapper.findAll('.ledger thead th').map((th) => th.text())).toEqual([
      'Date',
      'Flow',
      'Amount',
      'Currency',
      'Method',
      'Category',
      'Order Ref',
      'Invoice Ref',
      'Note',
      'Recorded By',
      'Actions',
    ]);
    expect(wrapper.find('.totals').text()).toMatch(/Totals · EUR\s*Total invoiced\s*€1,000\.00\s*Total paid\s*€0\.00\s*The customer owes\s*Nothing owed/);

    await wrapper.find('.ledger tbody button[aria-haspopup="menu"]').trigger('click');
    await flushPromises();
    await byText(wrapper, '[role="menuitem"]', 'Delete').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog[open]').text()).toContain('Delete the Invoice of €1,000.00');
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await byText(wrapper, 'dialog[open] button', 'Delete').trigger('click');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/crm/customers/c1/transactions/t0']);
    expect(wrapper.text()).toContain('No transactions yet.');
  });

  it('archives the customer instead of deleting, says so, and restores', async () => {
    const { api } = await open('editor');
    expect(wrapper.find('.archived-banner').exists()).toBe(false);
    await byText(wrapper, 'button', 'Archive').trigger('click');
    await flushPromises();
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    expect(wrapper.find('.archived-banner').text()).toBe('This customer is archived: hidden from the list and search until restored.');
    expect(wrapper.find('.notice').text()).toBe('Customer archived.');
    await byText(wrapper, 'button', 'Restore').trigger('click');
    await flushPromises();
    expect(wrapper.find('.archived-banner').exists()).toBe(false);
    expect(wrapper.find('.notice').text()).toBe('Customer restored.');
  });

  it('shows the Nextcloud folder in the form without letting it be edited', async () => {
    await open('editor', '/customers/c1', { nextcloud_folder: '05_Customers/Enoria_Agiou_Nikolaou' });
    await byText(wrapper, 'button', 'Edit').trigger('click');
    await flushPromises();
    const folder = byLabel(wrapper, 'Nextcloud folder');
    expect(folder.element.value).toBe('05_Customers/Enoria_Agiou_Nikolaou');
    expect(folder.attributes('readonly')).toBeDefined();
  });

  it('shows a viewer no edit controls', async () => {
    await open('viewer', '/customers/c1', { technical_issues: [ticket(1, true)] });
    expect(wrapper.find('[aria-label="Quick actions"]').exists()).toBe(false);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Archive')).toBe(false);
    expect(wrapper.findAll('.pills button')).toHaveLength(0);
    expect(wrapper.find('.pills [aria-current="true"]').text()).toBe('Lead');
    expect(wrapper.findAll('button').some((b) => b.text().includes('Add note'))).toBe(false);

    await byText(wrapper, '[role="tab"]', 'Support').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('button').some((b) => /Resolve|Report New/.test(b.text()))).toBe(false);
    await byText(wrapper, '[role="tab"]', 'Financials').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('button').some((b) => b.text().includes('Add Transaction'))).toBe(false);
    expect(wrapper.findAll('.ledger thead th').map((th) => th.text())).not.toContain('Actions');
  });

  it("shows the server's message when the customer cannot be loaded", async () => {
    installFakeApi({
      'GET /api/me': meAs('u-viewer', 'viewer'),
      'GET /api/crm/customers/gone': () => ({ status: 404, body: { error: { code: 'not_found', message: 'Customer not found', details: [] } } }),
      'GET /api/crm/customers/gone/financials': () => ({ status: 404, body: { error: { code: 'not_found', message: 'Customer not found', details: [] } } }),
      'GET /api/crm/customers/gone/orders': () => ({ status: 404, body: { error: { code: 'not_found', message: 'Customer not found', details: [] } } }),
    });
    ({ wrapper } = await mountApp('/customers/gone', accounts, 'viewer@bellsystems.gr'));
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('Customer not found');
  });
});
