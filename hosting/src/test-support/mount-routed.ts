import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h, type Component } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { Role } from '@functions/auth/auth.enums';
import { i18n } from '../i18n';
import { useAuthStore } from '../stores/auth';
import { useUiStore } from '../stores/ui';
import { FakeAuth } from './fake-auth';

/**
 * One component signed in as `role`, in English, rendered as the page of a route (so its
 * RouterLinks and route guards work, as they do inside the app). Install the fake API (with
 * `GET /api/me`, e.g. from `meAs`) first.
 */
export async function mountRouted(component: Component, props: Record<string, unknown>, role: Role): Promise<VueWrapper> {
  localStorage.clear();
  const pinia = createPinia();
  setActivePinia(pinia);
  useUiStore().setLocale('en');
  const email = `${role}@bellsystems.gr`;
  const backend = new FakeAuth({ [email]: { uid: `u-${role}`, password: 'password' } }, email);
  await useAuthStore().start(backend.connect);
  const page = defineComponent({ render: () => h(component, props) });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/page', component: page },
      { path: '/customers/:id', name: 'customer', component: { render: () => null } },
    ],
  });
  await router.push('/page');
  const wrapper = mount(RouterView, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}
