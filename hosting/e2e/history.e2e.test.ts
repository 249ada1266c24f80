/**
 * The history of changes in the browser against the embedded server: an editor's slip on a
 * customer's name is seen in the customer's History panel and put back with one click; the
 * same restore a second time is refused because the field changed since; the admin page
 * lists the change and its restore.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support/harness';

let e2e: E2E;
let page: Page;
let customerId = '';
const original = 'Ιερά Μονή Αγίου Διονυσίου Ολύμπου E2E';
const slip = 'Ιερά Μονή Αγ. Διονυσίου';

beforeAll(async () => {
  e2e = await startE2E({ seed: false });
  page = await e2e.newPage();
  const api = await e2e.api('editor');
  const created = await api<{ id: string }>('POST', '/crm/customers', { name: original, organization: 'Μητρόπολη Κίτρους' });
  customerId = created.id;
  await api('PUT', `/crm/customers/${customerId}`, { name: slip });
});

afterAll(async () => {
  await e2e?.close();
});

describe('history', () => {
  it('shows who changed the name and restores the earlier value', async () => {
    await e2e.signIn(page, 'editor');
    await page.goto(`${e2e.server.url}/customers/${customerId}`);
    await page.getByRole('heading', { name: slip, level: 1 }).waitFor();
    const panel = page.getByRole('region', { name: 'History' });
    await panel.getByRole('button', { name: 'Show history' }).click();
    const entry = panel.getByRole('listitem').filter({ hasText: 'Changed' }).first();
    await entry.getByText(e2e.login('editor').name).waitFor();
    await entry.getByText(original).waitFor();
    await e2e.screenshot(page, 'history-panel');

    await panel.getByRole('button', { name: `Restore Name to ${original}` }).click();
    await panel.getByRole('status').filter({ hasText: 'Name restored.' }).waitFor();
    await page.getByRole('heading', { name: original, level: 1 }).waitFor();
    const api = await e2e.api('editor');
    expect((await api<{ name: string }>('GET', `/crm/customers/${customerId}`)).name).toBe(original);

    // The restore is itself a change at the top; the slip's entry below it cannot be restored again.
    await expect.poll(() => panel.getByRole('button', { name: `Restore Name to ${original}` }).count()).toBe(1);
    await expect.poll(() => panel.getByRole('button', { name: `Restore Name to ${slip}` }).count()).toBe(1);
    await panel.getByRole('button', { name: `Restore Name to ${original}` }).click();
    await panel.getByRole('alert').filter({ hasText: 'This field has changed since' }).waitFor();
    expect((await api<{ name: string }>('GET', `/crm/customers/${customerId}`)).name).toBe(original);
  });

  it('lists every change on the admin page, filtered by kind', async () => {
    const admin = await e2e.newPage();
    await e2e.signIn(admin, 'admin');
    await admin.getByRole('link', { name: 'History of changes' }).click();
    await admin.getByRole('heading', { name: 'History of changes', level: 1 }).waitFor();
    const kind = admin.getByLabel('Kind');
    await kind.selectOption('products');
    await admin.getByRole('button', { name: 'Apply' }).click();
    await admin.getByText('No changes recorded yet.').waitFor();
    await kind.selectOption('customers');
    await admin.getByRole('button', { name: 'Apply' }).click();
    await admin.getByText(`customers/${customerId}`).first().waitFor();
    // Created, the slip, its restore.
    expect(await admin.getByText(`customers/${customerId}`).count()).toBe(3);
    await e2e.screenshot(admin, 'history-admin');
  });
});
