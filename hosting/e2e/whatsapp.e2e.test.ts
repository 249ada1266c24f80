/**
 * WhatsApp in the browser against the embedded server: a customer's photo and text arrive on
 * the signed webhook (payloads made from Meta's documentation, signed over Meta-escaped bytes),
 * show in the chat of the Communication tab with the photo from Nextcloud's stand-in, staff
 * reply inside the 24-hour window, and outside it the composer offers only templates. Meta's
 * Graph API cannot be reached from tests: a local HTTP server stands in for it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphStandIn, type GraphStandIn } from '../../functions/src/whatsapp/test-support/graph-stand-in.js';
import { delivery, message, PHONE_NUMBER_ID, signed, WABA_ID } from '../../functions/src/whatsapp/test-support/meta-payloads.js';
import { png } from './support/png';
import { startE2E, type ApiCall, type E2E } from './support/harness';

const SECRET = 'e2e-app-secret';
const NUMBER = '306971112233';
const LATE_NUMBER = '306974445566';

let e2e: E2E;
let graph: GraphStandIn;
let api: ApiCall;
let page: Page;
let customerId: string;
let lateId: string;

async function deliver(value: unknown): Promise<void> {
  const { raw, signature } = signed(value, SECRET);
  const res = await fetch(`${e2e.server.url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    body: new Uint8Array(raw),
  });
  expect(res.status).toBe(200);
}

async function openChat(id: string): Promise<void> {
  await page.goto(`${e2e.server.url}/customers/${id}?tab=communication`);
  await page.getByRole('tab', { name: 'Communication', selected: true }).waitFor();
  // The scope choice on the tab (the header has a WhatsApp button of its own).
  await page.getByRole('radiogroup', { name: 'Show' }).getByText('WhatsApp', { exact: true }).click();
  await page.getByRole('region', { name: 'WhatsApp' }).waitFor();
}

beforeAll(async () => {
  graph = await startGraphStandIn();
  graph.media.set('PHOTO-1', { data: png(), mime: 'image/png' });
  graph.templates.push({
    name: 'visit_reminder',
    language: 'el',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Καλησπέρα {{1}}, σας θυμίζουμε την επίσκεψη.' }],
    id: '7',
  });
  Object.assign(process.env, {
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: 'e2e-verify',
    WHATSAPP_ACCESS_TOKEN: graph.token,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_BUSINESS_ACCOUNT_ID: WABA_ID,
    WHATSAPP_GRAPH_URL: graph.graphUrl,
  });
  e2e = await startE2E();
  api = await e2e.api('editor');
  customerId = (
    await api<{ id: string }>('POST', '/crm/customers', {
      name: 'Ενορία Αγίου Σπυρίδωνα',
      contacts: [{ type: 'phone', label: 'mobile', value: '697 111 2233', primary: true }],
    })
  ).id;
  lateId = (
    await api<{ id: string }>('POST', '/crm/customers', {
      name: 'Δήμος Ναυπλιέων',
      contacts: [{ type: 'whatsapp', label: '', value: '+30 697 444 5566', primary: true }],
    })
  ).id;
  page = await e2e.newPage();
  await e2e.signIn(page, 'editor');
}, 180_000);

afterAll(async () => {
  await e2e?.close();
  await graph?.stop();
  for (const name of ['WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_BUSINESS_ACCOUNT_ID', 'WHATSAPP_GRAPH_URL']) {
    delete process.env[name];
  }
});

describe('WhatsApp chat', () => {
  it('shows an inbound photo and text on the customer, and staff reply inside the window', async () => {
    const now = new Date();
    await deliver(
      delivery([
        {
          contacts: [{ wa_id: NUMBER, profile: { name: 'π. Σπυρίδων' } }],
          messages: [
            message(NUMBER, 'wamid.E2E-PHOTO', new Date(now.getTime() - 60_000), 'image', { image: { caption: 'Ο κρουστήρας της μεγάλης καμπάνας', mime_type: 'image/png', sha256: 'x', id: 'PHOTO-1' } }),
            message(NUMBER, 'wamid.E2E-TEXT', now, 'text', { text: { body: 'Από χθες δεν χτυπάει καθόλου.' } }),
          ],
        },
      ]),
    );
    await expect
      .poll(async () => {
        const page = await api<{ entries: { details: { media?: { status: string } } }[] }>('GET', `/crm/comms?customer_id=${customerId}&type=whatsapp`);
        return page.entries.map((e) => e.details.media?.status ?? 'text').sort();
      }, { timeout: 20_000 })
      .toEqual(['stored', 'text']);

    await openChat(customerId);
    const chat = page.getByRole('region', { name: 'WhatsApp' });
    await chat.getByText('Από χθες δεν χτυπάει καθόλου.').waitFor();
    const photo = chat.getByRole('img', { name: 'Ο κρουστήρας της μεγάλης καμπάνας' });
    await photo.waitFor();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
    await chat.getByText(/Reply window open: 2[34] h/).waitFor();
    await e2e.screenshot(page, 'whatsapp-inbound');

    await chat.getByRole('textbox', { name: 'Message' }).fill('Καλημέρα πάτερ, ο τεχνικός έρχεται αύριο.');
    await chat.getByRole('button', { name: 'Send' }).click();
    const sent = chat.getByRole('article', { name: 'Sent message' });
    await sent.getByText('Καλημέρα πάτερ, ο τεχνικός έρχεται αύριο.').waitFor();
    await sent.getByRole('img', { name: 'Waiting to be sent' }).waitFor();
    expect(graph.sent.at(-1)!.body).toMatchObject({ to: NUMBER, type: 'text', text: { body: 'Καλημέρα πάτερ, ο τεχνικός έρχεται αύριο.' } });

    // Meta's statuses move the ticks; the chat shows them on refresh.
    const wamid = graph.sent.at(-1)!.wamid;
    await deliver(delivery([{ statuses: [{ id: wamid, status: 'read', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: NUMBER }] }]));
    await expect
      .poll(async () => {
        await chat.getByRole('button', { name: 'Refresh' }).click();
        return chat.getByRole('article', { name: 'Sent message' }).getByRole('img', { name: 'Read' }).count();
      }, { timeout: 15_000 })
      .toBe(1);
    await e2e.screenshot(page, 'whatsapp-reply');
  });

  it('offers only templates once the 24-hour window closed', async () => {
    await deliver(
      delivery([
        {
          contacts: [{ wa_id: LATE_NUMBER, profile: { name: 'Δήμος' } }],
          messages: [message(LATE_NUMBER, 'wamid.E2E-OLD', new Date(Date.now() - 26 * 3_600_000), 'text', { text: { body: 'Ευχαριστούμε για την εγκατάσταση.' } })],
        },
      ]),
    );
    await expect.poll(async () => (await api<{ last_inbound_at: string | null }>('GET', `/crm/customers/${lateId}/whatsapp`)).last_inbound_at, { timeout: 20_000 }).not.toBeNull();
    await openChat(lateId);
    const chat = page.getByRole('region', { name: 'WhatsApp' });
    await chat.getByText('Reply window closed: templates only').waitFor();
    await chat.getByRole('note').getByText(/only allows an approved template/).waitFor();
    expect(await chat.getByRole('radio', { name: 'Message' }).isDisabled()).toBe(true);
    expect(await chat.getByRole('radio', { name: 'File' }).isDisabled()).toBe(true);
    expect(await chat.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await chat.getByRole('combobox', { name: 'Template' }).selectOption({ label: 'visit_reminder · el' });
    await chat.getByLabel('Value for placeholder 1').fill('κύριε Δήμαρχε');
    await chat.getByText('Καλησπέρα κύριε Δήμαρχε, σας θυμίζουμε την επίσκεψη.').waitFor();
    await e2e.screenshot(page, 'whatsapp-template-only');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('article', { name: 'Sent message' }).getByText('Template visit_reminder').waitFor();
    expect(graph.sent.at(-1)!.body).toMatchObject({ to: LATE_NUMBER, type: 'template', template: { name: 'visit_reminder' } });
  });
});
