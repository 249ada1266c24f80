/**
 * The staff-ready SPA in the browser: Greek by default, search by first-name forms, greeklish
 * and place, the tag suggestions, the Inbox's "new customer from this sender" and "done", the
 * phone layout (bottom navigation, customer cards), no page wider than its viewport at
 * 1440×900 and 390×844, and axe-core with no serious or critical violation in both languages
 * and both themes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logMessage } from '../../functions/src/comms/comms.service.js';
import { startE2E, type ApiCall, type E2E } from './support/harness';

// Evaluated rather than added as a <script>: the server's Content-Security-Policy refuses inline scripts.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

let e2e: E2E;
let editor: ApiCall;
let greek: Page;
let customerId = '';
const sender = '+30 699 111 2222';

async function signIn(page: Page, role: 'editor' | 'viewer'): Promise<void> {
  const { email, password } = e2e.login(role);
  await page.goto(`${e2e.server.url}/sign-in`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** A page whose UI is set to this language and theme before the SPA starts. */
async function pageWith(options: { locale: 'el' | 'en'; theme: 'light' | 'dark'; viewport: typeof desktop }): Promise<Page> {
  const page = await e2e.newPage({ viewport: options.viewport, locale: options.locale === 'el' ? 'el-GR' : 'en-GB' });
  await page.addInitScript((ui) => localStorage.setItem('bellsystems.ui', JSON.stringify(ui)), { theme: options.theme, locale: options.locale });
  await signIn(page, 'editor');
  return page;
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${e2e.server.url}${path}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function expectFitsViewport(page: Page, label: string): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, `${label} is ${scroll}px wide in a ${inner}px viewport`).toBeLessThanOrEqual(inner);
}

/** axe-core's serious and critical violations on the page, each with a few of its elements. */
async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    // Violations only: collecting every passing node would double the run for nothing read here.
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

const pages = () => [
  '/customers',
  `/customers/${customerId}`,
  `/customers/${customerId}?tab=financials`,
  `/customers/${customerId}?tab=communication`,
  '/orders',
  '/products',
  '/inbox',
  '/settings',
];

beforeAll(async () => {
  e2e = await startE2E();
  editor = await e2e.api('editor');
  const created = await editor<{ id: string }>('POST', '/crm/customers', {
    name: 'Γεώργιος Παπαδόπουλος',
    location: { city: 'Αθήνα', region: 'Αττική', country: 'Ελλάδα' },
    tags: ['Ναός'],
    contacts: [{ type: 'phone', value: '697 123 4567', primary: true }],
  });
  customerId = created.id;
  await editor('POST', '/crm/customers', { name: 'Ιωάννης Κωνσταντίνου', location: { city: 'Πάτρα' }, tags: ['Δήμος'] });
  await editor('POST', '/crm/customers', { name: 'Ευθύμιος Ξενάκης', location: { city: 'Θεσσαλονίκη' }, tags: ['Ναός'] });
  const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, minutes));
  await logMessage(e2e.server.deps, { type: 'sms', direction: 'inbound', address: sender, body: 'Καλησπέρα, θέλω προσφορά για καμπάνα', occurred_at: at(0) });
  await logMessage(e2e.server.deps, { type: 'sms', direction: 'inbound', address: sender, body: 'Σας ξαναγράφω για την καμπάνα', occurred_at: at(5) });
  await logMessage(e2e.server.deps, { type: 'sms', direction: 'inbound', address: '+30 699 333 4444', body: 'Κερδίσατε ένα δώρο!', occurred_at: at(10) });
  // A browser left at its factory default (en-US): the CRM starts in Greek.
  greek = await e2e.newPage({ viewport: desktop, locale: 'en-US' });
});

afterAll(async () => {
  await e2e?.close();
});

describe('staff-ready SPA', () => {
  it('starts in Greek when the browser does not ask for another language', async () => {
    await greek.goto(`${e2e.server.url}/sign-in`);
    await greek.getByRole('heading', { name: 'Σύνδεση' }).waitFor();
    expect(await greek.evaluate(() => document.documentElement.lang)).toBe('el');
    await signIn(greek, 'editor');
    // Staff open on their day (issue 22); the customers are one tap away.
    await greek.getByRole('heading', { name: 'Σήμερα', level: 1 }).waitFor();
    await greek.getByRole('navigation').first().getByRole('link', { name: 'Πελάτες' }).click();
    await greek.getByRole('heading', { name: 'Πελάτες', level: 1 }).waitFor();
    await e2e.screenshot(greek, 'staff-greek-default');
  });

  it('finds customers by first-name forms, greeklish and place, within moments of the last key', async () => {
    const search = greek.getByLabel('Αναζήτηση πελατών');
    const cases: [string, string][] = [
      ['giorgos', 'Γεώργιος Παπαδόπουλος'],
      ['Γιώργος', 'Γεώργιος Παπαδόπουλος'],
      ['Αθηνα', 'Γεώργιος Παπαδόπουλος'],
      ['attiki', 'Γεώργιος Παπαδόπουλος'],
      ['Γιάννης', 'Ιωάννης Κωνσταντίνου'],
      ['evthymios', 'Ευθύμιος Ξενάκης'],
      ['3enakis', 'Ευθύμιος Ξενάκης'],
      ['Θεσσαλονικη', 'Ευθύμιος Ξενάκης'],
    ];
    const times: number[] = [];
    for (const [query, name] of cases) {
      await search.fill(query.slice(0, -1));
      const started = Date.now();
      await greek.keyboard.type(query.slice(-1));
      await expect.poll(() => greek.getByRole('row').count(), { timeout: 5000 }).toBe(2);
      await greek.getByRole('link', { name, exact: true }).waitFor({ timeout: 5000 });
      times.push(Date.now() - started);
    }
    console.log(`search: last key to result row, ms: ${times.join(', ')}`);
    await e2e.screenshot(greek, 'staff-search-greeklish');
    await search.fill('');
  });

  it('suggests existing tags accent-blind and applies the one picked', async () => {
    const tag = greek.getByRole('combobox', { name: 'Ετικέτα' });
    await tag.fill('ναο');
    await greek.getByRole('option', { name: 'Ναός' }).click();
    await greek.waitForURL((url) => url.searchParams.get('tag') === 'Ναός');
    await expect.poll(() => greek.getByRole('row').count()).toBe(3);
    await e2e.screenshot(greek, 'staff-tag-filter');
  });

  it('makes a customer from an Inbox sender, whose messages follow, and marks spam done', async () => {
    await open(greek, '/inbox');
    const inboxLink = greek.getByRole('navigation').getByRole('link', { name: /Εισερχόμενα/ });
    await expect.poll(() => inboxLink.innerText()).toMatch(/3/);
    const message = greek.getByRole('article').filter({ hasText: 'θέλω προσφορά' });
    await message.getByRole('button', { name: 'Νέος πελάτης από αυτόν τον αποστολέα' }).click();
    const dialog = greek.getByRole('dialog', { name: 'Νέος πελάτης' });
    await dialog.getByLabel('Όνομα *').waitFor();
    await expect
      .poll(() => dialog.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value)))
      .toContain('+306991112222');
    await dialog.getByLabel('Όνομα *').fill('Ενορία Αγίου Δημητρίου');
    await dialog.getByRole('button', { name: 'Δημιουργία πελάτη' }).click();
    await greek.getByRole('status').filter({ hasText: /2 μηνύματα ανατέθηκαν σε Ενορία Αγίου Δημητρίου/ }).waitFor();
    await expect.poll(() => greek.getByRole('article').count()).toBe(1);
    await expect.poll(() => inboxLink.innerText()).toMatch(/1/);
    await e2e.screenshot(greek, 'staff-inbox-new-customer');

    await greek.getByRole('button', { name: 'Ολοκληρώθηκε' }).click();
    await expect.poll(() => greek.getByRole('article').count()).toBe(0);
    await expect.poll(() => inboxLink.innerText()).not.toMatch(/\d/);
  });

  // Every language × theme, each at both sizes at once (two signed-in pages, one per size, that
  // change language and theme between runs): each page once per combination, one axe run each.
  const runs = (['el', 'en'] as const).flatMap((locale) => (['light', 'dark'] as const).map((theme) => ({ locale, theme })));
  const checkers = new Map<number, Promise<Page>>();
  afterAll(async () => {
    for (const checker of checkers.values()) await (await checker).context().close();
  });
  function checker(viewport: typeof desktop): Promise<Page> {
    let page = checkers.get(viewport.width);
    if (!page) {
      // No init script here: each run writes its own language and theme before loading pages.
      page = e2e.newPage({ viewport, locale: 'el-GR' }).then(async (created) => {
        await signIn(created, 'editor');
        return created;
      });
      checkers.set(viewport.width, page);
    }
    return page;
  }

  /** Every page at one size in one language and theme; the problems found, every page checked. */
  async function checkPages(viewport: typeof desktop, run: (typeof runs)[number]): Promise<string[]> {
    const page = await checker(viewport);
    await page.evaluate((ui) => localStorage.setItem('bellsystems.ui', JSON.stringify(ui)), run);
    // Screenshots at both sizes in both languages, each language in one theme: enough to look at.
    const screenshots = (run.locale === 'el') === (run.theme === 'light');
    const problems: string[] = [];
    for (const path of pages()) {
      const label = `${path} (${run.locale}, ${run.theme}, ${viewport.width}px)`;
      await page.goto(`${e2e.server.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForFunction(() => !document.querySelector('.spinner'));
      const state = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        lang: document.documentElement.lang,
        theme: document.documentElement.dataset.theme ?? 'light',
      }));
      if (state.lang !== run.locale || state.theme !== run.theme) problems.push(`${label}: shown in ${state.lang}, ${state.theme}`);
      if (state.scroll > state.inner) problems.push(`${label}: ${state.scroll}px wide`);
      for (const violation of await seriousAxeViolations(page)) problems.push(`${label}: ${violation}`);
      if (screenshots) await e2e.screenshot(page, `staff-${viewport.width}-${run.locale}-${run.theme}-${path.replace(customerId, 'customer').replace(/[^a-z]+/gi, '-')}`);
    }
    return problems;
  }

  it.each(runs)(
    'shows every page in $locale, $theme, at 1440 and 390 px: none wider than the screen, no serious axe violation',
    async (run) => {
      const problems = await Promise.all([checkPages(desktop, run), checkPages(phone, run)]);
      expect(problems.flat()).toEqual([]);
    },
    60_000,
  );

  it('gives a phone a bottom navigation and customer cards with tap-to-call numbers', async () => {
    const page = await pageWith({ locale: 'el', theme: 'light', viewport: phone });
    await open(page, '/customers');
    const nav = page.getByRole('navigation', { name: 'Κύριο μενού' });
    const links = nav.getByRole('link');
    // Today, Customers, Orders, Inbox in the bar; the other pages under "More".
    expect(await links.count()).toBe(4);
    const more = nav.getByRole('button', { name: 'Περισσότερα' });
    for (const box of await nav.locator('a:visible, button:visible').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.right).toBeLessThanOrEqual(phone.width);
      expect(box.bottom).toBeLessThanOrEqual(phone.height);
    }
    const card = page.getByRole('article', { name: 'Γεώργιος Παπαδόπουλος' });
    expect(await card.getByRole('link', { name: /6971 234 567/ }).getAttribute('href')).toBe('tel:+306971234567');
    await expectFitsViewport(page, 'customers on a phone');
    await e2e.screenshot(page, 'staff-phone-customers');

    // Opened straight on a tab beyond the screen: the tabs scroll, that tab is in view with a
    // hint that more lie before it, and the Files tab finishes loading.
    await open(page, `/customers/${customerId}?tab=files`);
    const filesTab = page.getByRole('tab', { name: 'Αρχεία & πολυμέσα', selected: true });
    await expect.poll(() => filesTab.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(phone.width);
    expect(await page.locator('.tabs-hint--before').isVisible()).toBe(true);
    await page.getByText('Δεν υπάρχουν αρχεία ακόμη.').waitFor();
    await expectFitsViewport(page, 'the Files tab on a phone');
    await e2e.screenshot(page, 'staff-phone-customer-files');
    await more.click();
    for (const box of await nav.locator('.more-menu a').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(phone.width);
      expect(box.top).toBeGreaterThanOrEqual(0);
    }
    await links.filter({ hasText: 'Ρυθμίσεις' }).click();
    await page.getByRole('heading', { name: 'Ρυθμίσεις', level: 1 }).waitFor();
    await page.context().close();
  });
});
