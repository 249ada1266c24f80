import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from './router';
import { safeRedirect } from './redirects';
import { useAuthStore } from './stores/auth';
import { installFakeApi } from './test-support/fake-api';
import { FakeAuth } from './test-support/fake-auth';

const accounts = { 'eleni@bellsystems.gr': { uid: 'u-eleni', password: 'secret-password' } };

beforeEach(() => {
  setActivePinia(createPinia());
  installFakeApi({
    'GET /api/me': () => ({ status: 200, body: { uid: 'u-eleni', email: 'eleni@bellsystems.gr', name: 'Ελένη', role: 'viewer' } }),
  });
});
afterEach(() => vi.unstubAllGlobals());

async function routerFor(signedInAs: string | null) {
  const backend = new FakeAuth(accounts, signedInAs);
  await useAuthStore().start(backend.connect);
  return createAppRouter(createMemoryHistory());
}

describe('route guard', () => {
  it('sends a signed-out user to sign-in, remembering where they were going', async () => {
    const router = await routerFor(null);
    await router.push('/customers/c-42?tab=support');
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query.redirect).toBe('/customers/c-42?tab=support');
  });

  it('guards every page but sign-in', async () => {
    const router = await routerFor(null);
    for (const path of ['/customers', '/orders', '/products', '/inbox', '/settings', '/no-such-page']) {
      await router.push(path);
      expect(router.currentRoute.value.name, path).toBe('sign-in');
    }
    await router.push('/');
    expect(router.currentRoute.value.fullPath).toBe('/sign-in');
  });

  // Each push loads a page's chunk through the transform (the customer page is the largest): slow on a busy machine.
  it('lets a signed-in user through', async () => {
    const router = await routerFor('eleni@bellsystems.gr');
    await router.push('/customers/c-42');
    expect(router.currentRoute.value.name).toBe('customer');
    expect(router.currentRoute.value.params.id).toBe('c-42');
    await router.push('/');
    expect(router.currentRoute.value.fullPath).toBe('/today');
  }, 20_000);

  it('sends a signed-in user away from sign-in, to the page they asked for', async () => {
    const router = await routerFor('eleni@bellsystems.gr');
    await router.push('/sign-in?redirect=/orders');
    expect(router.currentRoute.value.fullPath).toBe('/orders');
    await router.push('/sign-in');
    expect(router.currentRoute.value.fullPath).toBe('/today');
  });

  it('waits for the first auth state before deciding', async () => {
    const backend = new FakeAuth(accounts, 'eleni@bellsystems.gr');
    const router = createAppRouter(createMemoryHistory());
    let connect!: () => void;
    const connected = new Promise<void>((resolve) => (connect = resolve));
    void useAuthStore().start(async () => {
      await connected;
      return backend;
    });
    const navigation = router.push('/settings');
    connect();
    await navigation;
    expect(router.currentRoute.value.name).toBe('settings');
  });
});

describe('safeRedirect', () => {
  it('keeps in-app paths and refuses anything that leaves the app', () => {
    expect(safeRedirect('/orders?status=shipped')).toBe('/orders?status=shipped');
    expect(safeRedirect(['/products'])).toBe('/products');
    for (const bad of ['https://evil.example', '//evil.example', '/\\evil.example', 'orders', '/sign-in', undefined, 42]) {
      expect(safeRedirect(bad), String(bad)).toBe('/today');
    }
  });
});
