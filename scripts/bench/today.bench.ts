/**
 * The home page and the reports on a full office: 5,000 customers holding 50,000 ledger
 * entries, 2,500 orders, 1,000 sent quotes, 2,000 installations and 20,000 tasks, written in
 * batches through the DocStore (as an import would, so no trigger has run: the first report
 * builds the ledger digest, and the tasks get their agenda key, each timed apart). Measures at the service layer (store + domain logic,
 * no HTTP or token check) the p50/p95 of `GET /crm/today` for a user with 2,000 tasks, and of
 * each report, with the documents each one reads (what it costs on Firestore, which bills per
 * document returned). Targets: today p95 < 100 ms, each report p95 < 500 ms. Twice: embedded
 * (libSQL) and on the Firestore adapter against the in-process stand-in (a real Firestore adds
 * network time), whose lack of collection-group queries leaves out what reads orders or quotes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@libsql/client';
import { Firestore } from '@google-cloud/firestore';
import { startFirestoreStandIn } from '../../functions/src/emulator/test-support/functions-emulator.js';
import { FirestoreDocStore } from '../../functions/src/store/firestore/firestore.store.js';
import { loadIndexConfig } from '../../functions/src/store/indexes.js';
import { installationPath } from '../../functions/src/installations/installations.schema.js';
import { systemClock } from '../../functions/src/http/deps.js';
import { reportQuerySchema } from '../../functions/src/reports/reports.schema.js';
import { ReportsService } from '../../functions/src/reports/reports.service.js';
import { addDays, athensDay } from '../../functions/src/shared/athens-time.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import type { DocData, DocStore } from '../../functions/src/store/docstore.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { dueFields, taskPath } from '../../functions/src/tasks/tasks.docs.js';
import { todayFor } from '../../functions/src/tasks/tasks.today.js';
import { ensureAgenda } from '../../functions/src/tasks/tasks.agenda.js';
import { quotesAwaiting } from '../../functions/src/quotes/quotes.today.js';
import { servicesDue } from '../../functions/src/installations/installations.today.js';
import type { UserDirectory } from '../../functions/src/auth/auth.types.js';
import type { Bench } from './run.js';
import { fmt, line, percentile, sample } from './stats.js';

const CUSTOMERS = Number(process.env.TODAY_BENCH_CUSTOMERS ?? 5_000);
/** `embedded` measures only there (seeding the stand-in takes many minutes on a busy machine). */
const ONLY = process.env.TODAY_BENCH_ONLY;
const ENTRIES_PER_CUSTOMER = 10;
const TASKS = 20_000;
const USERS = 10;
const QUOTES_EVERY = 5;
const INSTALLATIONS = 2_000;
const BENCH_USER = 'user-0';

/** Counts the documents reads hand back: Firestore bills each one. */
function counting(inner: DocStore): { store: DocStore; reads(): number; reset(): void } {
  let read = 0;
  const count = <T>(result: T): T => {
    read += (Array.isArray(result) ? result : [result]).filter((doc) => doc !== null).length;
    return result;
  };
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === 'get' || key === 'getAll' || key === 'query') {
        return async (...args: unknown[]) => count(await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, reads: () => read, reset: () => (read = 0) };
}

/** Documents per batch: small enough for the stand-in to commit within its deadline on a busy machine. */
const BATCH = 100;

async function writeAll(store: DocStore, docs: [string, DocData][]): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) {
    const batch = store.batch();
    for (const [path, data] of docs.slice(i, i + BATCH)) batch.set(path, data);
    await batch.commit();
  }
}

async function seed(store: DocStore, now: Date): Promise<void> {
  const today = athensDay(now);
  const stamp = { created_at: now, updated_at: now, updated_by: 'Bench', updated_by_uid: 'script:bench' };
  const customers: [string, DocData][] = [];
  const orders: [string, DocData][] = [];
  const quotes: [string, DocData][] = [];
  for (let c = 0; c < CUSTOMERS; c++) {
    const id = `cust-${c}`;
    const ledger = Array.from({ length: ENTRIES_PER_CUSTOMER }, (_, e) => {
      const flow = e % 5 === 4 ? 'refund' : e % 2 === 0 ? 'invoice' : e % 7 === 3 ? 'credit' : 'payment';
      return {
        id: `tx-${c}-${e}`,
        date: new Date(Date.parse(`${addDays(today, -((c * 7 + e * 37) % 400))}T09:00:00Z`)),
        flow,
        payment_type: flow === 'payment' || flow === 'refund' ? 'bank_transfer' : null,
        category: 'full_payment',
        amount: flow === 'refund' ? 12.34 : 100 + ((c * 13 + e * 101) % 90_000) / 100,
        currency: 'EUR',
        invoice_ref: null,
        order_ref: c % 2 === 0 && e < 2 ? `ord-${c}` : null,
        recorded_by: 'Bench',
        note: '',
      };
    });
    customers.push([`crm_customers/${id}`, { name: `Ενορία Αγίου ${c}`, transaction_history: ledger, ...stamp }]);
    if (c % QUOTES_EVERY === 0) {
      quotes.push([
        `crm_customers/${id}/quotes/quo-${c}`,
        {
          quote_id: `quo-${c}`,
          number: `QUO-2026-${String(c).padStart(4, '0')}`,
          revision: 1,
          state: c % 10 === 0 ? 'sent' : 'draft',
          sent_at: c % 10 === 0 ? new Date(now.getTime() - (c % 20) * 86_400_000) : null,
          valid_until: addDays(today, 30 - (c % 20)),
          totals: { net_cents: 100_000 + c, vat_cents: 24_000, gross_cents: 124_000 + c, vat_breakdown: [] },
          ...stamp,
        },
      ]);
    }
    if (c % 2 === 0) {
      orders.push([
        `crm_customers/${id}/orders/ord-${c}`,
        {
          order_number: `ORD-2026-${c}`,
          title: 'Ηλεκτρονικό καμπαναριό',
          status: ['awaiting_payment', 'manufacturing', 'shipped', 'complete', 'negotiating'][c % 5],
          items: [{ id: 'i1', type: 'freetext', product_id: null, product_name: '', description: 'Striker', quantity: 2, unit_price: 850 }],
          total_price: 1700,
          currency: 'EUR',
          payment_status: { required_amount: 1700, received_amount: 500, balance_due: 1200, advance_required: false, advance_amount: null, payment_complete: false },
          ...stamp,
        },
      ]);
    }
  }
  const tasks: [string, DocData][] = [];
  for (let i = 0; i < TASKS; i++) {
    const due = addDays(today, (i % 60) - 20);
    tasks.push([
      taskPath(`task-${i}`),
      {
        title: `Εργασία ${i}`,
        notes: '',
        ...dueFields({ due_date: due, due_at: null }),
        assignee_uid: `user-${i % USERS}`,
        priority: 'normal',
        state: i % 3 === 0 ? 'done' : 'open',
        customer_id: `cust-${i % CUSTOMERS}`,
        links: { order_id: null, quote_id: null, installation_id: null, comms_id: null },
        repeat: null,
        repeat_origin: null,
        source: 'manual',
        source_key: null,
        reason: null,
        next_task_id: null,
        completed_by: null,
        completed_by_uid: null,
        completed_at: null,
        created_by: 'Bench',
        created_by_uid: 'script:bench',
        history: [],
        ...stamp,
      },
    ]);
  }
  const installations: [string, DocData][] = Array.from({ length: INSTALLATIONS }, (_, i) => {
    // Installed over the last two years, serviced yearly: about one in twelve is due this month.
    const installedOn = addDays(today, -(i * 7) % 730);
    const due = addDays(installedOn, 365);
    return [
      installationPath(`inst-${i}`),
      {
        customer_id: `cust-${(i * 3) % CUSTOMERS}`,
        product_name: 'Ηλεκτρονικός πίνακας καμπαναριού',
        device_id: null,
        serial_number: `BS-${i}`,
        site: { name: `Καμπαναριό ${i}`, address: '', city: 'Τρίκαλα', region: 'Θεσσαλία', lat: null, lng: null },
        installed_on: installedOn,
        state: i % 25 === 0 ? 'removed' : 'active',
        service_interval_months: 12,
        last_service_on: null,
        next_service_due: i % 25 === 0 ? null : due,
        ...stamp,
      },
    ];
  });
  await writeAll(store, customers);
  await writeAll(store, orders);
  await writeAll(store, quotes);
  await writeAll(store, installations);
  await writeAll(store, tasks);
}

/** What the stand-in cannot run (no collection-group queries), said instead of measured. */
const NEEDS_COLLECTION_GROUPS = new Set(['GET /crm/today', 'GET /crm/reports/pipeline', 'GET /crm/reports/sales', 'GET /crm/reports/quotes']);

async function seedAndMeasure(base: DocStore, sql: Client, where: string): Promise<void> {
  const now = systemClock.now();
  const started = performance.now();
  await seed(base, now);
  line(`[${where}] seeded`, { seconds: ((performance.now() - started) / 1000).toFixed(1) });
  const { store, reads, reset } = counting(base);
  const notInABench = async () => Promise.reject(new Error('not in a bench'));
  const noUsers: UserDirectory = { list: async () => [], find: async () => null, setRole: notInABench, create: notInABench, setDisabled: notInABench, resetPassword: notInABench };
  const deps = { store, sql, clock: systemClock, users: noUsers };
  const standIn = where !== 'embedded';

  const measure = async (label: string, runs: number, fn: () => Promise<unknown>, target: number) => {
    if (standIn && NEEDS_COLLECTION_GROUPS.has(label.replace(/ \(.*\)$/, ''))) {
      line(`[${where}] ${label}`, { skipped: 'the stand-in has no collection-group queries' });
      return;
    }
    reset();
    await fn();
    const perRequest = reads();
    const times = await sample(runs, fn, 2);
    const p95 = percentile(times, 95);
    line(`[${where}] ${label}`, { p50: fmt(percentile(times, 50)), p95: fmt(p95), target: `<${target} ms`, met: p95 < target ? 'yes' : 'NO', 'docs read': perRequest });
  };

  // Tasks written without the service (as by an earlier version) get their agenda key once.
  reset();
  const keying = performance.now();
  await ensureAgenda(store, now);
  line(`[${where}] tasks agenda keyed once`, { ms: fmt(performance.now() - keying), 'docs read': reads() });
  await measure(`GET /crm/today (${BENCH_USER})`, 100, () => todayFor(deps, { quotesAwaiting, servicesDue }, BENCH_USER), 100);
  const reports = new ReportsService(deps, 30);
  const query = reportQuerySchema.parse({});
  // The first report on a store written without triggers builds the ledger digest, once.
  reset();
  const building = performance.now();
  await reports.receivables(query);
  line(`[${where}] ledger digest built once`, { ms: fmt(performance.now() - building), 'docs read': reads() });
  await measure('GET /crm/reports/pipeline', 20, () => reports.pipeline(query), 500);
  await measure('GET /crm/reports/receivables', 20, () => reports.receivables(query), 500);
  await measure('GET /crm/reports/sales', 20, () => reports.sales(query), 500);
  await measure('GET /crm/reports/quotes', 20, () => reports.quotes(query), 500);
  await measure('GET /crm/reports/activity', 20, () => reports.activity(query), 500);
}

const bench: Bench = {
  name: `today and reports: ${CUSTOMERS} customers, ${CUSTOMERS * ENTRIES_PER_CUSTOMER} ledger entries, ${TASKS} tasks`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'today-bench-'));
    try {
      const embedded = await LibsqlDocStore.open({ url: pathToFileURL(join(dir, 'crm.db')).href, indexes: loadIndexConfig() });
      await migrateSql(embedded.client);
      await seedAndMeasure(embedded, embedded.client, 'embedded');
      await embedded.close();
      if (ONLY === 'embedded') return;

      // Production's shape: documents in Firestore, the comms log in libSQL (Turso).
      const comms = await LibsqlDocStore.open({ url: pathToFileURL(join(dir, 'comms.db')).href });
      await migrateSql(comms.client);
      const standIn = await startFirestoreStandIn();
      try {
        const firestore = new FirestoreDocStore(new Firestore({ projectId: 'demo-bench', host: standIn.host, ssl: false }), { indexes: loadIndexConfig() });
        await seedAndMeasure(firestore, comms.client, 'Firestore stand-in');
      } finally {
        standIn.stop();
        await comms.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
