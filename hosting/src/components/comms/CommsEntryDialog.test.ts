import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commsEntryFixture } from '../../test-support/comms-fixtures';
import { installFakeApi } from '../../test-support/fake-api';
import { dateFieldValue } from '../../test-support/date-field';
import { byLabel, byText } from '../../test-support/mount-app';
import { meAs, mountSignedIn } from '../../test-support/mount-component';
import CommsEntryDialog from './CommsEntryDialog.vue';
import type { CommsEntry } from './comms.types';
import { toDateTimeInput } from './local-dates';

let wrapper: VueWrapper;
afterEach(() => {
  wrapper.unmount();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const stored = (extra: Partial<CommsEntry> = {}): CommsEntry =>
  commsEntryFixture({
  id: 'm1',
  customer_id: 'c1',
  type: 'call',
  direction: 'outbound',
  subject: 'Προσφορά',
  body: 'Συζητήσαμε την προσφορά',
  attachments: [],
  ext_message_id: null,
  address: null,
  address_raw: null,
  logged_by: 'Demo editor',
  logged_by_uid: 'u-editor',
  occurred_at: new Date(2026, 2, 1, 10, 30).toISOString(),
  created_at: '2026-03-01T08:30:00.000Z',
  updated_at: '2026-03-01T08:30:00.000Z',
  ...extra,
  });

describe('new manual entry', () => {
  it('starts as an internal note dated now, follows the type with the direction, and posts on Enter', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 3, 2, 9, 15));
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'POST /api/crm/comms': (request) => ({ status: 201, body: stored({ ...(request.body as object), id: 'm9' }) }),
    });
    wrapper = await mountSignedIn(CommsEntryDialog, { open: true, customerId: 'c1' }, 'editor');
    expect(wrapper.find('dialog h2').text()).toBe('New entry');
    expect(byLabel(wrapper, 'Type').element.value).toBe('note');
    expect(byLabel(wrapper, 'Direction').element.value).toBe('internal');
    expect(dateFieldValue(byLabel(wrapper, 'Date and time'))).toBe('2026-04-02T09:15');

    await byLabel(wrapper, 'Type').setValue('call');
    expect(byLabel(wrapper, 'Direction').element.value).toBe('inbound');
    await byLabel(wrapper, 'Text').setValue('  Ζήτησε προσφορά για καμπάνα  ');
    await byLabel(wrapper, 'Subject').setValue('Τηλεφώνησε ο π. Νικόλαος');
    // Enter in a text field submits the form (the browser's implicit submission).
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      {
        customer_id: 'c1',
        type: 'call',
        direction: 'inbound',
        subject: 'Τηλεφώνησε ο π. Νικόλαος',
        body: 'Ζήτησε προσφορά για καμπάνα',
        occurred_at: new Date(2026, 3, 2, 9, 15).toISOString(),
      },
    ]);
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ id: 'm9', type: 'call' });
  });

  it('keeps a direction the user chose when the type changes, and saves with Ctrl+Enter in the text', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'POST /api/crm/comms': (request) => ({ status: 201, body: stored(request.body as object) }),
    });
    wrapper = await mountSignedIn(CommsEntryDialog, { open: true, customerId: 'c1' }, 'editor');
    await byLabel(wrapper, 'Direction').setValue('outbound');
    await byLabel(wrapper, 'Type').setValue('sms');
    expect(byLabel(wrapper, 'Direction').element.value).toBe('outbound');
    await byLabel(wrapper, 'Text').setValue('Στάλθηκε η προσφορά');
    await byLabel(wrapper, 'Text').trigger('keydown', { key: 'Enter', ctrlKey: true });
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      expect.objectContaining({ type: 'sms', direction: 'outbound', subject: null, body: 'Στάλθηκε η προσφορά' }),
    ]);
  });

  it('asks for some text and a date before sending anything', async () => {
    const api = installFakeApi({ 'GET /api/me': meAs('editor') });
    wrapper = await mountSignedIn(CommsEntryDialog, { open: true, customerId: 'c1' }, 'editor');
    await byLabel(wrapper, 'Date and time').setValue('');
    await byLabel(wrapper, 'Date and time').trigger('change');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('Write a subject or a text.');
    expect(wrapper.text()).toContain('Enter a date and time.');
    expect(byLabel(wrapper, 'Text').attributes('aria-invalid')).toBe('true');
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it("shows the server's refusal beside the field and keeps what was typed", async () => {
    installFakeApi({
      'GET /api/me': meAs('editor'),
      'POST /api/crm/comms': () => ({
        status: 400,
        body: { error: { code: 'validation_failed', message: 'Invalid body', details: [{ path: 'subject', message: 'Too big: expected string to have <=1000 characters' }] } },
      }),
    });
    wrapper = await mountSignedIn(CommsEntryDialog, { open: true, customerId: 'c1' }, 'editor');
    await byLabel(wrapper, 'Subject').setValue('Θέμα');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('Invalid body: subject: Too big: expected string to have <=1000 characters');
    expect(wrapper.find('.field__error').text()).toBe('Too big: expected string to have <=1000 characters');
    expect(byLabel(wrapper, 'Subject').element.value).toBe('Θέμα');
    expect(wrapper.emitted('saved')).toBeUndefined();
  });

  it('closes on Esc and on Cancel without saving', async () => {
    const api = installFakeApi({ 'GET /api/me': meAs('editor') });
    wrapper = await mountSignedIn(CommsEntryDialog, { open: true, customerId: 'c1' }, 'editor');
    await wrapper.find('dialog').trigger('cancel');
    await byText(wrapper, 'dialog button', 'Cancel').trigger('click');
    expect(wrapper.emitted('close')).toHaveLength(2);
    expect(api.requests.some((r) => r.method !== 'GET')).toBe(false);
  });
});

describe('editing an entry', () => {
  it('fills the form from the entry and patches it', async () => {
    const entry = stored();
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'PATCH /api/crm/comms/m1': (request) => ({ status: 200, body: stored(request.body as object) }),
    });
    wrapper = await mountSignedIn(CommsEntryDialog, { open: true, customerId: 'c1', entry }, 'editor');
    expect(wrapper.find('dialog h2').text()).toBe('Edit entry');
    expect(byLabel(wrapper, 'Type').element.value).toBe('call');
    expect(byLabel(wrapper, 'Direction').element.value).toBe('outbound');
    expect(dateFieldValue(byLabel(wrapper, 'Date and time'))).toBe(toDateTimeInput(new Date(entry.occurred_at)));
    expect(byLabel(wrapper, 'Text').element.value).toBe('Συζητήσαμε την προσφορά');

    await byLabel(wrapper, 'Type').setValue('in_person');
    expect(byLabel(wrapper, 'Direction').element.value).toBe('outbound');
    await byLabel(wrapper, 'Text').setValue('Συναντηθήκαμε στο ναό');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
      { type: 'in_person', direction: 'outbound', subject: 'Προσφορά', body: 'Συναντηθήκαμε στο ναό', occurred_at: entry.occurred_at },
    ]);
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ type: 'in_person', body: 'Συναντηθήκαμε στο ναό' });
  });
});
