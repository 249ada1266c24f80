/**
 * The home page and the reports on a full office: 5,000 customers holding 50,000 ledger
 * entries, 2,500 orders and 20,000 tasks, in a temporary embedded libSQL store (written in
 * batches through the DocStore, as an import would). Measures at the service layer (store +
 * domain logic, no HTTP or token check) the p50/p95 of `GET /crm/today` for a user with 2,000
 * tasks, and of each report, with the documents each one reads (what it costs on Firestore,
 * which bills per document returned). Targets: today p95 < 100 ms, each report p95 < 500 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../functions/src/http/deps.js';
import { reportQuerySchema } from '../../functions/src/reports/reports.schema.js';
import { ReportsService } from '../../functions/src/reports/reports.service.js';
import { addDays, athensDay } from '../../functions/src/shared/athens-time.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import type { DocData, DocStore } from '../../functions/src/store/docstore.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { dueFields, taskPath } from '../../functions/src/tasks/tasks.docs.js';
import { todayFor } from '../../functions/src/tasks/tasks.today.js';
import { quotesAwaiting } from '../../functions/src/quotes/quotes.today.js';
import { servicesDue } from '../../functions/src/installations/installations.today.js';
import type { UserDirectory } from '../../functions/src/auth/auth.types.js';
import type { Bench } from './run.js';
import { fmt, line, percentile, sample } from './stats.js';

const CUSTOMERS = Number(process.env.TODAY_BENCH_CUSTOMERS ?? 5_000);
const ENTRIES_PER_CUSTOMER = 10;
const TASKS = 20_000;
const USERS = 10;
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

async function writeAll(store: DocStore, docs: [string, DocData][]): Promise<void> {
  for (let i = 0; i < docs.length; i += 400) {
    const batch = store.batch();
    for (const [path, data] of docs.slice(i, i + 400)) batch.set(path, data);
    await batch.commit();
  }
}

async function seed(store: DocStore, now: Date): Promise<void> {
  const today = athensDay(now);
  const stamp = { created_at: now, updated_at: now, updated_by: 'Bench', updated_by_uid: 'script:bench' };
  const customers: [string, DocData][] = [];
  const orders: [string, DocData][] = [];
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
  await writeAll(store, customers);
  await writeAll(store, orders);
  await writeAll(store, tasks);
}

const bench: Bench = {
  name: `today and reports: ${CUSTOMERS} customers, ${CUSTOMERS * ENTRIES_PER_CUSTOMER} ledger entries, ${TASKS} tasks`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'today-bench-'));
    try {
      const base = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
      await migrateSql(base.client);
      const now = systemClock.now();
      const started = performance.now();
      await seed(base, now);
      line('seeded', { seconds: ((performance.now() - started) / 1000).toFixed(1) });
      const { store, reads, reset } = counting(base);
      const notInABench = async () => Promise.reject(new Error('not in a bench'));
      const noUsers: UserDirectory = { list: async () => [], find: async () => null, setRole: notInABench, create: notInABench, setDisabled: notInABench, resetPassword: notInABench };
      const deps = { store, sql: base.client, clock: systemClock, users: noUsers };

      const measure = async (label: string, runs: number, fn: () => Promise<unknown>, target: number) => {
        reset();
        await fn();
        const perRequest = reads();
        const times = await sample(runs, fn, 2);
        const p95 = percentile(times, 95);
        line(label, { p50: fmt(percentile(times, 50)), p95: fmt(p95), target: `<${target} ms`, met: p95 < target ? 'yes' : 'NO', 'docs read': perRequest });
      };

      await measure(`GET /crm/today (${BENCH_USER})`, 100, () => todayFor(deps, { quotesAwaiting, servicesDue }, BENCH_USER), 100);
      const reports = new ReportsService(deps, 30);
      const query = reportQuerySchema.parse({});
      await measure('GET /crm/reports/pipeline', 20, () => reports.pipeline(query), 500);
      await measure('GET /crm/reports/receivables', 20, () => reports.receivables(query), 500);
      await measure('GET /crm/reports/sales', 20, () => reports.sales(query), 500);
      await measure('GET /crm/reports/quotes', 20, () => reports.quotes(query), 500);
      await measure('GET /crm/reports/activity', 20, () => reports.activity(query), 500);
      await base.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
