/**
 * History of changes and exports (issue 23), on temporary embedded libSQL stores:
 * - the cost of the history on a customer PUT (the service's update with an API request's
 *   context): the same updates on a store that records history and on one that does not,
 *   interleaved so both see the same machine load; target ≤ 1.3×;
 * - the export of 50,000 ledger rows streamed to a sink: time, and the heap the export holds
 *   (collected every few chunks, with NODE_OPTIONS=--expose-gc) against the same for 5,000 and
 *   25,000 rows: the export holds one page of customers (200, here 20,000 ledger rows) at a
 *   time, so flat memory is about the same for 25,000 and 50,000 (5,000 is less than a page).
 * - an import of 10,000 customers from a windows-1253 CSV through the import service (parse,
 *   match against what is stored, plan, one all-or-nothing batch); target < 60 s embedded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { customerCreateSchema, customerUpdateSchema } from '../../functions/src/customers/customers.schema.js';
import { CustomersService } from '../../functions/src/customers/customers.service.js';
import { csvChunks } from '../../functions/src/export/export.csv.js';
import { ledgerCsv } from '../../functions/src/export/export.sources.js';
import { writeChunk } from '../../functions/src/export/export.zip.js';
import { recordHistory } from '../../functions/src/history/history.wiring.js';
import { ImportService } from '../../functions/src/imports/import.service.js';
import iconv from 'iconv-lite';
import { systemClock } from '../../functions/src/http/deps.js';
import type { AppDeps } from '../../functions/src/app/deps.js';
import { runInRequestContext } from '../../functions/src/http/request-context.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import type { Bench } from './run.js';
import { fmt, line, percentile } from './stats.js';

const RUNS = Number(process.env.HISTORY_BENCH_RUNS ?? 300);
const LEDGER_ROWS = Number(process.env.HISTORY_BENCH_LEDGER_ROWS ?? 50_000);
const ENTRIES_PER_CUSTOMER = 100;
const actor = { uid: 'bench-editor', name: 'Γιώργος Νικολάου' };
const context = { requestId: 'bench', uid: actor.uid, name: actor.name, method: 'PUT', route: '/api/crm/customers/:id' };

async function openStore(dir: string, name: string, history: boolean): Promise<LibsqlDocStore> {
  const store = await LibsqlDocStore.open({ url: `file:${join(dir, name)}` });
  await migrateSql(store.client);
  if (history) await recordHistory(store);
  return store;
}

/** A customer as staff keep them: a dozen contacts, notes and a 60-entry ledger. */
async function seedCustomer(service: CustomersService, store: LibsqlDocStore): Promise<string> {
  const customer = await service.create(
    customerCreateSchema.parse({
      name: 'Ιερός Ναός Αγίου Δημητρίου Λαμίας',
      organization: 'Μητρόπολη Φθιώτιδος',
      contacts: Array.from({ length: 12 }, (_, i) => ({ type: i % 2 ? 'email' : 'phone', value: i % 2 ? `naos${i}@example.gr` : `+30 697 000 ${1000 + i}` })),
      notes: Array.from({ length: 10 }, (_, i) => ({ text: `Σημείωση ${i}: ${'καμπάνες και ρολόι '.repeat(8)}` })),
    }),
    actor,
  );
  await store.update(`crm_customers/${customer.id}`, { transaction_history: ledger(60) });
  return customer.id;
}

function ledger(n: number, offset = 0) {
  return Array.from({ length: n }, (_, i) => ({
    id: `e${offset + i}`,
    date: new Date(Date.UTC(2025, 0, 1) + (offset + i) * 3_600_000),
    flow: i % 5 === 0 ? 'invoice' : 'payment',
    payment_type: i % 5 === 0 ? null : 'bank_transfer',
    category: 'installment',
    amount: 120.5 + (i % 97),
    currency: 'EUR',
    invoice_ref: null,
    order_ref: null,
    recorded_by: 'Μαρία Παπαδοπούλου',
    note: i % 7 === 0 ? '=SUM(A1:A2)' : 'Δόση',
  }));
}

async function historyCost(dir: string): Promise<void> {
  const plain = await openStore(dir, 'plain.db', false);
  const recorded = await openStore(dir, 'history.db', true);
  try {
    const targets = await Promise.all(
      [plain, recorded].map(async (store) => {
        const service = new CustomersService(store, systemClock);
        return { service, id: await seedCustomer(service, store) };
      }),
    );
    const times: number[][] = [[], []];
    for (let i = 0; i < RUNS + 10; i++) {
      for (const [k, target] of targets.entries()) {
        const body = customerUpdateSchema.parse({ title: `Πρόεδρος ${i}`, tags: [`t${i % 5}`] });
        const start = performance.now();
        await runInRequestContext({ ...context }, () => target.service.update(target.id, body, actor));
        if (i >= 10) times[k]!.push(performance.now() - start);
      }
    }
    const [without, withHistory] = times as [number[], number[]];
    const p50 = (s: number[]) => percentile(s, 50);
    line('customer PUT without history', { p50: fmt(p50(without)), p95: fmt(percentile(without, 95)) });
    line('customer PUT with history', { p50: fmt(p50(withHistory)), p95: fmt(percentile(withHistory, 95)) });
    line('history cost (p50 ratio, target ≤ 1.30)', { ratio: (p50(withHistory) / p50(without)).toFixed(2) });
    const rows = await recorded.client.execute('SELECT count(*) AS n FROM crm_history');
    line('history entries written', { n: Number(rows.rows[0]!.n) });
  } finally {
    await plain.close();
    await recorded.close();
  }
}

/** A sink that counts bytes, as slow as nothing: what the export itself costs. */
function sink(): Writable & { bytes: number } {
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  out.bytes = 0;
  return out;
}

/**
 * Streams the ledger export to a sink. With `--expose-gc` (NODE_OPTIONS), the heap is also
 * collected every 4 chunks (256 KB of CSV) and its size kept: the peak of those is what the export holds on to,
 * beside the plain peak, which also counts garbage not yet collected.
 */
async function exportLedger(deps: AppDeps): Promise<{ ms: number; peakMb: number; retainedMb: number | null; bytes: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let retained = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
  const out = sink();
  const start = performance.now();
  const { header, rows } = await ledgerCsv(deps, { sort: 'name' }, {});
  let chunks = 0;
  for await (const chunk of csvChunks(header, rows, ';')) {
    await writeChunk(out, chunk);
    if (gc && ++chunks % 4 === 0) {
      gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed);
    }
  }
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, peakMb: (peak - base) / 2 ** 20, retainedMb: gc ? (retained - base) / 2 ** 20 : null, bytes: out.bytes };
}

const exportLine = (rows: number, r: Awaited<ReturnType<typeof exportLedger>>) =>
  line(`export ${rows.toLocaleString('en')} ledger rows`, {
    time: fmt(r.ms),
    heap_peak: `${r.peakMb.toFixed(1)} MB`,
    retained_peak: r.retainedMb === null ? 'run with NODE_OPTIONS=--expose-gc' : `${r.retainedMb.toFixed(1)} MB`,
    csv: `${(r.bytes / 2 ** 20).toFixed(1)} MB`,
  });

async function exportMemory(dir: string): Promise<void> {
  const store = await openStore(dir, 'export.db', false);
  try {
    const service = new CustomersService(store, systemClock);
    const deps = { store, sql: store.client, clock: systemClock } as unknown as AppDeps;
    const customers = Math.ceil(LEDGER_ROWS / ENTRIES_PER_CUSTOMER);
    for (let c = 0; c < customers; c++) {
      const created = await service.create(customerCreateSchema.parse({ name: `Ενορία ${String(c).padStart(5, '0')} Αγίου Νικολάου` }), actor);
      await store.update(`crm_customers/${created.id}`, { transaction_history: ledger(ENTRIES_PER_CUSTOMER, c * ENTRIES_PER_CUSTOMER) });
      if (c + 1 === customers / 10 || c + 1 === customers / 2) {
        exportLine((c + 1) * ENTRIES_PER_CUSTOMER, await exportLedger(deps));
      }
    }
    exportLine(customers * ENTRIES_PER_CUSTOMER, await exportLedger(deps));
  } finally {
    await store.close();
  }
}

const IMPORT_ROWS = Number(process.env.HISTORY_BENCH_IMPORT_ROWS ?? 10_000);

async function importCustomers(dir: string): Promise<void> {
  const store = await openStore(dir, 'import.db', true);
  try {
    const deps = { store, sql: store.client, clock: systemClock } as unknown as AppDeps;
    const lines = ['Επωνυμία;Οργανισμός;E-mail;Τηλέφωνο;Πόλη;ΑΦΜ'];
    for (let i = 0; i < IMPORT_ROWS; i++) {
      lines.push(`Ιερός Ναός Αγίου Γεωργίου ${i};Μητρόπολη Ύδρας;naos${i}@example.gr;69${10_000_000 + i};Ναύπλιο;${100_000_000 + i}`);
    }
    const bytes = iconv.encode(lines.join('\r\n'), 'windows-1253');
    const service = new ImportService(deps);
    const user = { uid: 'bench-admin', email: null, name: 'Μαρία Παπαδοπούλου', role: 'admin' as const };
    const start = performance.now();
    const view = await runInRequestContext({ requestId: 'bench', uid: user.uid, name: user.name }, async () => {
      const uploaded = await service.upload({ name: 'pelates.csv', bytes }, 'customers', user);
      return (await service.run(uploaded.id, false, user)).import;
    });
    line(`import ${IMPORT_ROWS.toLocaleString('en')} customers (target < 60 s)`, { time: fmt(performance.now() - start), created: view.counts.create, errors: view.counts.error });
  } finally {
    await store.close();
  }
}

const bench: Bench = {
  name: 'history of changes and exports',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
    try {
      await historyCost(dir);
      await exportMemory(dir);
      await importCustomers(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
