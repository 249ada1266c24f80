/**
 * The money screens on a 360 px phone, in Greek, with the demo data: the customer page, its
 * Financials tab and the order dialog fit the screen (no horizontal overflow), the dialog's Save
 * stays reachable at the bottom of a long order, and what the customer owes reads the same on
 * Financials as on the order. Screenshots go to hosting/e2e/screenshots/ for the issue.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/embedded/server.js';
import { startE2E, type E2E } from './support/harness';

interface Listed {
  id: string;
  name: string;
}
interface StoredOrder {
  id: string;
  status: string;
  items: unknown[];
  payment_status: { balance_due: number } | null;
}

let e2e: E2E;
let page: Page;
let customer: Listed;
const shots = join(repoRoot, 'hosting/e2e/screenshots');

async function fitsWidth(label: string): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, `${label} is ${scroll}px wide in a ${inner}px screen`).toBeLessThanOrEqual(inner);
}

beforeAll(async () => {
  e2e = await startE2E({ seed: true });
  const api = await e2e.api('editor');
  const { customers } = await api<{ customers: Listed[] }>('GET', '/crm/customers?limit=50');
  // The demo customer with the most order lines: the longest order dialog and Financials.
  let most = -1;
  for (const candidate of customers) {
    const { orders } = await api<{ orders: StoredOrder[] }>('GET', `/crm/customers/${candidate.id}/orders`);
    const lines = orders.reduce((sum, order) => sum + order.items.length, 0);
    if (lines > most) [most, customer] = [lines, candidate];
  }
  page = await e2e.newPage({ locale: 'el-GR', viewport: { width: 360, height: 740 } });
  await page.addInitScript(() => localStorage.setItem('bellsystems.ui', JSON.stringify({ theme: 'light', locale: 'el' })));
  // The harness signs in by English labels; the sign-in form here is in Greek.
  const { email, password } = e2e.login('editor');
  await page.goto(`${e2e.server.url}/sign-in`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
});

afterAll(async () => {
  await e2e?.close();
});

describe('money screens on a 360 px phone', () => {
  it('the customer page fits', async () => {
    await page.goto(`${e2e.server.url}/customers/${customer.id}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    await fitsWidth('the customer page');
    await page.screenshot({ path: join(shots, 'customer-page-360.png'), fullPage: true });
  });

  it('Financials fits, with what the customer owes said once and without a minus', async () => {
    await page.goto(`${e2e.server.url}/customers/${customer.id}?tab=financials`);
    await page.getByText('Οφειλή πελάτη').first().waitFor();
    await page.waitForLoadState('networkidle');
    await fitsWidth('Financials');
    const owed = await page.locator('.totals__figures').allInnerTexts();
    for (const text of owed) expect(text).not.toMatch(/Οφειλή πελάτη\s*[-\u2212]/);
    await page.screenshot({ path: join(shots, 'financials-360.png'), fullPage: true });
  });

  it('the order dialog fits and keeps Save on the screen', async () => {
    await page.goto(`${e2e.server.url}/customers/${customer.id}?tab=orders`);
    await page.getByRole('article').first().getByRole('button', { name: 'Επεξεργασία' }).click();
    const dialog = page.getByRole('dialog', { name: /^Επεξεργασία παραγγελίας / });
    await dialog.waitFor();
    await fitsWidth('the order dialog');
    const save = dialog.getByRole('button', { name: 'Αποθήκευση' });
    const box = await save.boundingBox();
    expect(box, 'Save is laid out').not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    expect(box!.y + box!.height).toBeLessThanOrEqual(740);
    await page.screenshot({ path: join(shots, 'order-dialog-360.png') });
  });
});
