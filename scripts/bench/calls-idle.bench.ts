/**
 * What waiting for click-to-call costs (issue 24, "Cost"): the bridge against the CRM's calls
 * endpoint (the same handler the `calls` function runs) and a scripted AMI server, idle, once with
 * short polls (production: nothing held open, a poll every 1.5 s) and once with a held long poll.
 * Prints requests and function-seconds per hour (the time requests keep the function busy, which
 * is what Cloud Functions bills), their ratio, and how long a click takes to reach the PBX with
 * short polls. A 5 s hold stands for the old 25 s one: either keeps the function busy all the
 * time, which is the point; only the request count differs (shown as measured).
 */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallsRepository } from '../../functions/src/calls/calls.repository.js';
import { mountCallsWebhook } from '../../functions/src/calls/calls.webhook.js';
import { CallsService } from '../../functions/src/calls/calls.service.js';
import { CommsLog } from '../../functions/src/comms/comms.log.js';
import { systemClock } from '../../functions/src/http/deps.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { CUSTOMERS } from '../../functions/src/shared/collections.js';
import { startBridge, DEFAULT_POLL_INTERVAL_MS } from '../../bridge/bridge.js';
import { startScriptedAmi } from '../../bridge/test-support/ami-server.js';
import type { Bench } from './run.js';
import { line, percentile } from './stats.js';

const SECRET = 'bench-secret-0123456789abcdef';
const IDLE_SECONDS = Number(process.env.CALLS_IDLE_SECONDS ?? 15);
const CLICKS = 10;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

const bench: Bench = {
  name: 'click-to-call: idle cost and latency',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-calls-'));
    const store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
    await migrateSql(store.client);
    const deps = { store, sql: store.client, clock: systemClock, logger: quiet };
    const ami = await startScriptedAmi({ username: 'crm', secret: 'amipass' });
    let busyMs = 0;
    let polls = 0;
    const inFlight = new Map<object, number>();
    const app = express();
    app.use('/webhooks/calls/originate', (_req, res, next) => {
      const started = performance.now();
      inFlight.set(res, started);
      res.once('close', () => {
        inFlight.delete(res);
        busyMs += performance.now() - started;
        polls++;
      });
      next();
    });
    mountCallsWebhook(app, { ...deps, signingSecret: SECRET });
    const server = createServer(app);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const crmUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/calls`;
    const dataDir = join(dir, 'bridge');
    const start = (pollWaitSeconds: number) =>
      startBridge({ ami: { host: '127.0.0.1', port: ami.port, username: 'crm', secret: 'amipass' }, crmUrl, signingSecret: SECRET, dataDir, pbx: 'bench', logger: quiet, pollWaitSeconds });

    /** Idle for IDLE_SECONDS: requests and busy time, counting a poll still held at the end up to now. */
    async function idle(pollWaitSeconds: number): Promise<{ perHour: number; busyPerHour: number }> {
      const bridge = await start(pollWaitSeconds);
      await ami.loggedIn();
      await new Promise((done) => setTimeout(done, 2_000));
      busyMs = 0;
      polls = 0;
      const from = performance.now();
      const heldBefore = [...inFlight.values()].reduce((sum, started) => sum + (from - started), 0);
      await new Promise((done) => setTimeout(done, IDLE_SECONDS * 1000));
      const now = performance.now();
      const held = [...inFlight.values()].reduce((sum, started) => sum + (now - started), 0);
      const busy = busyMs - heldBefore + held;
      await bridge.stop();
      const scale = 3600 / IDLE_SECONDS;
      return { perHour: Math.round(polls * scale), busyPerHour: Math.round((busy / 1000) * scale) };
    }

    const short = await idle(0);
    line(`short polls every ${DEFAULT_POLL_INTERVAL_MS} ms, idle`, { requests_per_hour: short.perHour, function_seconds_per_hour: short.busyPerHour });
    const long = await idle(5);
    line('held long poll, idle', { requests_per_hour: long.perHour, function_seconds_per_hour: long.busyPerHour });
    line('function-seconds: short / held', { ratio: (short.busyPerHour / Math.max(1, long.busyPerHour)).toFixed(4) });

    // Latency with short polls: from the staff's click (202) to the Originate at the PBX.
    // What POST /crm/customers/:id/call does for a signed-in editor.
    const calls = new CallsService(deps, new CommsLog(deps), new CallsRepository(deps.sql));
    const editor = { uid: 'bench-editor', email: 'editor@bellsystems.test', name: 'Bench Editor', role: 'editor' as const };
    await calls.setExtension(editor, '201');
    await store.create(`${CUSTOMERS}/bench-1`, { name: 'Ενορία Αγίας Τριάδας', contacts: [{ id: 'phone-1', type: 'phone', value: '2101234567' }] });
    const bridge = await start(0);
    await ami.loggedIn();
    const latencies: number[] = [];
    for (let i = 0; i < CLICKS; i++) {
      await new Promise((done) => setTimeout(done, Math.random() * DEFAULT_POLL_INTERVAL_MS));
      const sent = ami.actions.filter((a) => a.fields.Action === 'Originate').length;
      const clicked = performance.now();
      await calls.clickToCall('bench-1', { phone: '2101234567' }, editor);
      while (ami.actions.filter((a) => a.fields.Action === 'Originate').length === sent) await new Promise((done) => setTimeout(done, 10));
      latencies.push(performance.now() - clicked);
    }
    line('click → Originate at the PBX (short polls)', {
      p50_ms: percentile(latencies, 50).toFixed(0),
      p95_ms: percentile(latencies, 95).toFixed(0),
      max_ms: Math.max(...latencies).toFixed(0),
      target_ms: 2000,
    });
    await bridge.stop();
    await ami.close();
    await new Promise((done) => server.close(done));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  },
};

export default bench;
