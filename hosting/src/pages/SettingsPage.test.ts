import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { byLabel, byText, mountApp } from '../test-support/mount-app';

const accounts = {
  'admin@bellsystems.gr': { uid: 'u-admin', password: 'demo-admin-pass' },
  'viewer@bellsystems.gr': { uid: 'u-viewer', password: 'demo-viewer-pass' },
};
const users = () => [
  { uid: 'u-admin', email: 'admin@bellsystems.gr', displayName: 'Demo Admin', role: 'admin', disabled: false },
  { uid: 'u-viewer', email: 'viewer@bellsystems.gr', displayName: 'Demo Viewer', role: 'viewer', disabled: false },
];
const meAs =
  (uid: string, role: string): FakeRoute =>
  () => ({ status: 200, body: { uid, email: `${role}@bellsystems.gr`, name: `Demo ${role}`, role } });
let wrapper: VueWrapper;

afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

describe('settings', () => {
  it('shows others their own profile and no user list', async () => {
    const api = installFakeApi({ 'GET /api/me': meAs('u-viewer', 'viewer') });
    ({ wrapper } = await mountApp('/settings', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.text()).toContain('Your profile');
    expect(wrapper.text()).toContain('viewer@bellsystems.gr');
    expect(wrapper.text()).toContain('Viewer');
    expect(wrapper.text()).not.toContain('Users');
    expect(api.requests.some((r) => r.path === '/api/admin/users')).toBe(false);
  });

  it('lists deliveries that keep failing for an admin, and retries one', async () => {
    const dead = {
      id: '0b7f4a3e-2c1d-4e5f-8a9b-1c2d3e4f5a6b',
      source: 'whatsapp',
      external_id: 'sha256:ab12',
      received_at: '2026-03-01T08:00:00.000Z',
      attempts: 6,
      last_error: 'Nextcloud is down: Φάκελος «Ενορία Αγίου Νικολάου» δεν βρέθηκε',
      dead_at: '2026-03-01T10:00:00.000Z',
    };
    let entries = [dead];
    const api = installFakeApi({
      'GET /api/me': meAs('u-admin', 'admin'),
      'GET /api/admin/users': () => ({ status: 200, body: { users: users(), total: users().length, next_cursor: null } }),
      'GET /api/admin/journal/dead': () => ({ status: 200, body: { entries, total: entries.length } }),
      [`POST /api/admin/journal/${dead.id}/retry`]: () => {
        entries = [];
        return { status: 200, body: { id: dead.id, retried: true } };
      },
    });
    ({ wrapper } = await mountApp('/settings', accounts, 'admin@bellsystems.gr'));
    expect(wrapper.text()).toContain('Deliveries that keep failing (1)');
    expect(wrapper.text()).toContain('Φάκελος «Ενορία Αγίου Νικολάου» δεν βρέθηκε');
    await byText(wrapper, 'button', 'Retry').trigger('click');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual([`/api/admin/journal/${dead.id}/retry`]);
    expect(wrapper.text()).not.toContain('Deliveries that keep failing');
  });

  it('lets an admin change a role after confirming it', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('u-admin', 'admin'),
      'GET /api/admin/users': () => ({ status: 200, body: { users: users(), total: users().length, next_cursor: null } }),
      'PUT /api/admin/users/u-viewer/role': (request) => ({
        status: 200,
        body: { ...users()[1], role: (request.body as { role: string }).role },
      }),
    });
    ({ wrapper } = await mountApp('/settings', accounts, 'admin@bellsystems.gr'));
    const select = byLabel(wrapper, 'Role for Demo Viewer');
    expect(select.element.value).toBe('viewer');

    await select.setValue('editor');
    await flushPromises();
    expect(wrapper.find('dialog').text()).toContain('Give Demo Viewer the role “Editor”?');
    expect(api.requests.some((r) => r.method === 'PUT')).toBe(false);

    await byText(wrapper, 'dialog button', 'Confirm').trigger('click');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([{ role: 'editor' }]);
    expect(wrapper.find('[role="status"]').text()).toBe('Demo Viewer is now Editor.');
    expect(byLabel(wrapper, 'Role for Demo Viewer').element.value).toBe('editor');
  });

  it('puts the select back when the admin cancels', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('u-admin', 'admin'),
      'GET /api/admin/users': () => ({ status: 200, body: { users: users(), total: users().length, next_cursor: null } }),
    });
    ({ wrapper } = await mountApp('/settings', accounts, 'admin@bellsystems.gr'));
    await byLabel(wrapper, 'Role for Demo Viewer').setValue('admin');
    await flushPromises();
    await byText(wrapper, 'dialog button', 'Cancel').trigger('click');
    await flushPromises();
    expect(byLabel(wrapper, 'Role for Demo Viewer').element.value).toBe('viewer');
    expect(api.requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it("shows the server's refusal and keeps the old role", async () => {
    installFakeApi({
      'GET /api/me': meAs('u-admin', 'admin'),
      'GET /api/admin/users': () => ({ status: 200, body: { users: users(), total: users().length, next_cursor: null } }),
      'PUT /api/admin/users/u-viewer/role': () => ({
        status: 400,
        body: { error: { code: 'validation_failed', message: 'Invalid body', details: [{ path: 'role', message: 'Invalid enum value' }] } },
      }),
    });
    ({ wrapper } = await mountApp('/settings', accounts, 'admin@bellsystems.gr'));
    await byLabel(wrapper, 'Role for Demo Viewer').setValue('editor');
    await flushPromises();
    await byText(wrapper, 'dialog button', 'Confirm').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('Invalid body: role: Invalid enum value');
    expect(byLabel(wrapper, 'Role for Demo Viewer').element.value).toBe('viewer');
  });
});
