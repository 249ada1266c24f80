/**
 * The "Today" home page on a 390 px phone against the embedded server: the signed-in editor
 * opens on it, sees their overdue and due-today tasks with the navigation badge counting them,
 * completes one with a tap (the badge follows without a reload), and reaches the task's
 * customer in one tap more; a quote awaiting an answer and a service due this month are one tap
 * from a call, the quote or the installation. Nothing is wider than the screen. The Reports
 * page, and only it, loads the chart library.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type ApiCall, type E2E } from './support/harness';

let e2e: E2E;
let api: ApiCall;
let page: Page;
let customerId: string;
let quote: { id: string; number: string; totals: { gross: number } };
let installationId: string;
const PHONE = '+302421012345';
const SITE = 'Ιερός Ναός Αγίου Νικολάου Πευκακίων — κωδωνοστάσιο νότιας πτέρυγας';
const scripts: string[] = [];

const athensDay = (offsetDays: number): string => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + offsetDays)).toISOString().slice(0, 10);
};

beforeAll(async () => {
  e2e = await startE2E();
  api = await e2e.api('editor');
  const me = await api<{ uid: string }>('GET', '/me');
  customerId = (
    await api<{ id: string }>('POST', '/crm/customers', {
      name: 'Ιερά Μητρόπολις Δημητριάδος και Αλμυρού — Γραφείο Ναοδομίας και Κωδωνοστασίων',
      contacts: [{ type: 'phone', value: PHONE }],
    })
  ).id;
  await api('POST', `/crm/customers/${customerId}/orders`, {
    title: 'Κωδωνοστάσιο',
    status: 'manufacturing',
    items: [{ type: 'freetext', description: 'Καμπάνα 300 kg', quantity: 1, unit_price: 12_345.67 }],
  });
  await api('POST', '/crm/tasks', {
    title: 'Επιστροφή κλήσης στον π. Αθανάσιο για το ηλεκτρονικό σύστημα κωδωνοκρουσίας του Αγίου Κωνσταντίνου',
    due_date: athensDay(-2),
    assignee_uid: me.uid,
    priority: 'high',
    customer_id: customerId,
  });
  await api('POST', '/crm/tasks', { title: 'Αποστολή προσφοράς', due_date: athensDay(0), assignee_uid: me.uid, customer_id: customerId });
  await api('POST', '/crm/tasks', { title: 'Έλεγχος αποθήκης', due_date: athensDay(40), assignee_uid: me.uid });
  quote = await api<{ id: string; number: string; totals: { gross: number } }>('POST', `/crm/customers/${customerId}/quotes`, {
    lines: [{ description: 'Ηλεκτρονικός κρουστήρας καμπάνας με χρονοδιακόπτη', quantity: 2, unit_price: 987.65 }],
  });
  // Sending needs an SMTP server (quotes.e2e.test.ts does it); here the quote is left as sending leaves it.
  await e2e.server.deps.store.update(`crm_customers/${customerId}/quotes/${quote.id}`, { state: 'sent', sent_at: new Date(), valid_until: athensDay(30) });
  // Installed on the 1st of this month a year ago, serviced yearly: due this month.
  const [year, month] = athensDay(0).split('-') as [string, string];
  installationId = (
    await api<{ id: string }>('POST', `/crm/customers/${customerId}/installations`, {
      site: { name: SITE, city: 'Βόλος', region: 'Μαγνησία' },
      device_id: 'BS-ΚΡ-2',
      installed_on: `${Number(year) - 1}-${month}-01`,
      service_interval_months: 12,
    })
  ).id;
  page = await e2e.newPage({ viewport: { width: 390, height: 844 } });
  page.on('request', (req) => {
    if (req.resourceType() === 'script') scripts.push(new URL(req.url()).pathname);
  });
  await e2e.signIn(page, 'editor');
}, 180_000);

afterAll(async () => {
  await e2e?.close();
});

const badge = () => page.getByTestId('tasks-badge');

describe('Today on a phone', () => {
  it('opens on my overdue and due-today tasks, with the badge counting them', async () => {
    await page.waitForURL((url) => url.pathname === '/today');
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    const overdue = page.getByRole('region', { name: 'Overdue' });
    await overdue.getByText('Επιστροφή κλήσης στον π. Αθανάσιο', { exact: false }).waitFor();
    await page.getByRole('region', { name: 'Today' }).getByText('Αποστολή προσφοράς').waitFor();
    expect(await page.getByText('Έλεγχος αποθήκης').count()).toBe(0);
    await expect.poll(() => badge().textContent()).toBe('2');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await e2e.screenshot(page, 'today-phone');
  });

  it('completes a task with one tap, and the badge follows without a reload', async () => {
    await page.getByRole('button', { name: 'Mark “Αποστολή προσφοράς” done' }).click();
    await page.getByRole('status').getByText('“Αποστολή προσφοράς” done.').waitFor();
    await expect.poll(() => badge().textContent()).toBe('1');
    expect(await page.getByText('Αποστολή προσφοράς', { exact: true }).count()).toBe(0);

    // A task assigned meanwhile shows in the badge on the next page change, no reload.
    const me = await api<{ uid: string }>('GET', '/me');
    await api('POST', '/crm/tasks', { title: 'Νέα εργασία', due_date: athensDay(0), assignee_uid: me.uid });
    await page.getByRole('link', { name: /Customers/ }).click();
    await page.waitForURL((url) => url.pathname === '/customers');
    await expect.poll(() => badge().textContent()).toBe('2');
  });

  it("reaches the task's customer in one tap", async () => {
    await page.getByRole('link', { name: /^Today/ }).click();
    await page.getByRole('link', { name: /Open Επιστροφή κλήσης/ }).click();
    await page.waitForURL((url) => url.pathname === `/customers/${customerId}`);
    await page.getByRole('heading', { level: 1, name: /Ιερά Μητρόπολις Δημητριάδος/ }).waitFor();
  });

  it('puts a quote awaiting an answer and a service due this month one tap from a call, the quote or the installation', async () => {
    await page.getByRole('link', { name: /^Today/ }).click();
    const quotes = page.getByRole('region', { name: /Quotes awaiting an answer \(1\)/ });
    await quotes.getByText(quote.number, { exact: false }).waitFor();
    // Its gross total as the API computed it, in the reader's format.
    const gross = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(quote.totals.gross);
    await quotes.getByText(gross, { exact: false }).waitFor();
    const services = page.getByRole('region', { name: /Services due this month \(1\)/ });
    await services.getByText(SITE, { exact: false }).waitFor();
    expect(await services.getByRole('link', { name: /^Call Ιερά Μητρόπολις/ }).getAttribute('href')).toBe(`tel:${PHONE}`);
    expect(await quotes.getByRole('link', { name: /^Call Ιερά Μητρόπολις/ }).getAttribute('href')).toBe(`tel:${PHONE}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await e2e.screenshot(page, 'today-phone-quotes-services');

    await quotes.getByRole('link', { name: `Open quote ${quote.number}` }).click();
    await page.waitForURL((url) => url.pathname === `/quotes/${quote.id}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(quote.number) }).waitFor();

    await page.getByRole('link', { name: /^Today/ }).click();
    await page.getByRole('link', { name: `Open the installation at ${SITE}` }).click();
    await page.waitForURL((url) => url.pathname === `/installations/${installationId}`);
  });

  it('loads the chart library only on the Reports page, which shows its numbers as tables too', async () => {
    const chartLoaded = () => scripts.some((path) => /\/assets\/chart-[^/]*\.js$/.test(path));
    expect(chartLoaded()).toBe(false);
    // On a phone, Reports is one of the pages under More.
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('link', { name: /^Reports/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    const pipeline = page.getByRole('table', { name: 'Pipeline' });
    await pipeline.getByRole('rowheader', { name: /Manufacturing/ }).waitFor();
    // Its value, and its balance (nothing received yet), to the cent.
    expect(await pipeline.getByRole('cell', { name: '€12,345.67' }).count()).toBe(2);
    await page.locator('canvas[role="img"]').waitFor();
    expect(chartLoaded()).toBe(true);
    await page.getByRole('button', { name: 'Receivables' }).click();
    await page.getByRole('table', { name: /Receivables/ }).waitFor();
  });
});
