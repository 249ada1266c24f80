/**
 * Amounts typed the Greek way in every money form, against the embedded server: the field shows
 * what it understood before saving, refuses what reads two ways, and the API stores the amount
 * meant ("1.000" is a thousand, not one). Edit forms show stored amounts back as 1.450,00.
 * The payment form runs in Greek on a 360 px phone, the others (orders, payment terms, products,
 * quotes) in English at 1366 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type ApiCall, type E2E } from './support/harness';

interface StoredOrder {
  id: string;
  title: string;
  items: { quantity: number; unit_price: number }[];
  discount: { type: string; value: number };
  payment_status: { required_amount: number; advance_required: boolean; advance_amount: number | null };
}

let e2e: E2E;
let api: ApiCall;
let customerId: string;
const orderTitle = 'Ηλεκτρονικός μηχανισμός κρούσης για τον Ιερό Ναό Αγίου Παντελεήμονος';

const orders = async () => (await api<{ orders: StoredOrder[] }>('GET', `/crm/customers/${customerId}/orders`)).orders;

beforeAll(async () => {
  e2e = await startE2E();
  api = await e2e.api('editor');
  customerId = (await api<{ id: string }>('POST', '/crm/customers', { name: 'Ιερός Ναός Αγίου Παντελεήμονος Αχαρνών', organization: 'Μητρόπολη Ιλίου' })).id;
});

afterAll(async () => {
  await e2e?.close();
});

async function englishPage(): Promise<Page> {
  const page = await e2e.newPage({ viewport: { width: 1366, height: 900 } });
  await e2e.signIn(page, 'editor');
  return page;
}

describe('amounts typed the Greek way', () => {
  it('order dialog: "1.450,00" a unit price, "12,5" a percentage, and the edit form shows them back', async () => {
    const page = await englishPage();
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=orders`);
    await page.getByRole('button', { name: '+ New order' }).click();
    const dialog = page.getByRole('dialog', { name: 'New order' });
    await dialog.getByLabel('Title').fill(orderTitle);
    const item = dialog.getByRole('group', { name: 'Item 1' });
    await item.getByLabel('Type').selectOption('freetext');
    await item.getByLabel('Description').fill('Μηχανισμός κρούσης «Σήμαντρο» 80 εκ.');
    await item.getByLabel('Quantity').fill('2');
    await item.getByLabel('Unit price').fill('1.000.5');
    await item.getByText('This can be read two ways. Write 1.000,50').waitFor();
    await item.getByLabel('Unit price').fill('1.450,00');
    await item.getByText('= €1,450.00').waitFor();
    await dialog.getByLabel('Discount (%)').fill('12,5');
    await expect.poll(() => dialog.getByLabel('Order totals').innerText()).toMatch(/Subtotal\s+€2,900\.00\s+Discount\s+−€362\.50\s+Total\s+€2,537\.50/);
    await dialog.getByRole('button', { name: 'Create order' }).click();
    await page.getByRole('article', { name: orderTitle }).waitFor();

    const [saved] = await orders();
    expect(saved!.items).toMatchObject([{ quantity: 2, unit_price: 1450 }]);
    expect(saved!.discount).toMatchObject({ type: 'percentage', value: 12.5 });

    await page.getByRole('article', { name: orderTitle }).getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: /Edit/ });
    expect(await edit.getByRole('group', { name: 'Item 1' }).getByLabel('Unit price').inputValue()).toBe('1.450,00');
    expect(await edit.getByLabel('Discount (%)').inputValue()).toBe('12,5');
    await page.close();
  });

  it('payment terms: "1.000" as the advance is a thousand euros', async () => {
    const page = await englishPage();
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=orders`);
    await page.getByRole('article', { name: orderTitle }).getByRole('button', { name: 'Payment' }).click();
    const dialog = page.getByRole('dialog', { name: /^Payment of / });
    expect(await dialog.getByLabel('Required amount (EUR)').inputValue()).toBe('2.537,50');
    await dialog.getByLabel('Required amount (EUR)').fill('2.600');
    await dialog.getByRole('checkbox').check();
    await dialog.getByLabel('Advance amount (EUR)').fill('1.000');
    await dialog.getByText('= €1,000.00').waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await orders())[0]!.payment_status).toMatchObject({ required_amount: 2600, advance_required: true, advance_amount: 1000 });
    await page.close();
  });

  it('product form: "1.450" a price, "38,40" a cost, "1.200" a stock count', async () => {
    const page = await englishPage();
    await page.goto(`${e2e.server.url}/products`);
    await page.getByRole('button', { name: '+ New product' }).click();
    const dialog = page.getByRole('dialog', { name: 'New product' });
    await dialog.getByLabel('Name').fill('Ελεγκτής καμπανών «Βεσπερινός» 12 καναλιών');
    await dialog.getByLabel('Price').fill('€ 1.450');
    await dialog.getByText('= €1,450.00').waitFor();
    await dialog.getByLabel('PCB').fill('38,40');
    await dialog.getByLabel('Labour hours').fill('2,5');
    await dialog.getByLabel('On hand').fill('1.200');
    await dialog.getByRole('button', { name: 'Create product' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const { products } = await api<{ products: { id: string; price: number; costs: { pcb: number; labor_hours: number }; stock: { on_hand: number } }[] }>('GET', '/crm/products');
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({ price: 1450, costs: { pcb: 38.4, labor_hours: 2.5 }, stock: { on_hand: 1200 } });

    await page.getByRole('button', { name: /^Edit / }).click();
    const edit = page.getByRole('dialog', { name: /^Edit / });
    expect(await edit.getByLabel('Price').inputValue()).toBe('1.450,00');
    expect(await edit.getByLabel('On hand').inputValue()).toBe('1.200');
    await page.close();
  });

  it('quote lines: "1.450,50" a unit price, "1,450" refused, and the saved totals and edit fields in Greek', async () => {
    const page = await englishPage();
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=quotations`);
    await page.getByRole('button', { name: '+ New quotation' }).click();
    await page.waitForURL(/\/quotes\/[A-Za-z0-9_-]+$/);
    const quoteId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('button', { name: '+ Add line' }).click();
    const line = page.getByRole('group', { name: 'Line 1' });
    await line.getByLabel('Description').fill('Ηλεκτρομαγνητικός κρουστήρας «Σήμαντρο» για καμπάνα 80 εκ.');
    await line.getByLabel('Quantity').fill('2');
    await line.getByLabel('Unit price').fill('1,450');
    await line.getByText('This can be read two ways. Write 1.000,50').waitFor();
    await line.getByLabel('Unit price').fill('1.450,50');
    await line.getByText('= €1,450.50').waitFor();
    await line.getByLabel('Discount %').fill('10');
    await page.getByLabel('Discount on the total %').fill('2,5');
    // 2 × 1.450,50 = 2.901,00 − 10 % = 2.610,90 − 2,5 % = 2.545,63 net; 24 % VAT 610,95; total 3.156,58 (the server's numbers).
    await expect.poll(() => page.getByTestId('total-net').innerText()).toMatch(/2,545\.63/);
    await expect.poll(() => page.getByTestId('total-gross').innerText()).toMatch(/3,156\.58/);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const saved = await api<{ lines: { quantity: number; unit_price: number; discount_percent: number }[]; discount_percent: number; totals: { net: number; gross: number } }>('GET', `/crm/quotes/${quoteId}`);
    expect(saved.lines).toMatchObject([{ quantity: 2, unit_price: 1450.5, discount_percent: 10 }]);
    expect(saved).toMatchObject({ discount_percent: 2.5, totals: { net: 2545.63, gross: 3156.58 } });

    await page.reload();
    const reloaded = page.getByRole('group', { name: 'Line 1' });
    await expect.poll(() => reloaded.getByLabel('Unit price').inputValue()).toBe('1.450,50');
    expect(await page.getByLabel('Discount on the total %').inputValue()).toBe('2,5');
    expect(await page.locator('input[type="number"]').count()).toBe(0);
    await page.close();
  });

  it('payment form in Greek on a 360 px phone: "1.000" is χίλια ευρώ, shown as understood before saving, and the date chosen in the app’s own calendar', async () => {
    const page = await e2e.newPage({ locale: 'el-GR', viewport: { width: 360, height: 740 } });
    await page.addInitScript(() => localStorage.setItem('bellsystems.ui', JSON.stringify({ theme: 'light', locale: 'el' })));
    // The harness signs in by English labels; the sign-in form here is in Greek.
    const { email, password } = e2e.login('editor');
    await page.goto(`${e2e.server.url}/sign-in`);
    await page.locator('input[type="email"]').fill(email);
    await page.locator('input[type="password"]').fill(password);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=financials`);
    // On a phone the customer's big actions are one menu.
    await page.getByRole('button', { name: 'Ενέργειες', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Καταγραφή πληρωμής' }).click();
    const dialog = page.getByRole('dialog', { name: 'Καταγραφή πληρωμής' });
    const amount = dialog.getByLabel('Ποσό *');
    await amount.fill('1,000.50');
    await dialog.getByText('Διαβάζεται με δύο τρόπους.', { exact: false }).waitFor();
    await amount.fill('1.000');
    await dialog.getByText('= 1.000,00 €').waitFor();

    // The date: the app's own calendar in Greek, no browser date box beside it.
    expect(await dialog.locator('input[type="date"], input[type="datetime-local"]').count()).toBe(0);
    await dialog.getByLabel('Ημερομηνία', { exact: true }).fill('15/03/2026');
    await dialog.getByRole('button', { name: 'Άνοιγμα ημερολογίου' }).click();
    const calendar = page.getByRole('dialog', { name: 'Άνοιγμα ημερολογίου' });
    await calendar.getByText('Μάρτιος 2026').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await calendar.waitFor({ state: 'hidden' });
    expect(await dialog.getByLabel('Ημερομηνία', { exact: true }).inputValue()).toBe('23/03/2026');
    // The dialog and everything in it fit the phone (the page behind it is walked at 390 px in staff.e2e).
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    const widest = await dialog.evaluate((el) => Math.max(...[...el.querySelectorAll('*')].map((child) => child.getBoundingClientRect().right)));
    expect(widest).toBeLessThanOrEqual(360);
    await e2e.screenshot(page, 'payment-form-360-el');
    await dialog.getByRole('button', { name: 'Αποθήκευση' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const customer = await api<{ transaction_history: { amount: number; flow: string; date: string }[] }>('GET', `/crm/customers/${customerId}`);
    expect(customer.transaction_history).toMatchObject([{ amount: 1000, flow: 'payment' }]);
    expect(new Date(customer.transaction_history[0]!.date).toISOString().slice(0, 10)).toBe('2026-03-23');
    await page.close();
  });
});
