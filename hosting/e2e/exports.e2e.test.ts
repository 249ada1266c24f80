/**
 * The Export CSV buttons against the embedded server: the file the browser saves from a filtered
 * list is byte for byte the API's CSV for the same filters (so the button sends the filters and
 * the token), `;` is offered for Greek Excel, and an admin downloads the zip of everything.
 */
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support/harness';

let e2e: E2E;
let page: Page;
let token = '';
let metropolisId = '';

/** The API's own answer, as raw bytes, with the editor's token. */
async function apiBytes(path: string): Promise<Buffer> {
  const response = await fetch(`${e2e.server.url}/api${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function saved(download: Promise<Download>): Promise<{ name: string; bytes: Buffer }> {
  const file = await download;
  // A stream, not path(): the browser is shared by the run (support/browser.ts) and path() exists only on a launched one.
  return { name: file.suggestedFilename(), bytes: Buffer.concat(await (await file.createReadStream()).toArray()) };
}

beforeAll(async () => {
  e2e = await startE2E({ seed: false });
  const api = await e2e.api('editor');
  for (let i = 0; i < 6; i++) {
    await api('POST', '/crm/customers', {
      name: `Ιερός Ναός Αγίου Γεωργίου «${i}»`,
      organization: '=HYPERLINK("http://evil.example","Κλικ")',
      tags: i % 2 === 0 ? ['καμπάνες'] : ['ρολόι'],
      contacts: [{ type: 'email', value: `naos${i}@example.gr` }],
      notes: [{ text: 'Γραμμή 1\nΓραμμή 2; "εισαγωγικά"' }],
    });
  }
  const metropolis = await api<{ id: string }>('POST', '/crm/customers', { name: 'Ιερά Μητρόπολις Λαρίσης' });
  metropolisId = metropolis.id;
  await api('POST', `/crm/customers/${metropolis.id}/transactions`, { flow: 'payment', payment_type: 'cash', category: 'installment', amount: 1450.5, note: '=SUM(A1:A9)' });
  for (const [i, city] of ['Λάρισα', 'Λάρισα', 'Τύρναβος'].entries()) {
    await api('POST', `/crm/customers/${metropolis.id}/installations`, {
      device_id: `console-${i}`,
      serial_number: `ΣΝ-000${i}`,
      site: { name: `Ναός «${i}»; καμπαναριό`, city, region: 'Θεσσαλία' },
      installed_on: '2025-03-01',
    });
  }
  await api('POST', `/crm/customers/${metropolis.id}/orders`, {
    title: 'Κωδωνοστάσιο Αγίου Αχιλλίου',
    status: 'manufacturing',
    items: [{ type: 'freetext', description: 'Καμπάνα 300 kg', quantity: 1, unit_price: 12_345.67 }],
  });
  await api('POST', `/crm/customers/${metropolis.id}/orders`, { title: 'Ρολόι Τυρνάβου', status: 'negotiating' });
  await api('POST', '/crm/products', { name: 'Ελεγκτής VSP', sku: 'VSP-1', category: 'controller', price: 1450.5 });
  await api('POST', '/crm/products', { name: 'Ρολόι πύργου', sku: 'CLK-1', category: 'clock', price: 999.99 });
  const { email, password } = e2e.login('editor');
  const signIn = await fetch(`${e2e.server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  token = ((await signIn.json()) as { token: string }).token;
  page = await e2e.newPage();
  await e2e.signIn(page, 'editor');
});

afterAll(async () => {
  await e2e?.close();
});

describe('export buttons', () => {
  it('saves the filtered customers list as the API exports it, with ; for Greek Excel', async () => {
    await page.goto(`${e2e.server.url}/customers?tag=${encodeURIComponent('καμπάνες')}`);
    await page.getByText('Ιερός Ναός Αγίου Γεωργίου «0»').first().waitFor();
    await page.getByRole('combobox', { name: 'CSV separator' }).selectOption(';');
    const file = await saved(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]).then(([d]) => d));
    expect(file.name).toBe('customers.csv');
    const expected = await apiBytes(`/crm/export/customers.csv?tag=${encodeURIComponent('καμπάνες')}&sort=name&separator=%3B`);
    expect(file.bytes.equals(expected)).toBe(true);
    expect(file.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const lines = file.bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('id;name;')).toBe(true);
    // Three of the six customers carry the tag; the formula in a cell is escaped for Excel.
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""Κλικ"")"`);
  });

  it('saves the products list filtered by category', async () => {
    await page.goto(`${e2e.server.url}/products`);
    await page.getByText('Ρολόι πύργου').waitFor();
    await page.getByLabel('Category').selectOption('clock');
    await expect.poll(() => page.getByText('Ελεγκτής VSP').count()).toBe(0);
    await page.getByRole('combobox', { name: 'CSV separator' }).selectOption(',');
    const file = await saved(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]).then(([d]) => d));
    expect(file.bytes.equals(await apiBytes('/crm/export/products.csv?category=clock&separator=%2C'))).toBe(true);
    expect(file.bytes.toString('utf8')).toContain('999.99');
    expect(file.bytes.toString('utf8')).not.toContain('VSP-1');
  });

  it('saves the orders board filtered by status', async () => {
    await page.goto(`${e2e.server.url}/orders?status=manufacturing`);
    await page.getByText('Κωδωνοστάσιο Αγίου Αχιλλίου').first().waitFor();
    await page.getByRole('combobox', { name: 'CSV separator' }).selectOption(',');
    const file = await saved(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]).then(([d]) => d));
    expect(file.bytes.equals(await apiBytes('/crm/export/orders.csv?status=manufacturing&separator=%2C'))).toBe(true);
    const text = file.bytes.toString('utf8');
    expect(text).toContain('12345.67');
    expect(text).not.toContain('Ρολόι Τυρνάβου');
  });

  it("saves a customer's ledger from its Financials tab", async () => {
    await page.goto(`${e2e.server.url}/customers/${metropolisId}?tab=financials`);
    const history = page.getByRole('region', { name: 'Transaction History' });
    await history.getByText('=SUM(A1:A9)').waitFor();
    const file = await saved(Promise.all([page.waitForEvent('download'), history.getByRole('button', { name: 'Export CSV' }).click()]).then(([d]) => d));
    expect(file.name).toBe('ledger.csv');
    expect(file.bytes.equals(await apiBytes(`/crm/export/ledger.csv?customer_id=${metropolisId}&separator=%2C`))).toBe(true);
    expect(file.bytes.toString('utf8')).toContain('1450.50');
    expect(file.bytes.toString('utf8')).toContain("'=SUM(A1:A9)");
  });

  it('saves the Service page list with its planning filters', async () => {
    await page.goto(`${e2e.server.url}/service`);
    await page.getByText('Never serviced').click();
    await page.getByLabel('Town').fill('Λάρισα');
    await page.getByLabel('Town').press('Enter');
    await page.getByLabel('Town').blur();
    await expect.poll(() => page.getByText('ΣΝ-0002').count()).toBe(0);
    await page.getByText('ΣΝ-0001').waitFor();
    await page.getByRole('combobox', { name: 'CSV separator' }).selectOption(';');
    const file = await saved(Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]).then(([d]) => d));
    expect(file.name).toBe('installations.csv');
    expect(file.bytes.equals(await apiBytes(`/crm/export/installations.csv?never_serviced=true&city=${encodeURIComponent('Λάρισα')}&separator=%3B`))).toBe(true);
    const text = file.bytes.toString('utf8');
    expect(text).toContain('ΣΝ-0000');
    expect(text).toContain('ΣΝ-0001');
    expect(text).not.toContain('ΣΝ-0002');
  });

  it('gives an admin the zip of everything from Settings', async () => {
    const admin = await e2e.newPage();
    await e2e.signIn(admin, 'admin');
    await admin.goto(`${e2e.server.url}/settings`);
    const card = admin.getByRole('region', { name: 'Download everything' });
    const file = await saved(Promise.all([admin.waitForEvent('download'), card.getByRole('button', { name: 'Download the archive (zip)' }).click()]).then(([d]) => d));
    expect(file.name).toMatch(/^bellsystems-crm-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(file.bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(file.bytes.includes(Buffer.from('customers.csv'))).toBe(true);
    // An editor has no such card.
    await page.goto(`${e2e.server.url}/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getByRole('region', { name: 'Download everything' }).count()).toBe(0);
  });
});
