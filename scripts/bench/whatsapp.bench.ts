/**
 * WhatsApp webhook: replays 10,000 signed deliveries (Meta's payload shape, Greek text escaped
 * as Meta escapes it) against `/webhooks/whatsapp` on a real HTTP server over a temporary
 * libSQL file, 20% of them duplicates (half the same bytes again, as Meta's retry; half new
 * bytes carrying a message already sent, with a status), 16 at a time. Prints deliveries per
 * second until everything is processed, the p50/p95 time to the 200, and how many messages
 * were lost or logged twice (both must be 0). WHATSAPP_BENCH_DELIVERIES runs a smaller replay.
 */
import express from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerCreateSchema } from '../../functions/src/customers/customers.schema.js';
import { CustomersService } from '../../functions/src/customers/customers.service.js';
import { systemClock } from '../../functions/src/http/deps.js';
import type { AppDeps } from '../../functions/src/app/deps.js';
import { JournalRepository } from '../../functions/src/journal/journal.repository.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { delivery, message, metaJson, status } from '../../functions/src/whatsapp/test-support/meta-payloads.js';
import { signWhatsApp } from '../../functions/src/whatsapp/whatsapp.signature.js';
import { mountWhatsAppWebhook } from '../../functions/src/whatsapp/whatsapp.webhook.js';
import type { Bench } from './run.js';
import { fmt, line, percentile } from './stats.js';

const DELIVERIES = Number(process.env.WHATSAPP_BENCH_DELIVERIES ?? 10_000);
const DUPLICATE_SHARE = 0.2;
const CONCURRENCY = 16;
const CUSTOMERS = 200;
const SENDERS = 400;
const SECRET = 'bench-app-secret';
const texts = ['Καλημέρα, ο κρουστήρας δεν χτυπάει', 'Πότε θα έρθει ο τεχνικός;', 'Ευχαριστούμε πολύ!', 'Στείλτε μου την προσφορά / τιμολόγιο', 'Η καμπάνα σταμάτησε στις 12:00'];

interface Delivery {
  raw: Buffer;
  signature: string;
}

function plan(): { deliveries: Delivery[]; wamids: Set<string> } {
  const unique = DELIVERIES - Math.round(DELIVERIES * DUPLICATE_SHARE);
  const originals: { value: unknown; wamid: string; from: string }[] = [];
  const start = Date.now() - 3_600_000;
  for (let i = 0; i < unique; i++) {
    const from = `30697${String(i % SENDERS).padStart(7, '0')}`;
    const wamid = `wamid.BENCH${i}`;
    originals.push({
      wamid,
      from,
      value: delivery([
        {
          contacts: [{ wa_id: from, profile: { name: `Πελάτης ${i % SENDERS}` } }],
          messages: [message(from, wamid, new Date(start + i * 100), 'text', { text: { body: `${texts[i % texts.length]} #${i}` } })],
        },
      ]),
    });
  }
  const sign = (value: unknown): Delivery => {
    const raw = metaJson(value);
    return { raw, signature: signWhatsApp(raw, SECRET) };
  };
  const deliveries = originals.map((o) => sign(o.value));
  const duplicates: Delivery[] = [];
  for (let d = 0; deliveries.length + duplicates.length < DELIVERIES; d++) {
    const original = originals[(d * 7919) % originals.length]!;
    if (d % 2 === 0) duplicates.push(deliveries[(d * 7919) % originals.length]!);
    else {
      const value = structuredClone(original.value) as { entry: { changes: { value: Record<string, unknown> }[] }[] };
      value.entry[0]!.changes[0]!.value.statuses = [status(`wamid.UNKNOWN${d}`, 'delivered', new Date(), original.from)];
      duplicates.push(sign(value));
    }
  }
  // Duplicates spread through the replay, as Meta's retries are.
  const all = [...deliveries];
  duplicates.forEach((dup, i) => all.splice(Math.min(all.length, Math.floor(((i + 1) * all.length) / (duplicates.length + 1)) + i), 0, dup));
  return { deliveries: all, wamids: new Set(originals.map((o) => o.wamid)) };
}

/** Posts one delivery; a connection that broke is tried again, as Meta retries (counted apart). */
async function post(base: string, d: Delivery, retries: { n: number }): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${base}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature },
        body: new Uint8Array(d.raw),
      });
      await res.arrayBuffer();
      return res.status;
    } catch (err) {
      if (attempt >= 3) throw err;
      retries.n++;
    }
  }
}

const bench: Bench = {
  name: 'WhatsApp webhook: signed deliveries with duplicates',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'crm-bench-whatsapp-'));
    let server: Server | undefined;
    const store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
    try {
      await migrateSql(store.client);
      const customers = new CustomersService(store, systemClock);
      for (let i = 0; i < CUSTOMERS; i++) {
        await customers.create(
          customerCreateSchema.parse({ name: `Ενορία ${i}`, contacts: [{ type: 'phone', label: 'mobile', value: `697${String(i).padStart(7, '0')}`, primary: true }] }),
          { name: 'Bench', uid: 'bench' },
        );
      }
      const silent = { info: () => {}, warn: () => {}, error: (m: string, f?: unknown) => console.error(m, f) };
      const deps: AppDeps = {
        store,
        sql: store.client,
        clock: systemClock,
        auth: { verify: () => Promise.reject(new Error('no auth in this bench')) },
        users: {} as AppDeps['users'],
        logger: silent,
        whatsapp: { appSecret: SECRET, verifyToken: 'v', accessToken: '', phoneNumberId: '', businessAccountId: '', graphUrl: 'http://127.0.0.1:9' },
      };
      const app = express();
      const webhook = mountWhatsAppWebhook(app, deps);
      server = createServer(app);
      // The client keeps its connections; the server must not close one it is about to reuse.
      server.keepAliveTimeout = 120_000;
      server.headersTimeout = 130_000;
      await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      const { deliveries, wamids } = plan();
      const times: number[] = [];
      let refused = 0;
      const retries = { n: 0 };
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < deliveries.length) {
            const d = deliveries[next++]!;
            const t0 = performance.now();
            const code = await post(base, d, retries);
            times.push(performance.now() - t0);
            if (code !== 200) refused++;
          }
        }),
      );
      const answered = performance.now() - started;
      await webhook.idle();
      const done = performance.now() - started;

      const rs = await store.client.execute(
        "SELECT count(*) AS n, count(DISTINCT ext_message_id) AS d FROM crm_comms_log WHERE type = 'whatsapp' AND ext_message_id LIKE 'wamid.BENCH%'",
      );
      const logged = Number(rs.rows[0]!.n);
      const distinct = Number(rs.rows[0]!.d);
      const matched = await store.client.execute("SELECT count(*) AS n FROM crm_comms_log WHERE type = 'whatsapp' AND customer_id <> ''");
      const journal = await new JournalRepository(store.client).counts('whatsapp');
      line('deliveries', { sent: deliveries.length, unique_messages: wamids.size, duplicates: deliveries.length - wamids.size, concurrency: CONCURRENCY, non_200: refused, connection_retries: retries.n });
      line('throughput', { 'answered/s': ((deliveries.length / answered) * 1000).toFixed(0), 'processed/s': ((deliveries.length / done) * 1000).toFixed(0) });
      line('time to 200', { p50: fmt(percentile(times, 50)), p95: fmt(percentile(times, 95)), max: fmt(percentile(times, 100)) });
      line('entries', { lost: wamids.size - distinct, doubled: logged - distinct, matched_to_customers: Number(matched.rows[0]!.n) });
      line('journal', journal);
    } finally {
      if (server) await new Promise<void>((done) => server!.close(() => done()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
