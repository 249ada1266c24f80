/**
 * Customers in the browser against the embedded server: signing in, creating a customer, the
 * customer page's quick actions (Init Negotiations, Record Payment, Record Issue), the ledger,
 * the list's Support dots and Notes modes, and what a viewer may not do.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support/harness';

let e2e: E2E;
let page: Page;
let customerUrl = '';
const customerName = 'Ενορία Αγίας Ειρήνης E2E';
const organization = 'Μητρόπολη Πατρών';
const city = 'Πάτρα';
const orderTitle = 'Τρεις καμπάνες — Άγια Ειρήνη';

const customerId = () => new URL(customerUrl).pathname.split('/').pop()!;
const tab = (name: string) => page.getByRole('tab', { name, exact: true });
const region = (name: string | RegExp): Locator => page.getByRole('region', { name });
const listRow = (): Locator => page.getByRole('row').filter({ has: page.getByRole('link', { name: customerName }) });

async function openList(): Promise<void> {
  await page.getByRole('link', { name: /All customers/ }).click();
  await page.getByLabel('Search customers').fill('Ειρήνης');
  await expect.poll(() => page.getByRole('row').count()).toBe(2);
  await listRow().waitFor();
}

beforeAll(async () => {
  e2e = await startE2E();
  page = await e2e.newPage();
});

afterAll(async () => {
  await e2e?.close();
});

describe('customers', () => {
  it("signs in and the shell shows the user's name and role", async () => {
    await e2e.signIn(page, 'editor');
    const { name } = e2e.login('editor');
    const userButton = page.getByRole('button', { name: new RegExp(name) });
    await userButton.waitFor();
    expect(await userButton.innerText()).toMatch(/Editor/);
    // Staff open on their day; the customers are one tap away.
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await page.getByRole('navigation').first().getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await e2e.screenshot(page, 'customers-signed-in');
  });

  it('creates a customer with two contacts', async () => {
    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'New customer' });
    await dialog.getByLabel('Name *').fill(customerName);
    await dialog.getByLabel('Organization').fill(organization);
    await dialog.getByLabel('City').fill(city);

    await dialog.getByRole('button', { name: '+ Add contact' }).click();
    const first = dialog.getByRole('group', { name: 'Contacts 1' });
    await first.getByLabel('Type').selectOption('phone');
    await first.getByLabel('Label').fill('γραφείο');
    await first.getByLabel('Value').fill('2610 123456');
    await first.getByLabel('Primary').check();

    await dialog.getByRole('button', { name: '+ Add contact' }).click();
    const second = dialog.getByRole('group', { name: 'Contacts 2' });
    await second.getByLabel('Type').selectOption('email');
    await second.getByLabel('Value').fill('not-an-email');
    // Checked in the browser first: the error shows beside the field and nothing is sent.
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await second.getByText('Enter an email address').waitFor();
    await second.getByLabel('Value').fill('agia.eirini@example.gr');
    await e2e.screenshot(page, 'customer-form');
    await second.getByLabel('Value').press('Enter');

    await page.waitForURL(/\/customers\/[A-Za-z0-9_-]+$/);
    customerUrl = page.url();
    await page.getByRole('heading', { name: customerName, level: 1 }).waitFor();
    await page.getByText(`${organization} · ${city}`).waitFor();
    await page.getByRole('link', { name: 'agia.eirini@example.gr' }).waitFor();
    expect(await page.getByRole('link', { name: '2610 123 456' }).getAttribute('href')).toBe('tel:+302610123456');
    expect(await page.getByRole('button', { name: 'Lead', exact: true }).getAttribute('aria-pressed')).toBe('true');
  });

  it('Init Negotiations: the order appears and the relationship turns active', async () => {
    await page.getByRole('button', { name: 'Init Negotiations' }).click();
    const dialog = page.getByRole('dialog', { name: 'Init Negotiations' });
    expect(await dialog.getByLabel('Date', { exact: true }).inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(await dialog.getByLabel('Time', { exact: true }).inputValue()).toMatch(/^\d{2}:\d{2}$/);
    await dialog.getByLabel('Title *').fill(orderTitle);
    await dialog.getByLabel('Note').fill('Ζητούν προσφορά για τρεις καμπάνες');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const latest = region('Latest Orders');
    await latest.getByRole('cell', { name: orderTitle }).waitFor();
    await latest.getByText('Negotiating').waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Active', exact: true }).getAttribute('aria-pressed')).toBe('true');
    // Focus went back to the button that opened the dialog.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Init Negotiations');
    await e2e.screenshot(page, 'customer-page');
  });

  it("Record Payment: Financials totals and the order's balance update without a reload", async () => {
    const api = await e2e.api('editor');
    const { orders } = await api<{ orders: { id: string }[] }>('GET', `/crm/customers/${customerId()}/orders`);
    await api('PATCH', `/crm/customers/${customerId()}/orders/${orders[0]!.id}/payment-status`, { required_amount: 1000 });
    await tab('Financials').click();
    await expect.poll(() => region('Active order payment status').innerText()).toMatch(/Required\s+€1,000\.00/);

    await page.getByRole('button', { name: 'Record Payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record Payment' });
    await dialog.getByLabel('Payment type').selectOption('bank_transfer');
    await dialog.getByLabel('Category').selectOption('advance');
    await dialog.getByLabel('Amount *').fill('300,00');
    const orderRef = dialog.getByRole('combobox', { name: 'Order Ref' });
    await orderRef.fill('');
    await orderRef.fill('Τρεις');
    await page.getByRole('option', { name: new RegExp(orderTitle) }).click();
    await dialog.getByLabel('Invoice Ref').fill('ΤΙΜ-2026-001');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const status = region('Active order payment status');
    await expect.poll(() => status.innerText()).toMatch(/Received\s+€300\.00\s+Balance due\s+€700\.00/);
    const totals = page.getByRole('row', { name: /Totals · EUR/ });
    await expect.poll(() => totals.innerText()).toMatch(/Total paid\s+€300\.00/);
    expect(await page.getByRole('row', { name: /Payment/ }).first().innerText()).toMatch(/ΤΙΜ-2026-001/);
    await e2e.screenshot(page, 'customer-financials');
  });

  it("records and resolves a technical issue; the list's Support dot appears and disappears", async () => {
    await page.getByRole('button', { name: 'Record Issue/Support' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record Issue/Support' });
    expect(await dialog.getByRole('button', { name: 'Technical Issue' }).getAttribute('aria-pressed')).toBe('true');
    await dialog.getByLabel('Note *').fill('Η καμπάνα δεν χτυπά στις 7:00');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    await openList();
    await listRow().getByRole('img', { name: 'Active technical issue' }).waitFor();
    await e2e.screenshot(page, 'customers-list-quick');

    await page.getByText('Expanded', { exact: true }).click();
    await listRow().getByText(/^Negotiating — \d{2}\/\d{2}\/\d{4} — Ζητούν προσφορά για τρεις καμπάνες$/).waitFor();
    await e2e.screenshot(page, 'customers-list-expanded');
    await page.getByText('Quick', { exact: true }).click();

    await listRow().getByRole('link', { name: customerName }).click();
    await tab('Support').click();
    const issues = region('Technical Issues');
    await issues.getByText('1 active').waitFor();
    await issues.getByRole('button', { name: 'Resolve' }).click();
    await issues.getByText('0 active').waitFor();
    await issues.getByRole('img', { name: 'Resolved' }).waitFor();
    await e2e.screenshot(page, 'customer-support');

    await openList();
    await listRow().getByRole('img', { name: 'Active technical issue' }).waitFor({ state: 'detached' });
  });

  it('edits and deletes a transaction', async () => {
    await page.goto(`${customerUrl}?tab=financials`);
    const row = page.getByRole('row', { name: /Payment/ }).first();
    await row.getByRole('button', { name: /Actions for the Payment/ }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit transaction' });
    await dialog.getByLabel('Amount *').fill('350');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('row', { name: /Totals · EUR/ }).innerText()).toMatch(/Total paid\s+€350\.00/);
    await expect.poll(() => region('Active order payment status').innerText()).toMatch(/Balance due\s+€650\.00/);

    await row.getByRole('button', { name: /Actions for the Payment/ }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete transaction' });
    await confirm.getByText(/Delete the Payment of €350\.00/).waitFor();
    await e2e.screenshot(page, 'customer-delete-transaction');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No transactions yet.').waitFor();
    await expect.poll(() => region('Active order payment status').innerText()).toMatch(/Balance due\s+€1,000\.00/);
  });

  it('a viewer sees no edit controls', async () => {
    const viewer = await e2e.newPage();
    await e2e.signIn(viewer, 'viewer');
    await viewer.goto(`${e2e.server.url}/customers`);
    await viewer.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    expect(await viewer.getByRole('button', { name: 'New customer' }).count()).toBe(0);

    await viewer.goto(customerUrl);
    await viewer.getByRole('heading', { name: customerName, level: 1 }).waitFor();
    for (const name of ['Init Negotiations', 'Record Issue/Support', 'Record Payment', 'Edit', '+ Add note']) {
      expect(await viewer.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    // The relationship is shown, not offered: no pill is a button.
    expect(await viewer.getByRole('button', { name: 'Active', exact: true }).count()).toBe(0);
    await viewer.getByText('Active', { exact: true }).first().waitFor();

    await viewer.getByRole('tab', { name: 'Support', exact: true }).click();
    expect(await viewer.getByRole('button', { name: /Report New|Resolve/ }).count()).toBe(0);
    await viewer.getByRole('tab', { name: 'Financials', exact: true }).click();
    await viewer.getByRole('region', { name: 'Transaction History' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Add Transaction' }).count()).toBe(0);
    await e2e.screenshot(viewer, 'customer-page-viewer');
    await viewer.context().close();
  });
});
