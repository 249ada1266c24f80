import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { viewStorageKey } from '../components/customer/customer-columns';
import type { CustomerInput } from '../api/customers';
import { customerFixture, financialsFixture, orderFixture } from '../test-support/customer-fixtures';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { byLabel, byText, mountApp } from '../test-support/mount-app';

const accounts = {
  'viewer@bellsystems.gr': { uid: 'u-viewer', password: 'demo-viewer-pass' },
  'editor@bellsystems.gr': { uid: 'u-editor', password: 'demo-editor-pass' },
};
const meAs =
  (uid: string, role: string): FakeRoute =>
  () => ({ status: 200, body: { uid, email: `${role}@bellsystems.gr`, name: `Demo ${role}`, role } });
const me = meAs('u-viewer', 'viewer');
const page = (customers: unknown[], total: number | null = customers.length, next: string | null = null) => ({
  status: 200,
  body: { customers, total, next_cursor: next },
});
const ticket = (active: boolean) => ({
  id: `t${Number(active)}`,
  active,
  note: 'Δεν χτυπά',
  opened_date: '2026-03-01T10:00:00.000Z',
  resolved_date: null,
  opened_by: 'G',
  opened_by_uid: 'u-g',
  resolved_by: null,
  resolved_by_uid: null,
});
const customer = (n: number, extra: object = {}) =>
  customerFixture({ id: `c${n}`, name: `Ενορία ${n}`, relationship_status: 'active', ...extra });
/** A created customer as the server answers it: entries get ids, phones their E.164 form (none here). */
const stored = (id: string, body: CustomerInput) =>
  customerFixture({
    ...body,
    id,
    contacts: body.contacts.map((contact, index) => ({ ...contact, id: contact.id ?? `k${index}`, e164: null })),
    notes: body.notes.map((note, index) => ({ id: note.id ?? `n${index}`, text: note.text, by: 'Demo editor', by_uid: 'u-editor', at: '2026-03-30T09:00:00.000Z' })),
    owned_items: [],
  });
const headers = (wrapper: VueWrapper) => wrapper.findAll('[role="columnheader"]').map((th) => th.text().replace(/[▲▼]/g, '').trim());
/** The list's rendered rows (the header row is aria-rowindex 1, outside the body). */
const bodyRows = (wrapper: VueWrapper) => wrapper.findAll('.customer-rows [role="row"]');
const cellTexts = (wrapper: VueWrapper) => bodyRows(wrapper).map((r) => r.find('[role="cell"]').text());
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let wrapper: VueWrapper;

afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

// The first mount compiles the lazily loaded pages, which can take seconds on a busy machine.
describe('customers list', { timeout: 30_000 }, () => {
  it('lists customers with relationship chip and support dots, and pages on', async () => {
    const firstPage = [
      customer(1, { technical_issues: [ticket(true)], install_support: [ticket(false)] }),
      customer(2, { relationship_status: 'lead' }),
      ...Array.from({ length: 48 }, (_, i) => customer(i + 3)),
    ];
    const api = installFakeApi({
      'GET /api/me': me,
      'GET /api/crm/customers': (request) =>
        request.query.get('cursor') === 'page-2' ? page([customer(51)], 51) : page(firstPage, 51, 'page-2'),
    });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.find('h1').text()).toBe('Customers');
    expect(wrapper.text()).toContain('51 customers');
    const rows = bodyRows(wrapper);
    expect(cellTexts(wrapper).slice(0, 2)).toEqual(['Ενορία 1', 'Ενορία 2']);
    expect(rows[0]!.attributes('aria-rowindex')).toBe('2');
    expect(wrapper.find('[role="table"]').attributes('aria-rowcount')).toBe('52');
    expect(rows[0]!.find('.chip').text()).toBe('Active');
    expect(rows[0]!.findAll('[role="img"]').map((d) => d.attributes('aria-label'))).toEqual(['Active technical issue']);
    expect(rows[1]!.find('.chip').text()).toBe('Lead');
    expect(rows[1]!.findAll('[role="img"]')).toHaveLength(0);
    // Only the rows near the viewport are rendered, each at its own place in a body as tall as all 50.
    expect(rows.length).toBeLessThan(50);
    const px = (style: string | undefined, property: string) => Number(new RegExp(`${property}: ([\\d.]+)px`).exec(style ?? '')?.[1]);
    const rowHeight = px(rows[1]!.attributes('style'), 'top') - px(rows[0]!.attributes('style'), 'top');
    expect(rowHeight).toBeGreaterThan(0);
    expect(px(wrapper.find('.customer-rows').attributes('style'), 'height')).toBe(50 * rowHeight);

    await byText(wrapper, 'button', 'Load more').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);
    expect(api.requests.filter((r) => r.path === '/api/crm/customers').map((r) => r.query.get('cursor'))).toEqual([null, 'page-2']);
  });

  it('asks for the next page by itself when the end of the list is in view', async () => {
    const api = installFakeApi({
      'GET /api/me': me,
      'GET /api/crm/customers': (request) =>
        request.query.get('cursor') === 'page-2' ? page([customer(3)], 3) : page([customer(1), customer(2)], 3, 'page-2'),
    });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    await flushPromises();
    expect(cellTexts(wrapper)).toEqual(['Ενορία 1', 'Ενορία 2', 'Ενορία 3']);
    expect(api.requests.filter((r) => r.path === '/api/crm/customers')).toHaveLength(2);
  });

  it("opens a customer's page from the name in the app, and leaves a modified click to the browser", async () => {
    installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => page([customer(1), customer(2, { id: 'c/2 ά' })]) });
    let router: Awaited<ReturnType<typeof mountApp>>['router'];
    ({ wrapper, router } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    const link = bodyRows(wrapper)[1]!.find('a');
    expect(link.attributes('href')).toBe('/customers/c%2F2%20%CE%AC');

    const opened = new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true });
    link.element.dispatchEvent(opened);
    await flushPromises();
    expect(opened.defaultPrevented).toBe(false);
    expect(router.currentRoute.value.name).toBe('customers');

    const followed = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.element.dispatchEvent(followed);
    await flushPromises();
    expect(followed.defaultPrevented).toBe(true);
    // The customer page is loaded lazily: compiling it takes seconds on a busy machine.
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('customer'), { timeout: 20_000 });
    expect(router.currentRoute.value.params.id).toBe('c/2 ά');
  });

  it('says so when there are no customers, and when none match the filters', async () => {
    installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => page([], 0) });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.text()).toContain('No customers yet.');
    expect(wrapper.find('[role="table"]').exists()).toBe(false);
    wrapper.unmount();
    ({ wrapper } = await mountApp('/customers?rel=churned', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.text()).toContain('No customer matches these filters.');
  });

  it("shows the server's message when loading fails, and tries again on request", async () => {
    let fail = true;
    installFakeApi({
      'GET /api/me': me,
      'GET /api/crm/customers': () =>
        fail ? { status: 503, body: { error: { code: 'unavailable', message: 'The document store is not reachable', details: [] } } } : page([customer(1)]),
    });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.find('[role="alert"]').text()).toContain('The document store is not reachable');
    fail = false;
    await byText(wrapper, 'button', 'Try again').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(bodyRows(wrapper)).toHaveLength(1);
  });

  it('searches on the server after the user stops typing, and filters by tag, relationship and support', async () => {
    const api = installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => page([customer(1)]) });
    const mounted = await mountApp('/customers', accounts, 'viewer@bellsystems.gr');
    wrapper = mounted.wrapper;
    const search = byLabel(wrapper, 'Search customers');
    await search.setValue('αγ');
    await search.setValue('αγιος νικ');
    await wait(350);
    await flushPromises();
    await byLabel(wrapper, 'Relationship').setValue('prospect');
    await byLabel(wrapper, 'Support').setValue('issue');
    const tag = byLabel(wrapper, 'Tag');
    await tag.setValue('ναός');
    await tag.trigger('change');
    await flushPromises();

    const queries = api.requests.filter((r) => r.path === '/api/crm/customers').map((r) => Object.fromEntries(r.query));
    // The text is sent once the typing pauses, not at each keystroke.
    expect(queries.map((q) => q.search).filter(Boolean).every((s) => s === 'αγιος νικ')).toBe(true);
    expect(queries.at(-1)).toEqual({
      limit: '50',
      search: 'αγιος νικ',
      tag: 'ναός',
      relationship_status: 'prospect',
      has_active_issue: 'true',
      sort: 'name',
    });
    expect(mounted.router.currentRoute.value.query).toEqual({ q: 'αγιος νικ', rel: 'prospect', support: 'issue', tag: 'ναός' });

    await byText(wrapper, 'button', 'Clear filters').trigger('click');
    await flushPromises();
    expect(Object.fromEntries(api.requests.at(-1)!.query)).toEqual({ limit: '50', sort: 'name' });
  });

  it('follows a search put in the address from elsewhere (back, a link): the box and the list show it', async () => {
    const api = installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => page([customer(1)]) });
    const mounted = await mountApp('/customers', accounts, 'viewer@bellsystems.gr');
    wrapper = mounted.wrapper;
    await mounted.router.push({ path: '/customers', query: { q: 'ναός' } });
    await flushPromises();
    expect((byLabel(wrapper, 'Search customers').element as HTMLInputElement).value).toBe('ναός');
    expect(api.requests.at(-1)!.query.get('search')).toBe('ναός');
  });

  it('shows the archived customers on request, keeping the choice in the address', async () => {
    const api = installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => page([customer(1)]) });
    const mounted = await mountApp('/customers', accounts, 'viewer@bellsystems.gr');
    wrapper = mounted.wrapper;
    await byLabel(wrapper, 'Archived').setValue(true);
    await flushPromises();
    expect(Object.fromEntries(api.requests.at(-1)!.query)).toEqual({ limit: '50', sort: 'name', archived: 'true' });
    expect(mounted.router.currentRoute.value.query).toEqual({ archived: '1' });
    await byText(wrapper, 'button', 'Clear filters').trigger('click');
    await flushPromises();
    expect(Object.fromEntries(api.requests.at(-1)!.query)).toEqual({ limit: '50', sort: 'name' });
  });

  it('sorts by a column header, and says so to assistive technology', async () => {
    const api = installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => page([customer(1)]) });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.find('[role="columnheader"][aria-sort]').text()).toContain('Name');
    await byText(wrapper, '[role="columnheader"] button', /Name/).trigger('click');
    await flushPromises();
    expect(api.requests.at(-1)!.query.get('dir')).toBe('desc');
    expect(wrapper.find('[role="columnheader"][aria-sort]').attributes('aria-sort')).toBe('descending');
  });

  it('lets each user arrange and toggle columns, and remembers it for them', async () => {
    installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => page([customer(1, { tags: ['ναός'] })]) });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(headers(wrapper)).toEqual(['Name', 'Organization', 'City', 'Status', 'Support', 'Phone', 'Tags']);

    await byText(wrapper, 'button', 'Columns').trigger('click');
    await wrapper.find('[aria-label="Move Support up"]').trigger('click');
    await wrapper.find('[aria-label="Move Support up"]').trigger('click');
    const city = wrapper.findAll('.columns-menu__check').find((l) => l.text() === 'City')!;
    await city.find('input').setValue(false);
    const email = wrapper.findAll('.columns-menu__check').find((l) => l.text() === 'Email')!;
    await email.find('input').setValue(true);
    expect(headers(wrapper)).toEqual(['Name', 'Organization', 'Support', 'Status', 'Phone', 'Email', 'Tags']);
    const saved = JSON.parse(localStorage.getItem(viewStorageKey('u-viewer'))!);
    expect(saved.columns.slice(0, 4)).toEqual([
      { id: 'name', visible: true },
      { id: 'organization', visible: true },
      { id: 'support', visible: true },
      { id: 'city', visible: false },
    ]);

    // The name links to the customer, so it cannot be hidden.
    expect(wrapper.findAll('.columns-menu__check').find((l) => l.text() === 'Name')!.find('input').attributes('disabled')).toBeDefined();
  });

  it('shows the active order as "Status — dd.mm.yy — note" in Notes: Expanded mode', async () => {
    const negotiating = orderFixture({
      status: 'negotiating',
      status_updated_date: '2026-03-24T10:00:00.000Z',
      timeline: [
        { id: 'e1', date: '2026-03-20T10:00:00.000Z', type: 'note', props: { from: null, to: 'negotiating' }, note: '', updated_by: 'G' },
        { id: 'e2', date: '2026-03-24T10:00:00.000Z', type: 'note', note: 'Customer requested a more affordable quotation', updated_by: 'G' },
        { id: 'e3', date: '2026-03-24T11:00:00.000Z', type: 'note', props: { from: 'awaiting_quotation', to: 'negotiating' }, note: '', updated_by: 'G' },
      ],
    });
    const api = installFakeApi({
      'GET /api/me': me,
      'GET /api/crm/customers': () => page([customer(1), customer(2)]),
      'GET /api/crm/customers/c1/orders': () => ({ status: 200, body: { orders: [orderFixture({ id: 'o9', status: 'complete' }), negotiating], next_cursor: null } }),
      'GET /api/crm/customers/c2/orders': () => ({ status: 200, body: { orders: [orderFixture({ status: 'declined' })], next_cursor: null } }),
    });
    // happy-dom lays nothing out, so nothing would ever scroll into view: every observed row counts as seen.
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(private readonly callback: (entries: { isIntersecting: boolean; target: Element }[]) => void) {}
        observe(target: Element) {
          this.callback([{ isIntersecting: true, target }]);
        }
        unobserve() {}
        disconnect() {}
      },
    );
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(api.requests.some((r) => r.path.endsWith('/orders'))).toBe(false);

    await wrapper.findAll('input[name="notes-mode"]').find((i) => (i.element as HTMLInputElement).value === 'expanded')!.setValue(true);
    await flushPromises();
    const rows = bodyRows(wrapper);
    expect(rows[0]!.find('.col-status').text()).toContain('Negotiating — 24/03/2026 — Customer requested a more affordable quotation');
    expect(rows[1]!.find('.col-status').text()).toContain('No active order');
    expect(JSON.parse(localStorage.getItem(viewStorageKey('u-viewer'))!).notes).toBe('expanded');
  });

  it('offers New customer to editors only', async () => {
    installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => page([customer(1)]) });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.findAll('button').some((b) => b.text() === 'New customer')).toBe(false);
  });
});

describe('customer form (create)', { timeout: 30_000 }, () => {
  const editor = meAs('u-editor', 'editor');

  async function openForm(routes: Record<string, FakeRoute> = {}) {
    const api = installFakeApi({ 'GET /api/me': editor, 'GET /api/crm/customers': () => page([]), ...routes });
    const mounted = await mountApp('/customers', accounts, 'editor@bellsystems.gr');
    wrapper = mounted.wrapper;
    await byText(wrapper, 'button', 'New customer').trigger('click');
    // The form is loaded on demand at the first click.
    await vi.waitFor(() => expect(wrapper.find('dialog[open] form').exists()).toBe(true), { timeout: 20_000 });
    return { api, router: mounted.router, dialog: () => wrapper.find('dialog') };
  }

  it('checks fields in the browser, shows each error beside its field and sends nothing', async () => {
    const { api } = await openForm();
    await byText(wrapper, 'button', '+ Add contact').trigger('click');
    await byLabel(wrapper, 'Value').setValue('12');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();

    const name = byLabel(wrapper, 'Name *');
    expect(name.attributes('aria-invalid')).toBe('true');
    expect(wrapper.find(`#${name.attributes('aria-describedby')}`).text()).toBe('Required.');
    expect(byLabel(wrapper, 'Value').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('Enter a phone number: 10 digits for Greece, or + and the country code.');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    // Fixing a field clears its error at once.
    await name.setValue('Ενορία');
    await flushPromises();
    expect(name.attributes('aria-invalid')).toBeUndefined();
  });

  it("shows the server's field errors beside the fields they name", async () => {
    await openForm({
      'POST /api/crm/customers': () => ({
        status: 400,
        body: { error: { code: 'validation_failed', message: 'Invalid body', details: [{ path: 'contacts.0.value', message: 'must be an e-mail address' }] } },
      }),
    });
    await byLabel(wrapper, 'Name *').setValue('Ενορία');
    await byText(wrapper, 'button', '+ Add contact').trigger('click');
    await byLabel(wrapper, 'Type').setValue('email');
    await byLabel(wrapper, 'Value').setValue('a@example.gr');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();
    expect(byLabel(wrapper, 'Value').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('must be an e-mail address');
    expect(wrapper.find('dialog [role="alert"]').text()).toContain('contacts.0.value: must be an e-mail address');
  });

  it('creates the customer with the strict body and opens its page', async () => {
    const { api, router } = await openForm({
      'POST /api/crm/customers': (r) => ({ status: 201, body: stored('new1', r.body as CustomerInput) }),
      'GET /api/crm/customers/new1': () => ({ status: 200, body: customerFixture({ id: 'new1' }) }),
      'GET /api/crm/customers/new1/financials': () => ({ status: 200, body: financialsFixture() }),
      'GET /api/crm/customers/new1/orders': () => ({ status: 200, body: { orders: [], next_cursor: null } }),
      'GET /api/crm/comms': () => ({ status: 200, body: { entries: [], next_cursor: null } }),
    });
    await byLabel(wrapper, 'Name *').setValue('Ενορία Αγίας Ειρήνης');
    await byLabel(wrapper, 'City').setValue('Πάτρα');
    const languages = wrapper.find('fieldset.language-picker');
    expect(languages.find('legend').text()).toBe('Languages');
    const english = languages.findAll('label').find((label) => label.text() === 'English');
    await english!.find('input[type="checkbox"]').setValue(true);
    const tags = byLabel(wrapper, 'Tags');
    await tags.setValue('ναός');
    await tags.trigger('keydown', { key: 'Enter' });
    await byText(wrapper, 'button', '+ Add contact').trigger('click');
    await byLabel(wrapper, 'Value').setValue('2610 123456');
    await wrapper.find('dialog[open] form').trigger('submit');
    await flushPromises();

    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      {
        name: 'Ενορία Αγίας Ειρήνης',
        title: null,
        organization: null,
        religion: null,
        language: ['el', 'en'],
        relationship_status: 'lead',
        location: { city: 'Πάτρα', region: '', country: '' },
        tags: ['ναός'],
        contacts: [{ type: 'phone', label: '', value: '2610 123456', primary: false }],
        notes: [],
        owned_items: [],
        nextcloud_folder: null,
        linked_user_ids: [],
      },
    ]);
    // The customer page is loaded on demand; compiling it for the first time takes a while here.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/customers/new1'), { timeout: 50_000 });
  }, 60_000);

  it('asks before discarding typed changes', async () => {
    await openForm();
    await byLabel(wrapper, 'Name *').setValue('Μισή');
    await byText(wrapper, 'dialog button', 'Cancel').trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('Discard changes?');
    await byText(wrapper, 'button', 'Discard changes').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('dialog[open]')).toHaveLength(0);
  });
});
