/**
 * Orders in the browser against the embedded server: an order with items on a customer's Orders
 * tab (totals live and as saved), a timeline event, and a move on the orders board by dragging.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support/harness';

let e2e: E2E;
let page: Page;
let customerId: string;
const customerName = 'Ενορία Αγίου Δημητρίου E2E';
const orderTitle = 'Δύο καμπάνες και εγκατάσταση';

const orderCard = (): Locator => page.getByRole('article', { name: orderTitle });
const column = (label: string): Locator => page.getByRole('region', { name: new RegExp(`^${label}\\b`) });

beforeAll(async () => {
  e2e = await startE2E({ seed: true });
  const api = await e2e.api('editor');
  customerId = (await api<{ id: string }>('POST', '/crm/customers', { name: customerName, organization: 'Μητρόπολη Θεσσαλονίκης' })).id;
  await api('POST', '/crm/products', { name: 'Καμπάνα E2E 80cm', sku: 'E2E-BELL-80', category: 'part', price: 1200 });
  page = await e2e.newPage();
  await e2e.signIn(page, 'editor');
});

afterAll(async () => {
  await e2e?.close();
});

describe('orders', () => {
  it('creates an order with items on a customer and shows its totals', async () => {
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=orders`);
    await page.getByRole('tab', { name: 'Orders' }).waitFor();
    await page.getByRole('button', { name: '+ New order' }).click();
    const dialog = page.getByRole('dialog', { name: 'New order' });

    await dialog.getByLabel('Title').fill(orderTitle);
    const first = dialog.getByRole('group', { name: 'Item 1' });
    await first.getByRole('combobox', { name: 'Product' }).fill('Καμπάνα E2E');
    await page.getByRole('option', { name: /Καμπάνα E2E 80cm/ }).click();
    // Choosing the product fills in its catalogue price.
    await expect.poll(() => first.getByLabel('Unit price').inputValue()).toBe('1.200,00');
    await first.getByLabel('Quantity').fill('2');

    await dialog.getByRole('button', { name: '+ Add item' }).click();
    const second = dialog.getByRole('group', { name: 'Item 2' });
    await second.getByLabel('Type').selectOption('freetext');
    await second.getByLabel('Description').fill('Εγκατάσταση στο καμπαναριό');
    await second.getByLabel('Unit price').fill('150,50');
    await dialog.getByLabel('Discount (%)').fill('10');

    const totals = dialog.getByLabel('Order totals');
    await expect.poll(() => totals.innerText()).toMatch(/Subtotal\s+€2,550\.50\s+Discount\s+−€255\.05\s+Total\s+€2,295\.45/);
    await e2e.screenshot(page, 'order-form');

    await dialog.getByRole('button', { name: 'Create order' }).click();
    await orderCard().waitFor();
    const card = orderCard();
    const payment = await card.getByLabel('Payment status').innerText();
    expect(payment).toMatch(/Required\s+€2,295\.45/);
    expect(payment).toMatch(/Received\s+€0\.00/);
    expect(payment).toMatch(/Balance due\s+€2,295\.45/);
    expect(await card.getByRole('table').innerText()).toMatch(/Total\s+€2,295\.45/);
    expect(await card.getByText('Negotiating', { exact: true }).count()).toBe(1);
    await e2e.screenshot(page, 'orders-tab');
  });

  it('adds a timeline event that is still there after a reload', async () => {
    const card = orderCard();
    await card.getByRole('button', { name: 'Add Timeline Event' }).click();
    await card.getByLabel('Event type').selectOption('quote_sent');
    await card.getByLabel('Note').fill('Στάλθηκε η προσφορά 2026-31 με email');
    await card.getByLabel('Note').press('Enter');
    const timeline = card.getByRole('list', { name: `Timeline of ${orderTitle}` });
    await timeline.getByText('Στάλθηκε η προσφορά 2026-31 με email').waitFor();
    expect(await timeline.getByRole('listitem').first().innerText()).toContain('Quote sent');

    await page.reload();
    await orderCard().getByRole('button', { name: /View Timeline/ }).click();
    const reloaded = orderCard().getByRole('list', { name: `Timeline of ${orderTitle}` });
    expect(await reloaded.getByRole('listitem').count()).toBe(2);
    expect(await reloaded.getByRole('listitem').first().innerText()).toMatch(/Quote sent[\s\S]*Στάλθηκε η προσφορά 2026-31 με email/);
    await e2e.screenshot(page, 'order-timeline');
  });

  it('moves an order on the kanban by dragging it, and the new status stays after a reload', async () => {
    // An office monitor's width, so the board shows both columns of the move at once.
    const wide = await e2e.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-GB' });
    page = await wide.newPage();
    await e2e.signIn(page, 'editor');
    await page.goto(`${e2e.server.url}/orders`);
    await page.getByRole('button', { name: 'Board', pressed: true }).waitFor();
    await column('Negotiating').getByRole('article', { name: orderTitle }).waitFor();

    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes(`/customers/${customerId}/orders/`));
    await column('Negotiating')
      .getByRole('article', { name: orderTitle })
      .getByText(customerName)
      .dragTo(column('Manufacturing'));
    expect((await saved).status()).toBe(200);
    await column('Manufacturing').getByRole('article', { name: orderTitle }).waitFor();
    await e2e.screenshot(page, 'orders-board');

    await page.reload();
    await column('Manufacturing').getByRole('article', { name: orderTitle }).waitFor();
    expect(await column('Negotiating').getByRole('article', { name: orderTitle }).count()).toBe(0);
    expect(await page.getByLabel(`Status of ${orderTitle}`).inputValue()).toBe('manufacturing');

    // The API wrote the status change into the order's timeline.
    await column('Manufacturing').getByRole('link', { name: orderTitle }).click();
    await page.getByRole('tab', { name: 'Orders', selected: true }).waitFor();
    await orderCard().getByRole('button', { name: /View Timeline/ }).click();
    await orderCard().getByText('Status: Negotiating → Manufacturing').waitFor();
  });

  it('shows the board as a table, filtered by status', async () => {
    await page.goto(`${e2e.server.url}/orders?status=manufacturing`);
    await page.getByRole('button', { name: 'Table' }).click();
    const row = page.getByRole('row', { name: new RegExp(orderTitle) });
    await row.waitFor();
    expect(await row.getByRole('link', { name: customerName }).count()).toBe(1);
    const statuses = await page.getByRole('combobox', { name: /^Status of / }).evaluateAll((els) => els.map((el) => (el as HTMLSelectElement).value));
    expect(new Set(statuses)).toEqual(new Set(['manufacturing']));
    await e2e.screenshot(page, 'orders-table');
  });
});
