import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commsEntryFixture } from '../test-support/comms-fixtures';
import type { CommsEntry } from '../components/comms/comms.types';
import { customerFixture } from '../test-support/customer-fixtures';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { byLabel, byText, mountApp } from '../test-support/mount-app';
import { meAs } from '../test-support/mount-component';

const accounts = {
  'editor@bellsystems.gr': { uid: 'u-editor', password: 'password' },
  'viewer@bellsystems.gr': { uid: 'u-viewer', password: 'password' },
};
let wrapper: VueWrapper;
afterEach(() => {
  wrapper.unmount();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const message = (id: string, address: string, extra: Partial<CommsEntry> = {}): CommsEntry =>
  commsEntryFixture({
  id, customer_id: '', type: 'email', direction: 'inbound', subject: `Θέμα ${id}`, body: 'Καλησπέρα, θα θέλαμε προσφορά.', attachments: [],
  ext_message_id: `<${id}@mail>`, address, address_raw: `Πατήρ Ιωάννης <${address}>`, logged_by: null, logged_by_uid: null,
  occurred_at: '2026-03-04T10:00:00.000Z', created_at: '2026-03-04T10:00:00.000Z', updated_at: '2026-03-04T10:00:00.000Z', ...extra,
  });

const customer = (id: string, name: string) =>
  customerFixture({ id, name, organization: 'Ενορία Αγίου Νικολάου', location: { city: 'Πάτρα', region: '', country: 'GR' } });

const unassigned = (list: () => CommsEntry[]): FakeRoute => () => ({ status: 200, body: { entries: list(), next_cursor: null } });
const rows = () => wrapper.findAll('ol.messages > li');

describe('Inbox', () => {
  it('lists unassigned messages with their sender, and gives a viewer no assign control', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/comms/unassigned': unassigned(() => [message('m1', 'ioannis@example.gr')]) });
    ({ wrapper } = await mountApp('/inbox', accounts, 'viewer@bellsystems.gr'));
    expect(rows()).toHaveLength(1);
    expect(rows()[0]!.text()).toContain('Θέμα m1');
    expect(rows()[0]!.text()).toContain('from Πατήρ Ιωάννης <ioannis@example.gr>');
    expect(rows()[0]!.text()).toContain('Inbound');
    expect(rows()[0]!.find('time').text()).toMatch(/^04\/03\/2026, \d\d:00$/);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Assign to customer')).toBe(false);
  });

  it('says so when nothing waits', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/comms/unassigned': unassigned(() => []) });
    ({ wrapper } = await mountApp('/inbox', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.text()).toContain('Nothing waiting: every message is matched to a customer.');
  });

  it('assigns a message to a customer found by a debounced search, taking the same sender’s messages along', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/comms/unassigned': unassigned(() => [
        message('m1', 'ioannis@example.gr'),
        message('m2', 'other@example.gr'),
        message('m3', 'ioannis@example.gr'),
      ]),
      'GET /api/crm/customers': (request) => ({
        status: 200,
        body: { customers: request.query.get('search') === 'νικ' ? [customer('c1', 'Νικόλαος'), customer('c2', 'Νικήτας')] : [], total: null, next_cursor: null },
      }),
      'POST /api/crm/comms/m1/assign': () => ({ status: 200, body: { entry: message('m1', 'ioannis@example.gr', { customer_id: 'c2' }), assigned_count: 2 } }),
    });
    ({ wrapper } = await mountApp('/inbox', accounts, 'editor@bellsystems.gr'));
    vi.useFakeTimers();
    await rows()[0]!.find('button').trigger('click');
    expect(rows()[0]!.find('button').text()).toBe('Assign to customer');
    await flushPromises();
    expect(wrapper.find('dialog[open] h2').text()).toBe('Assign to a customer');

    const search = byLabel(wrapper, 'Customer');
    for (const text of ['ν', 'νι', 'νικ']) {
      search.element.value = text;
      await search.trigger('input');
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(api.requests.filter((r) => r.path === '/api/crm/customers')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(300);
    await flushPromises();
    expect(api.requests.filter((r) => r.path === '/api/crm/customers').map((r) => r.query.get('search'))).toEqual(['νικ']);
    const options = wrapper.findAll('[role="option"]');
    expect(options.map((o) => o.find('.picker__name').text())).toEqual(['Νικόλαος', 'Νικήτας']);
    expect(search.attributes('aria-expanded')).toBe('true');
    expect(search.attributes('aria-activedescendant')).toBe(options[0]!.attributes('id'));

    await search.trigger('keydown', { key: 'ArrowDown' });
    expect(search.attributes('aria-activedescendant')).toBe(options[1]!.attributes('id'));
    await search.trigger('keydown', { key: 'Enter' });
    expect(search.element.value).toBe('Νικήτας');
    expect(search.attributes('aria-expanded')).toBe('false');
    vi.useRealTimers();

    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body])).toEqual([['/api/crm/comms/m1/assign', { customer_id: 'c2' }]]);
    expect(wrapper.find('dialog[open]').exists()).toBe(false);
    expect(rows().map((row) => row.find('h2').text())).toEqual(['Θέμα m2']);
    expect(wrapper.find('[role="status"]').text()).toContain('2 messages assigned to Νικήτας.');
    expect(wrapper.find('[role="status"] a').attributes('href')).toBe('/customers/c2');
  });

  it('asks for a customer first, and shows the server’s refusal', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/comms/unassigned': unassigned(() => [message('m1', 'ioannis@example.gr')]),
      'GET /api/crm/customers': () => ({ status: 200, body: { customers: [customer('c1', 'Νικόλαος')], total: 1, next_cursor: null } }),
      'POST /api/crm/comms/m1/assign': () => ({
        status: 422,
        body: { error: { code: 'unprocessable', message: 'Customer c1 does not exist', details: [{ path: 'customer_id', message: 'no such customer' }] } },
      }),
    });
    ({ wrapper } = await mountApp('/inbox', accounts, 'editor@bellsystems.gr'));
    await byText(wrapper, 'button', 'Assign to customer').trigger('click');
    await flushPromises();
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('dialog [role="alert"]').text()).toBe('Choose a customer from the list first.');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);

    const search = byLabel(wrapper, 'Customer');
    await search.setValue('Νικ');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await flushPromises();
    await wrapper.find('[role="option"]').trigger('mousedown');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('dialog [role="alert"]').text()).toBe('Customer c1 does not exist: customer_id: no such customer');
    expect(rows()).toHaveLength(1);
  });

  it('counts waiting messages on the menu, and "Done" takes one out of the inbox and the count', async () => {
    let left = 2;
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/comms/unassigned': unassigned(() => [message('m1', 'ioannis@example.gr'), message('m2', 'spam@example.gr')]),
      'GET /api/crm/comms/unassigned/count': () => ({ status: 200, body: { count: left } }),
      'POST /api/crm/comms/m2/done': () => {
        left = 1;
        return { status: 200, body: message('m2', 'spam@example.gr', { details: { done: true } } as Partial<CommsEntry>) };
      },
    });
    ({ wrapper } = await mountApp('/inbox', accounts, 'editor@bellsystems.gr'));
    const inboxLink = () => wrapper.findAll('nav a').find((a) => a.attributes('href') === '/inbox')!;
    expect(inboxLink().text()).toContain('2 unread');

    await byText(rows()[1]!, 'button', 'Done').trigger('click');
    await flushPromises();
    expect(api.requests.find((r) => r.method === 'POST')).toMatchObject({ path: '/api/crm/comms/m2/done', body: { done: true } });
    expect(rows()).toHaveLength(1);
    expect(wrapper.find('[role="status"]').text()).toBe('Marked as done; it left the inbox.');
    expect(inboxLink().text()).toContain('1 unread');
  });

  it('makes a new customer from a sender, prefilled, then assigns the message to it', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/comms/unassigned': unassigned(() => [message('m1', 'ioannis@example.gr')]),
      'POST /api/crm/customers': (request) => ({ status: 201, body: { ...customer('c9', (request.body as { name: string }).name), contacts: [] } }),
      'POST /api/crm/comms/m1/assign': () => ({ status: 200, body: { entry: message('m1', 'ioannis@example.gr', { customer_id: 'c9' }), assigned_count: 1 } }),
    });
    ({ wrapper } = await mountApp('/inbox', accounts, 'editor@bellsystems.gr'));
    await byText(rows()[0]!, 'button', 'New customer from this sender').trigger('click');
    await flushPromises();
    await vi.dynamicImportSettled();
    await flushPromises();
    const dialog = wrapper.find('dialog[open]');
    expect(dialog.find<HTMLInputElement>('input[required]').element.value).toBe('Πατήρ Ιωάννης');
    expect(dialog.findAll<HTMLInputElement>('input').map((i) => i.element.value)).toContain('ioannis@example.gr');
    await dialog.find('form').trigger('submit');
    await flushPromises();
    const created = api.requests.find((r) => r.path === '/api/crm/customers' && r.method === 'POST');
    expect(created?.body).toMatchObject({ name: 'Πατήρ Ιωάννης', contacts: [{ type: 'email', value: 'ioannis@example.gr', primary: true }] });
    expect(api.requests.some((r) => r.path === '/api/crm/comms/m1/assign' && (r.body as { customer_id: string }).customer_id === 'c9')).toBe(true);
    expect(rows()).toHaveLength(0);
  });
});
