/**
 * Products in the browser against the embedded server: create a product with its cost breakdown,
 * see the total computed live and as the server stored it, find it by search; a viewer cannot edit.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support/harness';

let e2e: E2E;
let page: Page;
const name = 'Ελεγκτής Vesper E2E';

beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.newPage();
  await e2e.signIn(page, 'editor');
});

afterAll(async () => {
  await e2e?.close();
});

describe('products', () => {
  it('creates a product and shows the computed cost total and available stock', async () => {
    await page.goto(`${e2e.server.url}/products`);
    await page.getByText('No products yet.').waitFor();
    await page.getByRole('button', { name: '+ New product' }).click();
    const dialog = page.getByRole('dialog', { name: 'New product' });

    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('SKU').fill('vsp-e2e-1');
    await dialog.getByLabel('Category').selectOption('controller');
    await dialog.getByLabel('Price').fill('1450');
    await dialog.getByLabel('PCB').fill('38,40');
    await dialog.getByLabel('Components').fill('112.75');
    await dialog.getByLabel('Enclosure').fill('45');
    await dialog.getByLabel('Labour hours').fill('2.5');
    await dialog.getByLabel('Rate per hour').fill('28');
    await dialog.getByLabel('Inbound shipping').fill('9.90');
    // 38.40 + 112.75 + 45 + 2.5 × 28 + 9.90
    await expect.poll(() => dialog.getByRole('status', { name: 'Cost total' }).innerText()).toBe('€276.05');
    await dialog.getByLabel('On hand').fill('7');
    await dialog.getByLabel('Reserved').fill('2');
    expect(await dialog.getByRole('status', { name: 'Available' }).innerText()).toBe('5');
    await e2e.screenshot(page, 'product-form');

    await dialog.getByRole('button', { name: 'Create product' }).click();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.waitFor();
    expect((await row.getByRole('cell').allInnerTexts()).slice(0, 8)).toEqual([name, 'VSP-E2E-1', 'Controller', '€1,450.00', '€276.05', '7', '5', 'Yes']);

    // The form of the saved product shows the total the server stored.
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${name}` });
    expect(await edit.getByRole('status', { name: 'Cost total' }).innerText()).toBe('€276.05');
    await edit.getByLabel('Name').press('Escape');
    await page.getByRole('button', { name: `Edit ${name}` }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Edit ${name}`);
    await e2e.screenshot(page, 'products');
  });

  it('finds the product by search and category', async () => {
    await page.getByLabel('Search').fill('vesper');
    await page.getByRole('row', { name: new RegExp(name) }).waitFor();
    await page.getByLabel('Category').selectOption('striker');
    await page.getByText('No product matches these filters.').waitFor();
  });

  it('shows a viewer the catalogue without edit controls', async () => {
    const viewer = await e2e.newPage();
    await e2e.signIn(viewer, 'viewer');
    await viewer.goto(`${e2e.server.url}/products`);
    await viewer.getByRole('row', { name: new RegExp(name) }).waitFor();
    expect(await viewer.getByRole('button', { name: /New product|Edit/ }).count()).toBe(0);
    await viewer.close();
  });
});
