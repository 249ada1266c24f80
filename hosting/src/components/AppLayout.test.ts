import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi } from '../test-support/fake-api';
import { byText, mountApp } from '../test-support/mount-app';

const accounts = { 'admin@bellsystems.gr': { uid: 'u-admin', password: 'demo-admin-pass' } };
let wrapper: VueWrapper;

beforeEach(() => {
  installFakeApi({
    'GET /api/me': () => ({ status: 200, body: { uid: 'u-admin', email: 'admin@bellsystems.gr', name: 'Demo Admin', role: 'admin' } }),
    'GET /api/crm/customers': () => ({ status: 200, body: { customers: [], total: 0, next_cursor: null } }),
  });
});
afterEach(() => {
  wrapper.unmount();
  vi.unstubAllGlobals();
});

const menuButton = () => wrapper.find('button[aria-haspopup="menu"]');

describe('layout', () => {
  it('shows the sidebar sections and the signed-in user with their role', async () => {
    ({ wrapper } = await mountApp('/customers', accounts, 'admin@bellsystems.gr'));
    const nav = wrapper.find('nav[aria-label="Main"]');
    expect(nav.findAll('a').map((a) => a.text())).toEqual(['Today', 'Customers', 'Orders', 'Quotations', 'Products', 'Service', 'Inbox', 'Reports', 'History of changes', 'Import', 'Settings']);
    expect(nav.find('a[aria-current="page"]').text()).toBe('Customers');
    expect(menuButton().text()).toContain('Demo Admin');
    expect(menuButton().text()).toContain('Administrator');
  });

  it('opens the user menu with the keyboard and closes it with Escape, returning focus', async () => {
    ({ wrapper } = await mountApp('/customers', accounts, 'admin@bellsystems.gr'));
    await menuButton().trigger('keydown', { key: 'ArrowDown' });
    await flushPromises();
    expect(menuButton().attributes('aria-expanded')).toBe('true');
    const items = wrapper.findAll('[role^="menuitem"]');
    expect(items.map((i) => i.text())).toEqual(['Dark theme', 'English (EN)', 'Ελληνικά (ΕΛ)', 'Sign out']);
    expect(document.activeElement).toBe(items[0]!.element);
    await wrapper.find('[role="menu"]').trigger('keydown', { key: 'ArrowUp' });
    expect(document.activeElement).toBe(items[3]!.element);
    await wrapper.find('[role="menu"]').trigger('keydown', { key: 'Escape' });
    expect(wrapper.find('[role="menu"]').exists()).toBe(false);
    expect(document.activeElement).toBe(menuButton().element);
  });

  it('switches theme and language from the menu', async () => {
    ({ wrapper } = await mountApp('/customers', accounts, 'admin@bellsystems.gr'));
    await menuButton().trigger('click');
    const dark = byText(wrapper, '[role="menuitemcheckbox"]', 'Dark theme');
    const before = dark.attributes('aria-checked');
    await dark.trigger('click');
    expect(dark.attributes('aria-checked')).not.toBe(before);
    expect(document.documentElement.dataset.theme).toBe(before === 'true' ? 'light' : 'dark');

    await byText(wrapper, '[role="menuitemradio"]', 'Ελληνικά (ΕΛ)').trigger('click');
    expect(wrapper.find('nav').findAll('a').map((a) => a.text())).toEqual(['Σήμερα', 'Πελάτες', 'Παραγγελίες', 'Προσφορές', 'Προϊόντα', 'Σέρβις', 'Εισερχόμενα', 'Αναφορές', 'Ιστορικό αλλαγών', 'Εισαγωγή', 'Ρυθμίσεις']);
    expect(menuButton().text()).toContain('Διαχειριστής');
  });

  it('signs out from the menu and lands on sign-in', async () => {
    const { router } = await mountApp('/orders', accounts, 'admin@bellsystems.gr').then((m) => ((wrapper = m.wrapper), m));
    await menuButton().trigger('click');
    await byText(wrapper, '[role="menuitem"]', 'Sign out').trigger('click');
    await flushPromises();
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'));
    expect(wrapper.find('input[type="password"]').exists()).toBe(true);
  });
});
