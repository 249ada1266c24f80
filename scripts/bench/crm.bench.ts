/**
 * CRM core: seeds 5,000 customers (with orders and ledgers, through the services) into a
 * temporary embedded libSQL store, then measures, at the service layer (store + domain logic,
 * no HTTP or token check): a list page, a search, a customer's detail and recording a
 * payment, plus the spec's search (read every customer, filter in memory) for comparison,
 * and how many documents each request reads.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCustomer } from '../../functions/src/customers/customer-read.js';
import { customerCreateSchema, customerListQuerySchema, customerUpdateSchema } from '../../functions/src/customers/customers.schema.js';
import { CUSTOMERS } from '../../functions/src/shared/collections.js';
import { CustomersService } from '../../functions/src/customers/customers.service.js';
import { systemClock } from '../../functions/src/http/deps.js';
import { transactionCreateSchema } from '../../functions/src/ledger/ledger.schema.js';
import { LedgerService } from '../../functions/src/ledger/ledger.service.js';
import { orderCreateSchema } from '../../functions/src/orders/orders.schema.js';
import { OrdersService } from '../../functions/src/orders/orders.service.js';
import { normalizeText } from '../../functions/src/search/normalize.js';
import type { Doc, DocStore, Transaction } from '../../functions/src/store/docstore.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import type { Bench } from './run.js';
import { fmt, line, percentile, sample } from './stats.js';

/** CRM_BENCH_CUSTOMERS overrides the size for a quick look; the targets are for 5,000. */
const CUSTOMERS_TO_SEED = Number(process.env.CRM_BENCH_CUSTOMERS ?? 5_000);
const PAGE = 50;
const RUNS = 200;

const firstNames = ['Γιώργος', 'Μαρία', 'Νίκος', 'Ελένη', 'Κώστας', 'Αικατερίνη', 'Δημήτρης', 'Σοφία', 'Παναγιώτης', 'Ιωάννα', 'Στέλιος', 'Βασιλική', 'Θεόδωρος', 'Χρυσούλα', 'Ευθύμιος'];
const surnames = ['Παπαδόπουλος', 'Οικονόμου', 'Γεωργίου', 'Νικολάου', 'Δημητρίου', 'Αντωνίου', 'Βασιλείου', 'Κωνσταντίνου', 'Μπίμπης', 'Ψαρράς', 'Ξενάκης', 'Χατζηδάκης', 'Θεοχάρης', 'Ντούμας', 'Γκίκας', 'Ζαχαρίου', 'Λαμπράκης', 'Μαυρίδης', 'Τσακίρης', 'Φωτίου'];
const places = ['Αγίας Παρασκευής', 'Αγίου Νικολάου', 'Αγίου Δημητρίου', 'Παναγίας Φανερωμένης', 'Αγίων Αναργύρων', 'Μεταμορφώσεως', 'Αγίου Γεωργίου', 'Ευαγγελιστρίας'];
const towns = ['Λαμίας', 'Βόλου', 'Πατρών', 'Χανίων', 'Κοζάνης', 'Σερρών', 'Άρτας', 'Ναυπλίου', 'Καλαμάτας', 'Δράμας'];
const statuses = ['lead', 'prospect', 'active', 'inactive', 'churned'] as const;

const oneWord = ['μπιμπης', 'Παπαδόπουλος', 'bibis', 'xenakis', 'psaras', 'stelios', 'kalamatas', 'ΧΑΤΖΗΔΑΚΗΣ', 'doumas'];
const twoWords = ['Ελένη Γεωργίου', 'agias paraskevis', 'stelios bibis'];
const phones = ['6971', '697 000 3917', '+30 6979792500'];
const searches = [...oneWord, ...twoWords, ...phones];

/** Counts the documents handed back by reads, to report documents read per request. */
function counting(inner: DocStore): { store: DocStore; reads(): number; reset(): void } {
  let read = 0;
  const seen = <T extends Doc | null | (Doc | null)[]>(result: T): T => {
    read += (Array.isArray(result) ? result : [result]).filter((doc) => doc !== null).length;
    return result;
  };
  const wrapTx = (tx: Transaction): Transaction => ({
    get: async (path) => seen(await tx.get(path)),
    getAll: async (paths) => seen(await tx.getAll(paths)),
    query: async (query) => seen(await tx.query(query)),
    create: (path, data) => tx.create(path, data),
    set: (path, data, options) => tx.set(path, data, options),
    update: (path, data) => tx.update(path, data),
    delete: (path) => tx.delete(path),
  });
  const store: DocStore = {
    get: async (path) => seen(await inner.get(path)),
    getAll: async (paths) => seen(await inner.getAll(paths)),
    query: async (query) => seen(await inner.query(query)),
    count: (query) => inner.count(query),
    create: (path, data) => inner.create(path, data),
    set: (path, data, options) => inner.set(path, data, options),
    update: (path, data) => inner.update(path, data),
    delete: (path) => inner.delete(path),
    runTransaction: (fn) => inner.runTransaction((tx) => fn(wrapTx(tx))),
    batch: () => inner.batch(),
    newId: () => inner.newId(),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return { store, reads: () => read, reset: () => (read = 0) };
}

function customerInput(i: number) {
  const first = firstNames[i % firstNames.length]!;
  const surname = surnames[(i * 7) % surnames.length]!;
  const organization =
    i % 3 === 0 ? `Δήμος ${towns[i % towns.length]}` : `Ενορία ${places[i % places.length]} ${towns[(i * 3) % towns.length]}`;
  return customerCreateSchema.parse({
    name: `${first} ${surname}`,
    organization,
    contacts: [
      { type: 'phone', label: 'mobile', value: `69${String(70_000_000 + i * 3_917).padStart(8, '0')}`, primary: true },
      { type: 'email', label: 'work', value: `info${i}@enoria-${i % 97}.gr`, primary: true },
    ],
    notes: [{ text: 'Ζήτησε προσφορά για ηλεκτρονικό καμπαναριό' }],
    tags: i % 4 === 0 ? ['church', 'vip'] : i % 4 === 1 ? ['municipality'] : ['church'],
    relationship_status: statuses[i % statuses.length],
  });
}

async function seed(store: DocStore): Promise<{ ids: string[]; orderOf: Map<string, string> }> {
  const customers = new CustomersService(store, systemClock);
  const orders = new OrdersService(store, systemClock);
  const ledger = new LedgerService(store, systemClock);
  const actor = { name: 'Bench', uid: 'bench' };
  const ids: string[] = [];
  const orderOf = new Map<string, string>();
  for (let i = 0; i < CUSTOMERS_TO_SEED; i++) {
    const customer = await customers.create(customerInput(i), actor);
    ids.push(customer.id);
    if (i % 2 === 0) {
      const order = await orders.create(
        customer.id,
        orderCreateSchema.parse({
          title: 'Ηλεκτρονικό καμπαναριό',
          status: 'awaiting_payment',
          items: [{ type: 'freetext', description: 'Striker', quantity: 2, unit_price: 850 }],
        }),
        actor,
      );
      orderOf.set(customer.id, order.id);
      const invoice = { flow: 'invoice', amount: 1700, order_ref: order.id };
      const advance = { flow: 'payment', payment_type: 'bank_transfer', category: 'advance', amount: 500, order_ref: order.id };
      await ledger.record(customer.id, transactionCreateSchema.parse(invoice), actor);
      await ledger.record(customer.id, transactionCreateSchema.parse(advance), actor);
    }
  }
  return { ids, orderOf };
}

/** The spec's search (spec 000): fetch every customer, match name, organization and contacts in memory. */
async function searchReadingAll(store: DocStore, query: string) {
  const needle = normalizeText(query);
  const docs = await store.query({ collection: CUSTOMERS });
  return docs
    .map((doc) => readCustomer(doc.id, doc.data))
    .filter((c) =>
      [c.name, c.organization ?? '', ...c.contacts.map((contact) => contact.value)].some((text) =>
        normalizeText(text).includes(needle),
      ),
    );
}

function stats(samples: number[]) {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/**
 * Seeding writes ~12,500 transactions; on disk each waits for an fsync. When a RAM disk is
 * there, the store is seeded on it and copied to disk, so the measurements still run on disk.
 */
async function seedDatabase(file: string): Promise<{ ids: string[]; orderOf: Map<string, string> }> {
  const ramDir = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/crm-bench-') : null;
  const seedFile = ramDir ? join(ramDir, 'crm.db') : file;
  const store = await LibsqlDocStore.open({ url: `file:${seedFile}` });
  try {
    const started = performance.now();
    const seeded = await seed(store);
    line('seeded', {
      customers: seeded.ids.length,
      orders: seeded.orderOf.size,
      ledger_entries: seeded.orderOf.size * 2,
      seconds: ((performance.now() - started) / 1000).toFixed(1),
      on: ramDir ? 'RAM disk, then copied to disk' : 'disk',
    });
    // Everything into the main file, so copying it copies the whole database.
    await store.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    return seeded;
  } finally {
    await store.close();
    if (ramDir) {
      copyFileSync(seedFile, file);
      rmSync(ramDir, { recursive: true, force: true });
    }
  }
}

async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const file = join(dir, 'crm.db');
  const { ids, orderOf } = await seedDatabase(file);
  const raw = await LibsqlDocStore.open({ url: `file:${file}` });
  try {
    const counter = counting(raw);
    const customers = new CustomersService(counter.store, systemClock);
    const ledger = new LedgerService(counter.store, systemClock);
    const actor = { name: 'Bench', uid: 'bench' };
    const listQuery = (extra: Record<string, string>) => customerListQuerySchema.parse({ limit: String(PAGE), ...extra });
    const withOrders = [...orderOf.keys()];

    line('machine', { cpus: cpus().length, load_average_1m: loadavg()[0]!.toFixed(1), note: 'timings scale with load' });
    const measures: [string, (i: number) => Promise<unknown>][] = [
      ['list page (50, by name)', () => customers.list(listQuery({}))],
      ['list page (50, tag + status filter)', (i) => customers.list(listQuery({ tag: 'church', relationship_status: statuses[i % 5]! }))],
      ['search (Greek-aware, search_keys)', (i) => customers.list(listQuery({ search: searches[i % searches.length]! }))],
      ['customer detail', (i) => customers.get(ids[(i * 7919) % ids.length]!)],
      [
        'record payment (with order payment status)',
        (i) => {
          const id = withOrders[(i * 31) % withOrders.length]!;
          const body = { flow: 'payment', payment_type: 'cash', category: 'installment', amount: 10, order_ref: orderOf.get(id) };
          return ledger.record(id, transactionCreateSchema.parse(body), actor);
        },
      ],
    ];

    const breakdown: [string, string[]][] = [
      ['  of which one word', oneWord],
      ['  of which two words', twoWords],
      ['  of which phone digits', phones],
    ];
    const searchAt = measures.findIndex(([label]) => label.startsWith('search'));
    measures.splice(
      searchAt + 1,
      0,
      ...breakdown.map(([label, set]): (typeof measures)[number] => [
        label,
        (i) => customers.list(listQuery({ search: set[i % set.length]! })),
      ]),
    );

    const results = new Map<string, { p50: number; p95: number }>();
    for (const [label, fn] of measures) {
      const samples = await sample(RUNS, fn);
      counter.reset();
      await fn(RUNS);
      const reads = counter.reads();
      const s = stats(samples);
      results.set(label, s);
      line(label, { p50: fmt(s.p50), p95: fmt(s.p95), docs_read: reads });
    }

    // What If-Match costs on a PUT: the same update without and with the version check.
    const putTarget = (i: number) => ids[(i * 104_729) % ids.length]!;
    const versions = new Map<string, string>();
    for (let i = 0; i < RUNS; i++) versions.set(putTarget(i), (await customers.get(putTarget(i))).version);
    const put = (checked: boolean) => async (i: number) => {
      const id = putTarget(i);
      const body = customerUpdateSchema.parse({ tags: ['church', `bench-${i % 7}`] });
      const updated = await customers.update(id, body, actor, checked ? { versions: [versions.get(id)!] } : undefined);
      versions.set(id, updated.version);
    };
    const plainPut = stats(await sample(RUNS, put(false)));
    const checkedPut = stats(await sample(RUNS, put(true)));
    line('update customer (PUT)', { p50: fmt(plainPut.p50), p95: fmt(plainPut.p95) });
    line('update customer (PUT with If-Match)', { p50: fmt(checkedPut.p50), p95: fmt(checkedPut.p95) });
    line('version check cost on PUT', { p50: fmt(checkedPut.p50 - plainPut.p50), p95: fmt(checkedPut.p95 - plainPut.p95) });

    const readAll = stats(await sample(20, (i) => searchReadingAll(counter.store, searches[i % searches.length]!), 2));
    counter.reset();
    await searchReadingAll(counter.store, searches[0]!);
    line("search the spec's way (read all, filter)", { p50: fmt(readAll.p50), p95: fmt(readAll.p95), docs_read: counter.reads() });

    const search = results.get('search (Greek-aware, search_keys)')!;
    line('search speed-up over reading all', {
      p50: `${(readAll.p50 / search.p50).toFixed(1)}x`,
      p95: `${(readAll.p95 / search.p95).toFixed(1)}x`,
      target: '>= 10x',
    });
    line('search p95 target', { p95: fmt(search.p95), target: '< 20 ms' });
    line('list docs read target', { page: PAGE, max: `${PAGE} + 1` });
  } finally {
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Bench = { name: 'CRM core: customers list, search, detail, record payment (5,000 customers)', run };
export default bench;
