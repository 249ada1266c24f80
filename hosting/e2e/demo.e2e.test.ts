/**
 * The demo as a new user meets it (issue 19, item 9): the first start fills the Inbox, the
 * customers' Communication tabs and Today with a few weeks of e-mails, WhatsApp messages and
 * calls (functions/src/seed/demo-comms.ts). In English at 1366 px and in Greek on a 360 px phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support/harness';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E({ seed: true });
}, 300_000);

afterAll(async () => {
  await e2e?.close();
});

async function customerId(name: string): Promise<string> {
  const api = await e2e.api('viewer');
  const { customers } = await api<{ customers: { id: string; name: string }[] }>('GET', `/crm/customers?search=${encodeURIComponent(name)}`);
  const found = customers.find((c) => c.name === name);
  expect(found, name).toBeDefined();
  return found!.id;
}

async function greekPhone(): Promise<Page> {
  const page = await e2e.newPage({ locale: 'el-GR', viewport: { width: 360, height: 740 } });
  await page.addInitScript(() => localStorage.setItem('bellsystems.ui', JSON.stringify({ theme: 'light', locale: 'el' })));
  // The harness signs in by English labels; the sign-in form here is in Greek.
  const { email, password } = e2e.login('editor');
  await page.goto(`${e2e.server.url}/sign-in`);
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

describe('the demo', () => {
  it('in English at 1366 px: the Inbox holds the unknown senders, a customer an e-mail thread with the customer’s photo', async () => {
    const page = await e2e.newPage({ viewport: { width: 1366, height: 900 } });
    await e2e.signIn(page, 'editor');
    await page.goto(`${e2e.server.url}/inbox`);
    await page.getByText('Προσφορά για ηλεκτρομαγνητικό κρουστήρα').waitFor();
    await page.getByText('Κάνετε εγκατάσταση σε ξωκλήσι χωρίς ρεύμα;', { exact: false }).waitFor();
    await page.getByText('Call from +302310555123').waitFor();
    await e2e.screenshot(page, 'demo-inbox-1366');

    await page.goto(`${e2e.server.url}/customers/${await customerId('Στέλιος Μπίμπης')}?tab=communication`);
    await page.getByRole('tab', { name: 'Communication', selected: true }).waitFor();
    await page.getByText('Call to +306971234567').first().waitFor();
    // The four messages are one thread; opened, it shows the photo the customer attached.
    const thread = page.getByRole('button', { name: /Ετήσιο σέρβις καμπαναριού πριν τα Χριστούγεννα/ });
    await thread.getByText('4', { exact: true }).waitFor();
    await thread.click();
    await page.getByRole('list', { name: 'Attachments' }).getByText('Πίνακας ελεγκτή Αγ. Παρασκευή.png').waitFor();
    await e2e.screenshot(page, 'demo-communication-1366');
    await page.close();
  });

  it('in Greek on a 360 px phone: Today lists the missed call not returned and the messages awaiting a reply', async () => {
    const page = await greekPhone();
    await page.goto(`${e2e.server.url}/today`);
    await page.getByText('Κωνσταντίνος Δήμου').waitFor();
    for (const name of ['Ιωάννης Μαυρίδης', 'Σπυρίδων Βλάχος']) await page.getByText(name).first().waitFor();
    // The returned missed call asks nothing of anyone.
    expect(await page.getByText('Αθανάσιος Κωνσταντίνου').count()).toBe(0);
    await e2e.screenshot(page, 'demo-today-360-el');

    await page.goto(`${e2e.server.url}/customers/${await customerId('Δημήτριος Καραγιάννης')}?tab=communication`);
    await page.getByText('Έγινε η ρύθμιση, η ώρα είναι πλέον σωστή ✔').first().waitFor();
    await e2e.screenshot(page, 'demo-whatsapp-360-el');
    await page.close();
  });
});
