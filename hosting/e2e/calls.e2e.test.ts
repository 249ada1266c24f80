/**
 * Phone calls in the browser against the embedded server: the AMI bridge, connected to a
 * scripted AMI server (standing in for Asterisk, which Debian 12 lacks), delivers a missed call
 * that shows in the Inbox's Missed calls and on the customer's page; staff set their extension
 * in Settings, press Call beside the customer's phone, and the scripted server receives the
 * Originate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../bridge/bridge';
import { scenarios } from '../../bridge/test-support/ami-streams';
import { startScriptedAmi, type ScriptedAmi } from '../../bridge/test-support/ami-server';
import { startE2E, type ApiCall, type E2E } from './support/harness';

const SECRET = 'e2e-calls-secret-0123456789';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let e2e: E2E;
let ami: ScriptedAmi;
let bridge: Bridge;
let api: ApiCall;
let page: Page;
let customerId: string;
let dataDir: string;

beforeAll(async () => {
  process.env.CALLS_SIGNING_SECRET = SECRET;
  e2e = await startE2E();
  ami = await startScriptedAmi({ username: 'crm', secret: 'amipass' });
  dataDir = mkdtempSync(join(tmpdir(), 'calls-e2e-'));
  bridge = await startBridge({
    ami: { host: '127.0.0.1', port: ami.port, username: 'crm', secret: 'amipass' },
    crmUrl: `${e2e.server.url}/webhooks/calls`,
    signingSecret: SECRET,
    dataDir,
    pbx: 'office',
    logger: quiet,
    graceMs: 50,
    pollWaitSeconds: 2,
  });
  await ami.loggedIn();
  api = await e2e.api('editor');
  const customer = await api<{ id: string }>('POST', '/crm/customers', {
    name: 'Ιερός Ναός Αγίου Δημητρίου',
    contacts: [{ type: 'phone', value: '210 111 2233' }],
  });
  customerId = customer.id;
  page = await e2e.newPage();
  await e2e.signIn(page, 'editor');
});

afterAll(async () => {
  await bridge?.stop();
  await ami?.close();
  await e2e?.close();
  delete process.env.CALLS_SIGNING_SECRET;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('phone calls', () => {
  it('shows a missed call in the Inbox and on the customer', async () => {
    const missed = scenarios().find((s) => s.name.startsWith('missed'))!;
    await ami.send(Buffer.from(missed.events.join('')));
    const deadline = Date.now() + 20_000;
    while ((await bridge.status()).outbox_depth > 0 || (await api<{ entries: unknown[] }>('GET', '/crm/calls/follow-ups')).entries.length === 0) {
      if (Date.now() > deadline) throw new Error('the missed call never reached the CRM');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.goto(`${e2e.server.url}/inbox`);
    const list = page.getByRole('list', { name: 'Missed calls' });
    await list.getByText('From 210 111 2233').waitFor();
    await list.getByRole('link', { name: 'Open customer' }).waitFor();
    await e2e.screenshot(page, 'calls-inbox-missed');

    await page.goto(`${e2e.server.url}/customers/${customerId}`);
    await page.getByRole('list', { name: 'Missed calls' }).getByText('From 210 111 2233').waitFor();
    await e2e.screenshot(page, 'calls-customer-missed');

    // The Communication tab shows it as a call row: the number and a missed badge.
    await page.goto(`${e2e.server.url}/customers/${customerId}?tab=communication`);
    const row = page.locator('.call-row').filter({ hasText: 'From 210 111 2233' });
    await row.getByText('Missed', { exact: true }).waitFor();
    await e2e.screenshot(page, 'calls-communication-row');
  });

  it('sets the extension in Settings, and a Call press reaches the PBX as an Originate', { timeout: 120_000 }, async () => {
    await page.goto(`${e2e.server.url}/settings`);
    const extension = page.getByLabel('Your extension');
    await extension.fill('201');
    await page.getByRole('region', { name: 'Phone' }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Extension saved.').waitFor();
    await page.getByText('Connected to the PBX').waitFor();
    await e2e.screenshot(page, 'calls-settings');

    await page.goto(`${e2e.server.url}/customers/${customerId}`);
    // The whole page first: the missed-calls list loads after the customer and moves the button.
    await page.getByRole('heading', { name: 'Ιερός Ναός Αγίου Δημητρίου', level: 1 }).waitFor();
    await page.getByRole('list', { name: 'Missed calls' }).waitFor();
    // Each request verifies its token with this file's Auth emulator, slow while the rest of the suite loads the machine.
    const answered = page.waitForResponse((response) => response.url().endsWith(`/customers/${customerId}/call`), { timeout: 60_000 });
    await page.getByRole('button', { name: /^Call .+ from your extension$/ }).click();
    // What the API answered names the cause when the page does not show the call placed.
    const answer = await answered;
    expect(`${answer.status()} ${await answer.text()}`).toMatch(/^202 /);
    await page.getByText('Your phone (ext. 201) will ring').waitFor();
    const deadline = Date.now() + 20_000;
    let originate = ami.actions.find((a) => a.fields.Action === 'Originate');
    while (!originate) {
      if (Date.now() > deadline) throw new Error('no Originate reached the scripted AMI server');
      await new Promise((resolve) => setTimeout(resolve, 100));
      originate = ami.actions.find((a) => a.fields.Action === 'Originate');
    }
    expect(originate.fields).toMatchObject({ Channel: 'Local/201@from-internal', Exten: '2101112233', Context: 'from-internal' });
    await e2e.screenshot(page, 'calls-click-to-call');
  });
});
