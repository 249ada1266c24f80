import { flushPromises, mount, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, type Router } from 'vue-router';
import App from '../App.vue';
import { i18n } from '../i18n';
import { createAppRouter } from '../router';
import { useAuthStore } from '../stores/auth';
import { useUiStore } from '../stores/ui';
import { FakeAuth } from './fake-auth';

export interface MountedApp {
  wrapper: VueWrapper;
  router: Router;
  backend: FakeAuth;
}

/**
 * The whole SPA at `path`, signed in as `email` (or signed out), in English, on a memory history.
 * Install the fake API before calling it.
 */
export async function mountApp(path: string, accounts: Record<string, { uid: string; password: string }>, email: string | null): Promise<MountedApp> {
  localStorage.clear();
  const pinia = createPinia();
  setActivePinia(pinia);
  useUiStore().setLocale('en');
  const backend = new FakeAuth(accounts, email);
  await useAuthStore().start(backend.connect);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(App, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router, backend };
}

/** The element a <label> (or aria-label) with this text names. */
export function byLabel(wrapper: VueWrapper, label: string) {
  const viaLabel = wrapper.findAll('label').find((l) => l.text() === label);
  if (viaLabel) return wrapper.find<HTMLInputElement>(`[id="${viaLabel.attributes('for')}"]`);
  return wrapper.find<HTMLInputElement>(`[aria-label="${label}"]`);
}

/** The button, link or menu item whose visible text is `name`, in a mounted component or one of its elements. */
export function byText(wrapper: VueWrapper | DOMWrapper<Element>, selector: string, name: string | RegExp) {
  const found = wrapper.findAll(selector).find((el) => (typeof name === 'string' ? el.text() === name : name.test(el.text())));
  if (!found) throw new Error(`No ${selector} named ${String(name)}`);
  return found;
}
