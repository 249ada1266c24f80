/**
 * Communication, files and the Inbox in the browser against the embedded server (API, libSQL,
 * the in-process WebDAV server standing in for Nextcloud): manual entries on a customer's
 * timeline, an upload downloaded back byte for byte, and an unassigned message assigned.
 */
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logMessage } from '../../functions/src/comms/comms.service.js';
import { png } from './support/png';
import { startE2E, type ApiCall, type E2E } from './support/harness';

let e2e: E2E;
let page: Page;
let customerId: string;
const customerName = 'Ενορία Αγίου Γεωργίου E2E';
const stranger = 'Πατήρ Στέφανος <p.stefanos@example.gr>';

let api: ApiCall;

const entry = (name: string | RegExp): Locator => page.getByRole('article', { name });

async function openTab(tab: 'communication' | 'files'): Promise<void> {
  await page.goto(`${e2e.server.url}/customers/${customerId}?tab=${tab}`);
  await page.getByRole('tab', { name: tab === 'communication' ? 'Communication' : 'Files & Media', selected: true }).waitFor();
}

beforeAll(async () => {
  e2e = await startE2E();
  api = await e2e.api('editor');
  customerId = (await api<{ id: string }>('POST', '/crm/customers', { name: customerName, organization: 'Μητρόπολη Πατρών' })).id;
  page = await e2e.newPage();
  await e2e.signIn(page, 'editor');
});

afterAll(async () => {
  await e2e?.close();
});

describe('communication tab', () => {
  it('adds a manual note and a call, which appear in the timeline', async () => {
    await openTab('communication');
    await page.getByText('No communication with this customer yet.').waitFor();

    const add = page.getByRole('button', { name: 'Add entry' });
    await add.click();
    const dialog = page.getByRole('dialog', { name: 'New entry' });
    await expect.poll(() => dialog.getByLabel('Type').inputValue()).toBe('note');
    // Esc closes the form and gives the focus back to the button that opened it.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => add.evaluate((button) => button === document.activeElement)).toBe(true);

    await add.click();
    await dialog.getByLabel('Subject').fill('Επίσκεψη στο καμπαναριό');
    await dialog.getByLabel('Text').fill('Ο π. Γεώργιος θέλει δεύτερη καμπάνα.');
    await dialog.getByLabel('Subject').press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const note = entry('Επίσκεψη στο καμπαναριό');
    await note.waitFor();
    await expect.poll(() => note.innerText()).toMatch(/Note[\s\S]*Internal[\s\S]*\d\d\/\d\d\/\d{4}, \d\d:\d\d · by Γιώργος Νικολάου[\s\S]*δεύτερη καμπάνα/);

    await add.click();
    await dialog.getByLabel('Type').selectOption({ label: 'Call' });
    await dialog.getByLabel('Direction').selectOption({ label: 'Outbound' });
    await dialog.getByLabel('Date and time').fill('02/03/2026');
    await dialog.getByLabel('Time', { exact: true }).fill('11:45');
    await dialog.getByLabel('Subject').fill('Τηλεφώνημα για την προσφορά');
    await dialog.getByLabel('Text').fill('Συμφωνήσαμε να στείλουμε προσφορά ως την Παρασκευή.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const call = entry('Τηλεφώνημα για την προσφορά');
    await call.waitFor();
    await expect.poll(() => call.innerText()).toMatch(/Call[\s\S]*Outbound[\s\S]*02\/03\/2026, 11:45/);

    // The call happened earlier, so the note stays on top.
    const titles = await page.locator('ol.timeline h3').allInnerTexts();
    expect(titles).toEqual(['Επίσκεψη στο καμπαναριό', 'Τηλεφώνημα για την προσφορά']);
    const stored = await api<{ entries: { type: string; direction: string; logged_by: string }[] }>('GET', `/crm/comms?customer_id=${customerId}`);
    expect(stored.entries.map((e) => [e.type, e.direction, e.logged_by])).toEqual([
      ['note', 'internal', 'Γιώργος Νικολάου'],
      ['call', 'outbound', 'Γιώργος Νικολάου'],
    ]);

    await page.getByLabel('Search messages').fill('προσφορά');
    await page.getByLabel('Search messages').press('Enter');
    await page.getByText('Messages that mention “προσφορά”').waitFor();
    await expect.poll(() => page.locator('ol.timeline h3').allInnerTexts()).toEqual(['Τηλεφώνημα για την προσφορά']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.locator('ol.timeline h3').count()).toBe(2);
    await e2e.screenshot(page, 'comms-communication-tab');
  });

  it('edits a manual entry and deletes one after confirmation', async () => {
    await entry('Επίσκεψη στο καμπαναριό').getByRole('button', { name: 'Edit “Επίσκεψη στο καμπαναριό”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit entry' });
    await expect.poll(() => dialog.getByLabel('Text').inputValue()).toBe('Ο π. Γεώργιος θέλει δεύτερη καμπάνα.');
    await dialog.getByLabel('Text').fill('Ο π. Γεώργιος θέλει δεύτερη και τρίτη καμπάνα.');
    await dialog.getByLabel('Text').press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => entry('Επίσκεψη στο καμπαναριό').innerText()).toContain('δεύτερη και τρίτη καμπάνα');

    const call = entry('Τηλεφώνημα για την προσφορά');
    await call.getByRole('button', { name: 'Delete “Τηλεφώνημα για την προσφορά”' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete entry' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await call.getByRole('button', { name: 'Delete “Τηλεφώνημα για την προσφορά”' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await call.waitFor({ state: 'detached' });
    const stored = await api<{ entries: { subject: string; body: string }[] }>('GET', `/crm/comms?customer_id=${customerId}`);
    expect(stored.entries.map((e) => [e.subject, e.body])).toEqual([['Επίσκεψη στο καμπαναριό', 'Ο π. Γεώργιος θέλει δεύτερη και τρίτη καμπάνα.']]);
  });
});

describe('files & media tab', () => {
  const original = randomBytes(300 * 1024);
  const binaryName = 'Σχέδιο καμπάνας v2.bin';

  it('uploads files with progress and downloads one back byte-identical', async () => {
    await openTab('files');
    await page.getByText('No files yet.').waitFor();
    await page.getByLabel('Upload files').setInputFiles([
      { name: binaryName, mimeType: 'application/octet-stream', buffer: original },
      { name: 'Καμπαναριό.png', mimeType: 'image/png', buffer: png() },
    ]);
    const binary = entry(binaryName);
    await binary.waitFor();
    await entry('Καμπαναριό.png').waitFor();
    await expect.poll(() => binary.innerText()).toMatch(/300 KB · \d\d\/\d\d\/\d{4}, \d\d:\d\d · by Γιώργος Νικολάου/);
    // The image's thumbnail is its own bytes, fetched through the API as a blob.
    const thumbnail = entry('Καμπαναριό.png').locator('img');
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
    expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/);

    const [download] = await Promise.all([page.waitForEvent('download'), binary.getByRole('button', { name: `Download ${binaryName}` }).click()]);
    expect(download.suggestedFilename()).toBe(binaryName);
    // Read as a stream: the run's shared Chromium is reached remotely, where path() does not exist.
    const received = Buffer.concat(await (await download.createReadStream()).toArray());
    expect(received.length).toBe(original.length);
    expect(received.equals(original)).toBe(true);

    await binary.getByRole('button', { name: `Edit ${binaryName}` }).click();
    const edit = page.getByRole('dialog', { name: 'Edit file' });
    await edit.getByLabel('Tags').fill('σχέδιο, 2026');
    await edit.getByLabel('Tags').press('Enter');
    await edit.waitFor({ state: 'hidden' });
    await expect.poll(() => binary.getByRole('list', { name: 'Tags' }).innerText()).toMatch(/σχέδιο\s+2026/);
    await e2e.screenshot(page, 'comms-files-tab');
  });

  it('refuses a name the server will not store, with its message', async () => {
    await page.getByLabel('Upload files').setInputFiles([{ name: '..', mimeType: 'text/plain', buffer: Buffer.from('x') }]);
    await expect.poll(() => page.locator('ul.uploads [role="alert"]').innerText()).toMatch(/^Not uploaded: .*filename/);
    await page.getByRole('button', { name: 'Dismiss ..' }).click();
  });

  it('deletes a file after confirmation', async () => {
    await entry('Καμπαναριό.png').getByRole('button', { name: 'Delete Καμπαναριό.png' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete file' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await entry('Καμπαναριό.png').waitFor({ state: 'detached' });
    const listed = await api<{ files: { filename: string }[] }>('GET', `/crm/customers/${customerId}/files`);
    expect(listed.files.map((f) => f.filename)).toEqual([binaryName]);
  });
});

describe('inbox', () => {
  it('assigns an unassigned message to a customer; it leaves the Inbox and shows on their timeline', async () => {
    const at = (iso: string) => new Date(iso);
    await logMessage(e2e.server.deps, {
      type: 'email', direction: 'inbound', address: stranger, ext_message_id: '<e2e-1@example.gr>',
      subject: 'Αίτημα προσφοράς για καμπάνα', body: 'Καλησπέρα σας, θα θέλαμε προσφορά για καμπάνα 80 εκ.', occurred_at: at('2026-03-05T08:30:00Z'),
    });
    await logMessage(e2e.server.deps, {
      type: 'email', direction: 'inbound', address: stranger, ext_message_id: '<e2e-2@example.gr>',
      subject: 'Συμπληρωματικές φωτογραφίες', body: 'Σας στέλνω και φωτογραφίες του καμπαναριού.', occurred_at: at('2026-03-05T09:10:00Z'),
    });
    await logMessage(e2e.server.deps, {
      type: 'sms', direction: 'inbound', address: '+30 697 000 0001', ext_message_id: 'sms-e2e-3',
      body: 'Παρακαλώ καλέστε με.', occurred_at: at('2026-03-05T10:00:00Z'),
    });

    await page.goto(`${e2e.server.url}/inbox`);
    const request = entry('Αίτημα προσφοράς για καμπάνα');
    await request.waitFor();
    await expect.poll(() => request.innerText()).toMatch(/from Πατήρ Στέφανος <p\.stefanos@example\.gr>/);
    await e2e.screenshot(page, 'comms-inbox');

    await request.getByRole('button', { name: 'Assign to customer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign to a customer' });
    await dialog.getByRole('combobox', { name: 'Customer' }).fill('Γεωργ');
    await page.getByRole('option', { name: new RegExp(customerName) }).click();
    await dialog.getByRole('button', { name: `Assign to ${customerName}` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByRole('status').innerText()).toContain(`2 messages assigned to ${customerName}.`);
    // The other message from the same sender went along; the SMS from someone else stays.
    await entry('Αίτημα προσφοράς για καμπάνα').waitFor({ state: 'detached' });
    expect(await entry('Συμπληρωματικές φωτογραφίες').count()).toBe(0);
    await entry(/Παρακαλώ καλέστε με|6970 000 001/).waitFor();

    await page.getByRole('link', { name: 'Open the customer' }).click();
    await page.getByRole('tab', { name: 'Communication' }).click();
    const assigned = entry('Αίτημα προσφοράς για καμπάνα');
    await assigned.waitFor();
    await expect.poll(() => assigned.innerText()).toMatch(/Email[\s\S]*Inbound/);
    // A message the mail integration logged is kept as it came: no edit or delete.
    expect(await assigned.getByRole('button').count()).toBe(0);
    await entry('Συμπληρωματικές φωτογραφίες').waitFor();
  });
});
