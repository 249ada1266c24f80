import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commsEntryFixture } from '../../test-support/comms-fixtures';
import { useCommsStore } from '../../stores/comms';
import { useUiStore } from '../../stores/ui';
import { installFakeApi, type FakeRoute } from '../../test-support/fake-api';
import { byLabel, byText } from '../../test-support/mount-app';
import { meAs, mountSignedIn } from '../../test-support/mount-component';
import type { CommsEntry, TimelineEvent } from '../comms/comms.types';
import CommunicationTab from './CommunicationTab.vue';

let wrapper: VueWrapper;
afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

const note = (id: string, extra: Partial<TimelineEvent> = {}): TimelineEvent => ({
  id,
  kind: 'note',
  occurred_at: '2026-03-04T10:00:00.000Z',
  title: `Σημείωση ${id}`,
  direction: 'internal',
  by: 'Demo editor',
  ref: { type: 'comms', id, manual: true },
  ...extra,
});

const events = (): TimelineEvent[] => [
  note('n1', { body: 'Ζήτησε προσφορά' }),
  {
    id: 'e1', kind: 'email', occurred_at: '2026-03-03T09:00:00.000Z', title: 'Re: Καμπάνα', direction: 'inbound', body: 'Καλημέρα σας',
    ref: { type: 'comms', id: 'e1', manual: false },
  },
  {
    id: 'order:o1:t1', kind: 'order_event', occurred_at: '2026-03-02T09:00:00.000Z',
    ref: { type: 'order', order_id: 'o1', order_number: '2026-001', order_title: null, entry_id: 't1', event_type: 'quote_sent' },
  },
];

const entry = (id: string, extra: Partial<CommsEntry> = {}): CommsEntry =>
  commsEntryFixture({
  id, customer_id: 'c1', type: 'note', direction: 'internal', subject: `Σημείωση ${id}`, body: 'Ζήτησε προσφορά', attachments: [],
  ext_message_id: null, address: null, address_raw: null, logged_by: 'Demo editor', logged_by_uid: 'u-editor',
  occurred_at: '2026-03-04T10:00:00.000Z', created_at: '2026-03-04T10:00:00.000Z', updated_at: '2026-03-04T10:00:00.000Z', ...extra,
  });

const timeline = (list: () => TimelineEvent[]): FakeRoute => () => ({ status: 200, body: { events: list(), next_cursor: null } });

const rows = () => wrapper.findAll('ol.timeline > li');

/** Switches the list from conversations to every event, as the radio does. */
async function showAllActivity(): Promise<void> {
  const radio = wrapper.findAll<HTMLInputElement>('input[name="comms-scope"]').find((r) => r.element.value === 'all');
  if (!radio) throw new Error('No "All activity" switch');
  await radio.setValue(true);
  await flushPromises();
}

/** A field of the open dialog by its label (the filter bar has labels of the same names). */
function dialogField(label: string) {
  const dialog = wrapper.find('dialog[open]');
  const found = dialog.findAll('label').find((l) => l.text() === label);
  if (!found) throw new Error(`No field ${label} in the dialog`);
  return dialog.find<HTMLInputElement>(`[id="${found.attributes('for')}"]`);
}

describe('Communication tab', () => {
  it('shows the timeline with kinds, directions and dates, and no edit controls to a viewer', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/customers/c1/timeline': timeline(events) });
    wrapper = await mountSignedIn(CommunicationTab, { customerId: 'c1' }, 'viewer');
    // Conversations first: the order event waits for "All activity".
    expect(rows().map((row) => row.find('h3').text())).toEqual(['Σημείωση n1', 'Re: Καμπάνα']);
    await showAllActivity();
    expect(rows()).toHaveLength(3);
    const [first, second, third] = rows();
    expect(first!.find('h3').text()).toBe('Σημείωση n1');
    expect(first!.text()).toContain('Note');
    expect(first!.text()).toContain('Internal');
    expect(first!.find('time').text()).toMatch(/^04\/03\/2026, \d\d:00$/);
    expect(second!.text()).toContain('Inbound');
    expect(third!.text()).toContain('Order');
    expect(third!.text()).not.toMatch(/Inbound|Outbound|Internal/);
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Add entry');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Edit' || b.text() === 'Delete')).toBe(false);
  });

  it('words document events from their data in the reader\'s language', async () => {
    const documentEvents = (): TimelineEvent[] => [
      {
        id: 'order:o2:t1', kind: 'order_event', occurred_at: '2026-03-06T09:00:00.000Z', body: 'Βιαστικά, πριν το Πάσχα',
        ref: { type: 'order', order_id: 'o2', order_number: 'ORD-2026-014', order_title: 'Καμπάνα Αγ. Νικολάου', entry_id: 't1', event_type: 'mfg_started', props: { from: 'negotiating', to: 'manufacturing' } },
      },
      {
        id: 'transaction:x1', kind: 'transaction', occurred_at: '2026-03-05T09:00:00.000Z',
        ref: { type: 'transaction', id: 'x1', flow: 'payment', amount: 1234.5, currency: 'EUR', payment_type: 'bank_transfer', order_ref: 'o2' },
      },
      {
        id: 'technical_issue:k1:resolved', kind: 'technical_issue', occurred_at: '2026-03-04T09:00:00.000Z',
        ref: { type: 'technical_issue', id: 'k1', event: 'resolved', active: false },
      },
      { id: 'c9', kind: 'call', occurred_at: '2026-03-03T09:00:00.000Z', direction: 'inbound', ref: { type: 'comms', id: 'c9', manual: true } },
    ];
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/customers/c1/timeline': timeline(documentEvents) });
    wrapper = await mountSignedIn(CommunicationTab, { customerId: 'c1' }, 'viewer');
    await showAllActivity();
    const english = rows().map((row) => row.find('h3').text());
    expect(english).toEqual([
      'ORD-2026-014 · Καμπάνα Αγ. Νικολάου: Status: Negotiating → Manufacturing',
      expect.stringMatching(/^Payment €1,234\.50 \(Bank transfer\)$/),
      'Technical issue resolved',
      'Call',
    ]);
    useUiStore().setLocale('el');
    await flushPromises();
    const greek = rows().map((row) => row.find('h3').text());
    expect(greek[0]).toBe('ORD-2026-014 · Καμπάνα Αγ. Νικολάου: Κατάσταση: Σε διαπραγμάτευση → Σε κατασκευή');
    expect(greek[1]).toMatch(/Τραπεζική μεταφορά/);
    expect(greek.slice(2)).toEqual(['Τεχνικό πρόβλημα: επίλυση', 'Κλήση']);
  });

  it('lets an editor change only manual entries', async () => {
    installFakeApi({ 'GET /api/me': meAs('editor'), 'GET /api/crm/customers/c1/timeline': timeline(events) });
    wrapper = await mountSignedIn(CommunicationTab, { customerId: 'c1' }, 'editor');
    await showAllActivity();
    expect(rows().map((row) => row.findAll('button').map((b) => b.attributes('aria-label')))).toEqual([
      ['Edit “Σημείωση n1”', 'Delete “Σημείωση n1”'],
      [],
      [],
    ]);
  });

  it('adds an entry and shows the list again from the server', async () => {
    let list = events();
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/customers/c1/timeline': timeline(() => list),
      'POST /api/crm/comms': (request) => {
        const created = entry('n2', { ...(request.body as object) });
        list = [note('n2', { title: created.subject ?? 'Call', kind: created.type, direction: created.direction }), ...list];
        return { status: 201, body: created };
      },
    });
    wrapper = await mountSignedIn(CommunicationTab, { customerId: 'c1' }, 'editor');
    await showAllActivity();
    const revision = useCommsStore().revision('c1');
    await byText(wrapper, 'button', 'Add entry').trigger('click');
    await flushPromises();
    await dialogField('Type').setValue('call');
    await dialogField('Subject').setValue('Κλήση για την καμπάνα');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      expect.objectContaining({ customer_id: 'c1', type: 'call', direction: 'inbound', subject: 'Κλήση για την καμπάνα' }),
    ]);
    expect(wrapper.find('[role="status"]').text()).toBe('Entry saved.');
    expect(rows()).toHaveLength(4);
    expect(rows()[0]!.find('h3').text()).toBe('Κλήση για την καμπάνα');
    expect(useCommsStore().revision('c1')).toBe(revision + 1);
  });

  it('edits the whole entry, not the timeline preview, and shows the change in place', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/customers/c1/timeline': timeline(events),
      'GET /api/crm/comms/n1': () => ({ status: 200, body: entry('n1', { body: 'Ζήτησε προσφορά. '.repeat(100) }) }),
      'PATCH /api/crm/comms/n1': (request) => ({ status: 200, body: entry('n1', request.body as object) }),
    });
    wrapper = await mountSignedIn(CommunicationTab, { customerId: 'c1' }, 'editor');
    await rows()[0]!.find('button[aria-label="Edit “Σημείωση n1”"]').trigger('click');
    await flushPromises();
    expect(dialogField('Text').element.value).toBe('Ζήτησε προσφορά. '.repeat(100));
    await dialogField('Subject').setValue('Επίσκεψη στο ναό');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => (r.body as { subject: string }).subject)).toEqual(['Επίσκεψη στο ναό']);
    expect(rows()[0]!.find('h3').text()).toBe('Επίσκεψη στο ναό');
    expect(api.requests.filter((r) => r.path.endsWith('/timeline'))).toHaveLength(1);
  });

  it('deletes after confirmation only, and keeps the row when the server refuses', async () => {
    let refuse = true;
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/customers/c1/timeline': timeline(events),
      'DELETE /api/crm/comms/n1': () =>
        refuse ? { status: 503, body: { error: { code: 'unavailable', message: 'The comms database is not reachable', details: [] } } } : { status: 204 },
    });
    wrapper = await mountSignedIn(CommunicationTab, { customerId: 'c1' }, 'editor');
    await showAllActivity();
    await rows()[0]!.find('button[aria-label="Delete “Σημείωση n1”"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog[open]').text()).toContain('Delete “Σημείωση n1” of 04/03/2026');
    await byText(wrapper, 'dialog button', 'Cancel').trigger('click');
    await flushPromises();
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);

    await rows()[0]!.find('button[aria-label="Delete “Σημείωση n1”"]').trigger('click');
    await flushPromises();
    await byText(wrapper, 'dialog button', 'Delete').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog [role="alert"]').text()).toBe('The comms database is not reachable');
    expect(rows()).toHaveLength(3);

    refuse = false;
    await byText(wrapper, 'dialog button', 'Delete').trigger('click');
    await flushPromises();
    expect(rows().map((row) => row.find('h3').text())).toEqual(['Re: Καμπάνα', '2026-001: Quote sent']);
    expect(wrapper.find('[role="status"]').text()).toBe('Entry deleted.');
  });

  it('searches the comms log and filters by type and direction through the server', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('viewer'),
      'GET /api/crm/customers/c1/timeline': timeline(events),
      'GET /api/crm/comms': (request) => ({
        status: 200,
        body: { entries: request.query.get('q') === 'καμπάνα' && !request.query.has('direction') ? [entry('m5', { subject: null, type: 'call', direction: 'outbound' })] : [], next_cursor: null },
      }),
    });
    wrapper = await mountSignedIn(CommunicationTab, { customerId: 'c1' }, 'viewer');
    await byLabel(wrapper, 'Search messages').setValue('καμπάνα');
    await wrapper.find('form[role="search"]').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Messages that mention “καμπάνα”');
    expect(rows().map((row) => row.find('h3').text())).toEqual(['Call']);
    expect(rows()[0]!.text()).toContain('Outbound');

    await byLabel(wrapper, 'Direction').setValue('inbound');
    await flushPromises();
    const last = api.requests.at(-1)!;
    expect(Object.fromEntries(last.query)).toMatchObject({ customer_id: 'c1', q: 'καμπάνα', direction: 'inbound' });
    expect(wrapper.text()).toContain('Nothing matches these filters.');

    await byText(wrapper, 'button', 'Clear filters').trigger('click');
    await flushPromises();
    expect(api.requests.at(-1)!.path).toBe('/api/crm/customers/c1/timeline');
    expect(rows()).toHaveLength(2);
  });

  it("shows the server's message when the timeline cannot load", async () => {
    installFakeApi({
      'GET /api/me': meAs('viewer'),
      'GET /api/crm/customers/c1/timeline': () => ({ status: 404, body: { error: { code: 'not_found', message: 'Customer c1 not found', details: [] } } }),
    });
    wrapper = await mountSignedIn(CommunicationTab, { customerId: 'c1' }, 'viewer');
    expect(wrapper.find('[role="alert"]').text()).toContain('Customer c1 not found');
  });
});
