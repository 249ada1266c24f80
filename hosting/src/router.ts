import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
  type Router,
  type RouterHistory,
} from 'vue-router';
import AppLayout from './components/AppLayout.vue';
import { useAuthStore } from './stores/auth';
import { homePath, safeRedirect } from './redirects';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable signed out (only the sign-in page). */
    public?: boolean;
    /** i18n key of the page title, shown in the browser tab. */
    title?: string;
  }
}

// Pages are loaded on demand so the initial bundle holds only the shell.
export const routes: RouteRecordRaw[] = [
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('./pages/SignInPage.vue'),
    meta: { public: true, title: 'signIn.title' },
  },
  {
    // The customer's answer page from the quotation e-mail: no account, the link's token is the credential.
    path: '/q/:token',
    name: 'public-quote',
    component: () => import('./pages/PublicQuotePage.vue'),
    props: true,
    meta: { public: true, title: 'quotes.title' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', redirect: homePath },
      { path: 'today', name: 'today', component: () => import('./pages/TodayPage.vue'), meta: { title: 'today.title' } },
      { path: 'customers', name: 'customers', component: () => import('./pages/CustomersPage.vue'), meta: { title: 'nav.customers' } },
      {
        path: 'customers/:id',
        name: 'customer',
        component: () => import('./pages/CustomerPage.vue'),
        props: true,
        meta: { title: 'nav.customers' },
      },
      { path: 'orders', name: 'orders', component: () => import('./pages/OrdersPage.vue'), meta: { title: 'nav.orders' } },
      { path: 'quotes', name: 'quotes', component: () => import('./pages/QuotesPage.vue'), meta: { title: 'nav.quotes' } },
      { path: 'quotes/:id', name: 'quote', component: () => import('./pages/QuotePage.vue'), props: true, meta: { title: 'nav.quotes' } },
      { path: 'products', name: 'products', component: () => import('./pages/ProductsPage.vue'), meta: { title: 'nav.products' } },
      { path: 'reports', name: 'reports', component: () => import('./pages/ReportsPage.vue'), meta: { title: 'reports.title' } },
      { path: 'service', name: 'service', component: () => import('./pages/ServicePage.vue'), meta: { title: 'nav.service' } },
      {
        path: 'installations/:id',
        name: 'installation',
        component: () => import('./pages/InstallationPage.vue'),
        props: true,
        meta: { title: 'nav.service' },
      },
      {
        path: 'installations/:id/visit',
        name: 'installation-visit',
        component: () => import('./pages/VisitFormPage.vue'),
        props: true,
        meta: { title: 'visitForm.title' },
      },
      { path: 'inbox', name: 'inbox', component: () => import('./pages/InboxPage.vue'), meta: { title: 'nav.inbox' } },
      { path: 'history', name: 'history', component: () => import('./pages/HistoryPage.vue'), meta: { title: 'history.pageTitle' } },
      { path: 'imports', name: 'imports', component: () => import('./pages/ImportsPage.vue'), meta: { title: 'imports.title' } },
      { path: 'settings', name: 'settings', component: () => import('./pages/SettingsPage.vue'), meta: { title: 'nav.settings' } },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('./pages/NotFoundPage.vue'),
        meta: { title: 'notFound.title' },
      },
    ],
  },
];

/** Signed-out users go to the sign-in page, which sends them back afterwards; signed-in users skip it. */
export async function authGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore();
  await auth.start();
  if (to.meta.public) return auth.signedIn && to.name === 'sign-in' ? safeRedirect(to.query.redirect) : true;
  if (!auth.signedIn) return { name: 'sign-in', query: to.fullPath === homePath ? {} : { redirect: to.fullPath } };
  return true;
}

export function createAppRouter(history: RouterHistory = createWebHistory(import.meta.env.BASE_URL)): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
  router.beforeEach(authGuard);
  return router;
}
