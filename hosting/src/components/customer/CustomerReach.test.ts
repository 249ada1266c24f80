import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contact } from '../../api/customers';
import { customerFixture } from '../../test-support/customer-fixtures';
import { installFakeApi, type FakeRoute } from '../../test-support/fake-api';
import { meAs, mountSignedIn } from '../../test-support/mount-component';
import CustomerReach from './CustomerReach.vue';

let wrapper: VueWrapper;
afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

const phone: Contact = { id: 'k1', type: 'phone', label: 'Γραφείο ναού', value: '210 251 9934', primary: true, e164: '+302102519934' };
const customer = customerFixture({
  name: 'Ιερός Ναός Αγίων Κωνσταντίνου και Ελένης',
  contacts: [phone],
  location: { city: 'Νέα Φιλαδέλφεια', region: 'Αττική', country: 'Ελλάδα' },
});
const bridge = { pbx: 'freepbx-γραφείο', seen_at: '2026-03-04T09:00:00.000Z', connected: true, last_event_at: null, outbox_depth: 0 };
const noWhatsApp: FakeRoute = () => ({ status: 200, body: { configured: false, to: null, last_inbound_at: null, window_open: false, window_ends_at: null } });

/** The editor's answers: an extension or none, a PBX bridge that checked in or none. */
function api(extension: string | null, bridges: (typeof bridge)[]) {
  return installFakeApi({
    'GET /api/me': meAs('editor'),
    'GET /api/me/extension': () => ({ status: 200, body: { extension } }),
    'GET /api/crm/calls/bridge': () => ({ status: 200, body: { bridges } }),
    'GET /api/crm/customers/c1/whatsapp': noWhatsApp,
    'POST /api/crm/customers/c1/call': () => ({
      status: 202,
      body: { id: 'r1', extension: '201', number: '2102519934', caller_id: 'Ιερός Ναός', requested_at: '2026-03-04T09:01:00.000Z' },
    }),
  });
}

const links = () => wrapper.findAll('a').map((a) => [a.text(), a.attributes('href')]);
const ringButton = () => wrapper.findAll('button').find((b) => b.text() === 'From my extension');

describe('CustomerReach', () => {
  it('dials with the phone and maps the place, with no click-to-call while the user has no extension', async () => {
    api(null, [bridge]);
    wrapper = await mountSignedIn(CustomerReach, { customer }, 'editor');
    const [call, whatsapp, map] = links();
    expect(call).toEqual(['Call', 'tel:+302102519934']);
    // WhatsApp is not set up in the CRM: the phone's own WhatsApp, on the same number.
    expect(whatsapp).toEqual(['WhatsApp', 'https://wa.me/302102519934']);
    expect(map![0]).toBe('Map');
    expect(new URL(map![1]!).searchParams.get('query')).toBe('Νέα Φιλαδέλφεια, Αττική, Ελλάδα');
    expect(ringButton()).toBeUndefined();
  });

  it('offers no click-to-call while no PBX bridge has checked in', async () => {
    api('201', []);
    wrapper = await mountSignedIn(CustomerReach, { customer }, 'editor');
    expect(ringButton()).toBeUndefined();
  });

  it('rings the user’s extension, then the customer, where both are set up', async () => {
    const fake = api('201', [bridge]);
    wrapper = await mountSignedIn(CustomerReach, { customer }, 'editor');
    await ringButton()!.trigger('click');
    await flushPromises();
    expect(fake.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body])).toEqual([['/api/crm/customers/c1/call', { contact_id: 'k1' }]]);
    expect(wrapper.find('[role="status"]').text()).toContain('201');
  });
});
