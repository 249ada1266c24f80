import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi } from '../../test-support/fake-api';
import { byLabel, mountApp } from '../../test-support/mount-app';

const accounts = { 'admin@bellsystems.gr': { uid: 'u-admin', password: 'demo-admin-pass' } };
let wrapper: VueWrapper;

afterEach(() => {
  wrapper?.unmount();
  vi.unstubAllGlobals();
});

describe('automatic task settings', () => {
  it('lets an admin set the working days a message may wait for a reply, and shows a refusal by its field', async () => {
    let stored = 1;
    const api = installFakeApi({
      'GET /api/me': () => ({ status: 200, body: { uid: 'u-admin', email: 'admin@bellsystems.gr', name: 'Δημήτρης Παπαδόπουλος', role: 'admin' } }),
      'GET /api/admin/users': () => ({ status: 200, body: { users: [], total: 0, next_cursor: null } }),
      'GET /api/crm/settings/tasks': () => ({ status: 200, body: { reply_within_working_days: stored } }),
      'PUT /api/crm/settings/tasks': (request) => {
        const days = (request.body as { reply_within_working_days: number }).reply_within_working_days;
        if (days > 30) {
          return { status: 400, body: { error: { code: 'validation_failed', message: 'Invalid body', details: [{ path: 'reply_within_working_days', message: 'must be at most 30' }] } } };
        }
        stored = days;
        return { status: 200, body: { reply_within_working_days: days } };
      },
    });
    ({ wrapper } = await mountApp('/settings', accounts, 'admin@bellsystems.gr'));
    await flushPromises();
    const input = byLabel(wrapper, 'Reply to a customer’s message within (working days)');
    expect(input.element.value).toBe('1');

    const form = wrapper.find('section[aria-labelledby="task-settings-heading"] form');
    await input.setValue('45');
    await form.trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('must be at most 30');
    expect(stored).toBe(1);

    await input.setValue('3');
    await form.trigger('submit');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PUT' && r.path === '/api/crm/settings/tasks').map((r) => r.body)).toEqual([
      { reply_within_working_days: 45 },
      { reply_within_working_days: 3 },
    ]);
    expect(wrapper.text()).toContain('Automatic task settings saved.');
    expect(stored).toBe(3);
    // The first mount of the whole app in a file loads every page it routes to: slow on a busy machine.
  }, 20_000);
});
