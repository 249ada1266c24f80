import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi, type FakeRoute } from '../test-support/fake-api';
import { byText, mountApp } from '../test-support/mount-app';

const accounts = { 'viewer@bellsystems.gr': { uid: 'u-viewer', password: 'demo-viewer-pass' } };
const me: FakeRoute = () => ({ status: 200, body: { uid: 'u-viewer', email: 'viewer@bellsystems.gr', name: 'Viewer', role: 'viewer' } });
let wrapper: VueWrapper;

const customer = (n: number, extra: object = {}) => ({
  id: `c${n}`,
  name: `Ενορία ${n}`,
  organization: 'Μητρόπολη Αθηνών',
  location: { city: 'Αθήνα' },
  relationship_status: 'active',
  technical_issues: [],
  install_support: [],
  ...extra,
});

afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

describe('customers list', () => {
  it('lists customers with relationship chip and support dots, and pages on', async () => {
    const api = installFakeApi({
      'GET /api/me': me,
      'GET /api/crm/customers': (request) =>
        request.query.get('cursor') === 'page-2'
          ? { status: 200, body: { customers: [customer(3)], total: 3, next_cursor: null } }
          : {
              status: 200,
              body: {
                customers: [customer(1, { technical_issues: [{ active: true }], install_support: [{ active: false }] }), customer(2, { relationship_status: 'lead' })],
                total: 3,
                next_cursor: 'page-2',
              },
            },
    });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.find('h1').text()).toBe('Customers');
    expect(wrapper.text()).toContain('3 customers');
    const rows = wrapper.findAll('tbody tr');
    expect(rows.map((r) => r.find('td').text())).toEqual(['Ενορία 1', 'Ενορία 2']);
    expect(rows[0]!.find('.chip').text()).toBe('Active');
    expect(rows[0]!.findAll('[role="img"]').map((d) => d.attributes('aria-label'))).toEqual(['Active technical issue']);
    expect(rows[1]!.find('.chip').text()).toBe('Lead');
    expect(rows[1]!.findAll('[role="img"]')).toHaveLength(0);

    await byText(wrapper, 'button', 'Load more').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('tbody tr')).toHaveLength(3);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Load more')).toBe(false);
    expect(api.requests.filter((r) => r.path === '/api/crm/customers').map((r) => r.authorization)).toEqual([
      expect.stringMatching(/^Bearer token-u-viewer-/),
      expect.stringMatching(/^Bearer token-u-viewer-/),
    ]);
  });

  it('says so when there are no customers', async () => {
    installFakeApi({ 'GET /api/me': me, 'GET /api/crm/customers': () => ({ status: 200, body: { customers: [], total: 0, next_cursor: null } }) });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.text()).toContain('No customers yet.');
    expect(wrapper.find('table').exists()).toBe(false);
  });

  it("shows the server's message when loading fails, and tries again on request", async () => {
    let fail = true;
    installFakeApi({
      'GET /api/me': me,
      'GET /api/crm/customers': () =>
        fail
          ? { status: 503, body: { error: { code: 'unavailable', message: 'The document store is not reachable' } } }
          : { status: 200, body: { customers: [customer(1)], total: 1, next_cursor: null } },
    });
    ({ wrapper } = await mountApp('/customers', accounts, 'viewer@bellsystems.gr'));
    expect(wrapper.find('[role="alert"]').text()).toContain('The document store is not reachable');
    fail = false;
    await byText(wrapper, 'button', 'Try again').trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    expect(wrapper.findAll('tbody tr')).toHaveLength(1);
  });
});
