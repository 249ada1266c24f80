/**
 * The bridge end to end: a scripted AMI server (standing in for Asterisk, which Debian 12
 * lacks) → the bridge → its SQLite outbox → signed POSTs → the CRM's /webhooks/calls on the
 * in-process API → one comms entry per call.
 */
import express from 'express';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommsLog } from '../functions/src/comms/comms.log.js';
import { mountCallsWebhook } from '../functions/src/calls/calls.webhook.js';
import { CallsRepository } from '../functions/src/calls/calls.repository.js';
import { createTestApp, type TestApp } from '../functions/src/test-support/test-app.js';
import { startBridge, type Bridge, type BridgeOptions } from './bridge.js';
import type { BridgeLogger } from './bridge.config.js';
import { scenarios, type Scenario } from './test-support/ami-streams.js';
import { startScriptedAmi, type ScriptedAmi } from './test-support/ami-server.js';

const SECRET = 'test-secret-0123456789abcdef';
const credentials = { username: 'crm', secret: 'amipass' };
const quiet: BridgeLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

let t: TestApp;
let ami: ScriptedAmi;
let crm: Server;
let crmUrl: string;
let dataDir: string;
let bridge: Bridge;
/** While false the CRM answers 503, as during an outage. */
let crmUp = true;
let refused = 0;

function start(overrides: Partial<BridgeOptions> = {}): Promise<Bridge> {
  return startBridge({
    ami: { host: '127.0.0.1', port: ami.port, ...credentials },
    crmUrl: `${crmUrl}/webhooks/calls`,
    signingSecret: SECRET,
    dataDir,
    pbx: 'office',
    logger: quiet,
    graceMs: 30,
    pingIntervalMs: 250,
    // Generous: the CRM shares this process, and the machine is shared.
    actionTimeoutMs: 2_000,
    backoffMinMs: 20,
    backoffMaxMs: 80,
    sendBackoffMinMs: 40,
    sendBackoffMaxMs: 150,
    pollWaitSeconds: 1,
    ...overrides,
  });
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const linkedidOf = (scenario: Scenario) => /Linkedid: (\S+)/.exec(scenario.events[0]!)![1]!;
const entryOf = (scenario: Scenario) => new CommsLog(t.deps).findByExtId('call', `office:${linkedidOf(scenario)}`);
const callEntries = async () => Number((await t.deps.sql.execute("SELECT count(*) AS n FROM crm_comms_log WHERE type = 'call'")).rows[0]!.n);
const bytesOf = (list: Scenario[]) => Buffer.from(list.flatMap((s) => s.events).join(''), 'utf8');

beforeAll(async () => {
  t = await createTestApp();
  dataDir = mkdtempSync(join(tmpdir(), 'ami-bridge-'));
  ami = await startScriptedAmi(credentials);
  const app = express();
  app.use('/webhooks/calls', (req, res, next) => {
    if (crmUp) return next();
    refused++;
    res.status(503).json({ error: { code: 'unavailable', message: 'down for maintenance' } });
  });
  mountCallsWebhook(app, { ...t.deps, signingSecret: SECRET });
  crm = createServer(app);
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}`;
  bridge = await start();
  await ami.loggedIn();
});

afterAll(async () => {
  await bridge?.stop();
  await ami?.close();
  await new Promise<void>((resolve) => (crm ? crm.close(() => resolve()) : resolve()));
  await t?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the AMI bridge', () => {
  it('logs in, and turns every scenario, fed in random chunks, into one correct entry per call', async () => {
    const customer = await request(t.app)
      .post('/api/crm/customers')
      .set('Authorization', `Bearer ${t.tokens.editor}`)
      .send({ name: 'Ενορία Αγίου Νικολάου', contacts: [{ type: 'phone', value: '697 123 4567' }] });
    expect(customer.status).toBe(201);
    expect(ami.actions[0]!.fields).toMatchObject({ Action: 'Login', Username: 'crm', Secret: 'amipass' });

    const list = scenarios();
    const bytes = bytesOf(list);
    const [cuts] = fc.sample(fc.array(fc.noBias(fc.nat({ max: bytes.length })), { minLength: 300, maxLength: 300 }), { numRuns: 1 });
    await ami.send(bytes, cuts);

    for (const scenario of list) {
      if (scenario.expected === null) continue;
      const entry = await until(scenario.name, () => entryOf(scenario));
      const want = scenario.expected;
      expect(entry, scenario.name).toMatchObject({
        type: 'call',
        direction: want.direction,
        ...(want.external_number !== undefined ? { address: want.external_number } : {}),
        disposition: want.disposition,
        ...(want.talk_seconds !== undefined ? { duration_seconds: want.talk_seconds } : {}),
      });
      if (want.answered_by !== undefined) expect(entry.details.answered_by, scenario.name).toBe(want.answered_by);
      const missedWithNumber = want.direction === 'inbound' && want.disposition !== 'answered' && entry.address !== null;
      expect(entry.follow_up, scenario.name).toBe(missedWithNumber ? 'open' : null);
    }
    const answered = await entryOf(list[0]!);
    expect(answered!.customer_id).toBe(customer.body.id);
    expect(answered!.details).toMatchObject({ did: '2101234567', extensions_rang: ['201'], caller_name: 'Πατήρ Νικόλαος' });
    expect(await callEntries()).toBe(list.filter((s) => s.expected !== null).length);
    await until('an empty outbox', async () => (await bridge.status()).outbox_depth === 0);
  });

  it('keeps calls in the outbox while the CRM is down, across a restart, and sends each once when it is back', async () => {
    const before = await callEntries();
    crmUp = false;
    refused = 0;
    const list = scenarios(10_000).slice(0, 3);
    await ami.send(bytesOf(list));
    await until('retries against the CRM that is down', async () => refused >= 4);
    expect(await bridge.outbox.depth()).toBe(3);
    expect(await callEntries()).toBe(before);

    await bridge.stop();
    bridge = await start();
    await ami.loggedIn();
    expect(await bridge.outbox.depth()).toBe(3);
    crmUp = true;
    await until('the outbox drained', async () => (await bridge.outbox.depth()) === 0);
    expect(await callEntries()).toBe(before + 3);
    for (const scenario of list) expect(await entryOf(scenario)).not.toBeNull();
  });

  it('doubles nothing when the stream is replayed or the link drops mid-call', async () => {
    const before = await callEntries();
    const [call] = scenarios(20_000);
    const half = Math.floor(call!.events.length / 2);
    await ami.send(Buffer.from(call!.events.slice(0, half).join('')));
    // The link drops mid-call; Asterisk still has the call's channels when the bridge is back.
    const logins = ami.logins;
    ami.liveChannels = [{ uniqueid: linkedidOf(call!), linkedid: linkedidOf(call!) }, { uniqueid: `${linkedidOf(call!).split('.')[0]}.1`, linkedid: linkedidOf(call!) }];
    ami.dropClient();
    await until('a reconnect', async () => ami.logins > logins);
    await until('CoreShowChannels after the reconnect', async () => ami.actions.some((a) => a.fields.Action === 'CoreShowChannels'));
    await ami.send(Buffer.from(call!.events.slice(half).join('')));
    await until('the call logged', () => entryOf(call!));
    // The same events again, and an old stream replayed whole.
    await ami.send(Buffer.from(call!.events.join('')));
    await ami.send(bytesOf(scenarios()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await callEntries()).toBe(before + 1);
    expect(await entryOf(call!)).toMatchObject({ disposition: 'answered', duration_seconds: 60 });
  });

  it('continues a call in progress across a restart of the bridge, with the times its events first arrived', async () => {
    /** Stops the bridge after the first part of a call and starts another on the same BRIDGE_DATA_DIR. */
    const restartMidCall = async (events: string[], pauseMs: number) => {
      const split = events.findIndex((e) => e.startsWith('Event: Hangup'));
      const linkedid = /Linkedid: (\S+)/.exec(events[0]!)![1]!;
      await ami.send(Buffer.from(events.slice(0, split).join('')));
      await until('the events of the call in progress kept', async () => (await bridge.outbox.pendingCalls()) === 1);
      const keptAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await bridge.stop();
      // Asterisk still has the call's channels when the new bridge asks.
      ami.liveChannels = events
        .slice(0, split)
        .filter((e) => e.startsWith('Event: Newchannel'))
        .map((e) => ({ uniqueid: /\r\nUniqueid: (\S+)/.exec(e)![1]!, linkedid }));
      const logins = ami.logins;
      const reconciles = ami.actions.filter((a) => a.fields.Action === 'CoreShowChannels').length;
      bridge = await start();
      expect(bridge.builder.inProgress).toBe(1);
      await until('the new bridge logged in', async () => ami.logins > logins);
      await until('CoreShowChannels after the login', async () => ami.actions.filter((a) => a.fields.Action === 'CoreShowChannels').length > reconciles);
      const resumedAt = Date.now();
      await ami.send(Buffer.from(events.slice(split).join('')));
      const entry = await until('the call logged', () => new CommsLog(t.deps).findByExtId('call', `office:${linkedid}`));
      await until('its kept events gone', async () => (await bridge.outbox.pendingCalls()) === 0);
      return { entry, keptAt, resumedAt };
    };
    const before = await callEntries();

    // timestampevents=yes: the Timestamp headers say when.
    const [stamped] = scenarios(40_000);
    const first = await restartMidCall(stamped!.events, 0);
    expect(first.entry).toMatchObject({ direction: 'inbound', address: '+306971234567', disposition: 'answered', duration_seconds: 60, follow_up: null });
    expect(first.entry.details.answered_by).toBe('201');

    // Without Timestamp headers the times are when the events arrived, before the restart too:
    // a replay timed by its own clock would make the talk about 0 s instead of the pause.
    const [plain] = scenarios(50_000);
    const second = await restartMidCall(plain!.events.map((e) => e.replace(/\r\nTimestamp: [^\r]*/, '')), 2_600);
    expect(second.entry.disposition).toBe('answered');
    expect(second.entry.duration_seconds).toBeGreaterThanOrEqual(Math.round((second.resumedAt - second.keptAt) / 1000) - 1);
    expect(second.entry.duration_seconds).toBeGreaterThanOrEqual(2);

    expect(await callEntries()).toBe(before + 2);
  });

  it('notices a dead link by its unanswered Ping and reconnects', async () => {
    const logins = ami.logins;
    ami.answerPings = false;
    await until('a reconnect after unanswered pings', async () => ami.logins > logins);
    ami.answerPings = true;
    expect((await bridge.status()).connected).toBe(true);
  });

  it('places a click-to-call: the CRM queues it, the bridge long-polls it and sends Originate', async () => {
    const editor = `Bearer ${t.tokens.editor}`;
    expect((await request(t.app).put('/api/me/extension').set('Authorization', editor).send({ extension: '201' })).status).toBe(200);
    const customer = await request(t.app)
      .post('/api/crm/customers')
      .set('Authorization', editor)
      .send({ name: 'Δήμος Πατρέων', contacts: [{ type: 'phone', value: '+30 2610 123456' }] });
    const queued = await request(t.app).post(`/api/crm/customers/${customer.body.id}/call`).set('Authorization', editor).send({ phone: '2610123456' });
    expect(queued.status).toBe(202);
    const originate = await until('an Originate', async () => ami.actions.find((a) => a.fields.Action === 'Originate'));
    expect(originate.fields).toMatchObject({
      Channel: 'Local/201@from-internal',
      Context: 'from-internal',
      Exten: '2610123456',
      Variable: `CRM_ORIGINATE_ID=${queued.body.id}`,
    });
    await until('the result reported', async () => (await new CallsRepository(t.deps.sql).originate(queued.body.id))?.state === 'done');
    const health = await request(t.app).get('/api/crm/calls/bridge').set('Authorization', `Bearer ${t.tokens.viewer}`);
    expect(health.body.bridges[0]).toMatchObject({ pbx: 'office', connected: true, outbox_depth: 0 });
    expect(health.body.bridges[0].last_event_at).not.toBeNull();
  });

  it('places a click-to-call with short polls, as in production (no poll held open)', async () => {
    await bridge.stop();
    bridge = await start({ pollWaitSeconds: 0, pollIntervalMs: 300 });
    await ami.loggedIn();
    const editor = `Bearer ${t.tokens.editor}`;
    const customer = await request(t.app)
      .post('/api/crm/customers')
      .set('Authorization', editor)
      .send({ name: 'Ι.Μ. Αγίου Γεωργίου Καρύστου', contacts: [{ type: 'phone', value: '+30 2224 022222' }] });
    const before = ami.actions.filter((a) => a.fields.Action === 'Originate').length;
    const queued = await request(t.app).post(`/api/crm/customers/${customer.body.id}/call`).set('Authorization', editor).send({ phone: '2224022222' });
    expect(queued.status).toBe(202);
    const originate = await until('an Originate', async () => ami.actions.filter((a) => a.fields.Action === 'Originate')[before]);
    expect(originate.fields).toMatchObject({ Exten: '2224022222', Variable: `CRM_ORIGINATE_ID=${queued.body.id}` });
    await until('the result reported', async () => (await new CallsRepository(t.deps.sql).originate(queued.body.id))?.state === 'done');
  });
});
