/**
 * The technician's visit form on a 390 px phone against the embedded server: nothing wider
 * than the screen, large targets, the camera input, parts beyond stock saved with a warning,
 * the next service moved a year from today, and the photo filed in the customer's folder under Εγκαταστάσεις/<serial>/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type ApiCall, type E2E } from './support/harness';
import { png } from './support/png';

let e2e: E2E;
let page: Page;
let call: ApiCall;
let customerId: string;
let installationId: string;

/** `YYYY-MM-DD` of today in Athens plus 12 months, as the server plans it (end of month clamped). */
function nextYear(): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(year + 1, month, 0)).getUTCDate();
  return `${String(Math.min(date, last)).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year + 1}`;
}

beforeAll(async () => {
  e2e = await startE2E();
  call = await e2e.api('editor');
  const customer = await call<{ id: string }>('POST', '/crm/customers', {
    name: 'Ι.Ν. Αγίου Νικολάου Καλαμάτας',
    contacts: [{ type: 'phone', value: '+30 6971234567', primary: true }],
  });
  customerId = customer.id;
  const controller = await call<{ id: string }>('POST', '/crm/products', { name: 'Vesper Plus', sku: 'VSP-E2E', category: 'controller', warranty_months: 24 });
  await call('POST', '/crm/products', { name: 'Ρελέ κρουστήρα 24V', sku: 'RLY-E2E', category: 'part', stock: { on_hand: 1 } });
  const installation = await call<{ id: string }>('POST', `/crm/customers/${customerId}/installations`, {
    product_id: controller.id,
    serial_number: 'VSP-24-0117',
    installed_on: '2024-02-29',
    site: { name: 'Καμπαναριό – Ι.Ν. Αγίου Νικολάου', city: 'Καλαμάτα', region: 'Μεσσηνία' },
  });
  installationId = installation.id;
  page = await e2e.newPage({ viewport: { width: 390, height: 844 } });
  await e2e.signIn(page, 'editor');
});

afterAll(async () => {
  await e2e?.close();
});

describe('visit form on a phone', () => {
  it('fits a 390 px screen with large targets and records a visit', async () => {
    await page.goto(`${e2e.server.url}/installations/${installationId}/visit`);
    await page.getByRole('heading', { name: 'Service visit' }).waitFor();
    await page.getByText('VSP-24-0117').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const maintenance = page.getByRole('radio', { name: 'Maintenance' });
    expect(await maintenance.isChecked()).toBe(true);
    // The whole row of a choice is its target (the label holds the radio).
    const repairChoice = page.locator('label', { has: page.getByRole('radio', { name: 'Repair' }) });
    for (const target of [repairChoice, page.getByRole('button', { name: 'Save visit' }), page.getByLabel('Work done')]) {
      const box = await target.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    const camera = page.locator('input[type="file"]');
    expect(await camera.getAttribute('capture')).toBe('environment');
    expect(await camera.getAttribute('accept')).toBe('image/*');

    await page.getByLabel('Work done').fill('Λίπανση μηχανισμού, αλλαγή ρελέ «κρουστήρα»');
    await page.getByRole('button', { name: 'Add a part' }).click();
    await page.getByLabel('Quantity').fill('2');
    await page.getByLabel('Minutes on site').fill('90');
    await camera.setInputFiles({ name: 'καμπαναριό.png', mimeType: 'image/png', buffer: png() });
    await page.getByText('1 photo(s) chosen').waitFor();
    await e2e.screenshot(page, 'visit-form-390');
    await page.getByRole('button', { name: 'Save visit' }).click();

    // Two relays used, one on the shelf: saved, with the warning naming the part.
    const warning = page.getByRole('status').filter({ hasText: 'Saved with warnings' });
    await warning.waitFor();
    expect(await warning.innerText()).toContain('2 of Ρελέ κρουστήρα 24V used but only 1 available in stock');
    await page.getByRole('link', { name: 'Back to the installation' }).click();
    await page.getByTestId('next-due').waitFor();
    expect(await page.getByTestId('next-due').innerText()).toBe(nextYear());
    await page.getByText('Λίπανση μηχανισμού').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    const files = await call<{ files: { filename: string; nextcloud_path: string }[] }>('GET', `/crm/customers/${customerId}/files`);
    expect(files.files.map((file) => file.nextcloud_path)).toEqual([expect.stringMatching(/\/Εγκαταστάσεις\/VSP-24-0117\/\d{4}-\d{2}-\d{2} καμπαναριό\.png$/)]);
  });
});
