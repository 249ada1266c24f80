import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import type { Role } from '@functions/auth/auth.enums';
import { i18n } from '../i18n';
import { useAuthStore } from '../stores/auth';
import { useUiStore } from '../stores/ui';
import { FakeAuth } from './fake-auth';
import type { FakeRoute } from './fake-api';

/** The GET /api/me answer for a signed-in user with `role`; add it to the fake API's routes. */
export const meAs =
  (role: Role): FakeRoute =>
  () => ({ status: 200, body: { uid: `u-${role}`, email: `${role}@bellsystems.gr`, name: `Demo ${role}`, role } });

/**
 * One component signed in as `role`, in English, without the router: for tabs and dialogs that
 * take their data from props. Install the fake API (with `GET /api/me` from `meAs`) first.
 */
export async function mountSignedIn(component: Component, props: Record<string, unknown>, role: Role): Promise<VueWrapper> {
  localStorage.clear();
  const pinia = createPinia();
  setActivePinia(pinia);
  useUiStore().setLocale('en');
  const email = `${role}@bellsystems.gr`;
  const backend = new FakeAuth({ [email]: { uid: `u-${role}`, password: 'password' } }, email);
  await useAuthStore().start(backend.connect);
  const wrapper = mount(component, { props, global: { plugins: [pinia, i18n] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}
