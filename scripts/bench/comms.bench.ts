/**
 * Comms log: fills a temporary libSQL file with 1,000,000 comms entries across 5,000
 * customers (the real schema from functions/src/sql, generated inside SQLite in batch transactions) and
 * measures a customer's timeline first page and a full-text search, each against the same
 * query without its index: the timeline on a copy of the table without indexes, the search
 * as a LIKE scan over the same normalised text. Targets: timeline p95 < 10 ms, search p95 < 50 ms.
 */
import { createClient, type Client, type InValue } from '@libsql/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommsLog } from '../../functions/src/comms/comms.log.js';
import { SEQ_SLOTS } from '../../functions/src/comms/comms.seq.js';
import { ftsQuery, ftsText, ftsWords } from '../../functions/src/comms/comms.text.js';
import { systemClock } from '../../functions/src/http/deps.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import { tokenize } from '../../functions/src/search/normalize.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { TimelineService } from '../../functions/src/timeline/timeline.service.js';
import type { Bench } from './run.js';
import { fmt, line, percentile, sample } from './stats.js';

/** COMMS_BENCH_ENTRIES runs a smaller fill, e.g. while working on the bench itself. */
const ENTRIES = Number(process.env.COMMS_BENCH_ENTRIES ?? 1_000_000);
const CUSTOMERS = 5_000;
const PAGE = 50;
const RUNS = 300;
const SCAN_RUNS = 15;

const types = ['email', 'whatsapp', 'call', 'sms', 'note', 'in_person'] as const;
const directions = ['inbound', 'outbound', 'internal'] as const;
const firstNames = ['Γιώργος', 'Μαρία', 'Νίκος', 'Ελένη', 'Κώστας', 'Αικατερίνη', 'Δημήτρης', 'Σοφία', 'Παναγιώτης', 'Ιωάννα', 'Στέλιος', 'Βασιλική'];
const surnames = ['Παπαδόπουλος', 'Οικονόμου', 'Γεωργίου', 'Νικολάου', 'Δημητρίου', 'Αντωνίου', 'Βασιλείου', 'Κωνσταντίνου', 'Μπίμπης', 'Ψαρράς', 'Ξενάκης', 'Χατζηδάκης', 'Θεοχάρης', 'Ντούμας', 'Γκίκας', 'Ζαχαρίου', 'Λαμπράκης', 'Μαυρίδης', 'Τσακίρης', 'Φωτίου'];
const domainWords = ['καμπάνα', 'κρουστήρας', 'ρολόι', 'προσφορά', 'τιμολόγιο', 'εγκατάσταση', 'πληρωμή', 'αποστολή', 'επισκευή', 'καμπαναριό', 'ηλεκτρομηχανισμός', 'χρονοδιακόπτης', 'εκκλησία', 'ενορία', 'πατέρας', 'συντήρηση', 'βλάβη', 'εγγύηση', 'παραγγελία', 'Vesper', 'controller', 'invoice', 'quote'];
const commonWords = ['για', 'και', 'την', 'στο', 'από', 'με', 'να', 'θα', 'το', 'που', 'σας', 'ευχαριστώ', 'καλημέρα', 'παρακαλώ'];
const syllables = ['κα', 'μπά', 'νε', 'ρο', 'λό', 'γι', 'τσι', 'πα', 'δά', 'μη', 'στή', 'ρι', 'ου', 'ντε', 'γκο', 'ξα', 'θε', 'ψη', 'φω', 'χα', 'βί', 'ζω', 'λυ', 'κέ', 'σο'];

/** Searches staff would type: names as written, without accents and in greeklish, and product words. */
const searches = ['Μπίμπης', 'bibis', 'papadopoulos', 'Ξενάκη', 'χατζηδακης', 'κρουστήρα', 'τιμολογιο', 'vesper', 'ntoumas', 'εγκατάσταση'];

let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
/** Roughly Zipf: low indexes far more often than high ones. */
const zipf = <T>(list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(list.length * random() ** 3))]!;

const vocabulary = Array.from({ length: 3_000 }, () =>
  Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(syllables)).join(''),
);
const customerIds = Array.from({ length: CUSTOMERS }, (_, i) => `c${String(i).padStart(6, '0')}${randomBytes(6).toString('hex')}`.slice(0, 20));
const customerNames = customerIds.map(() => `${pick(firstNames)} ${pick(surnames)}`);
/** The customers whose timelines are measured (distinct: 7919 is prime). */
const customerAt = (i: number) => customerIds[(i * 7919) % CUSTOMERS]!;

function sentence(): string {
  const words: string[] = [];
  const length = 8 + Math.floor(random() * 25);
  for (let i = 0; i < length; i++) {
    const r = random();
    words.push(r < 0.35 ? pick(commonWords) : r < 0.5 ? zipf(domainWords) : zipf(vocabulary));
  }
  if (random() < 0.3) words.splice(Math.floor(random() * words.length), 0, pick(customerNames));
  return words.join(' ');
}

const START = Date.UTC(2021, 0, 1);
const SPAN = Date.UTC(2026, 0, 1) - START;
/** Distinct texts; rows pick one by a hash of their rowid, so each text recurs ENTRIES / BODIES times. */
const BODIES = 20_000;
const SUBJECTS = 5_000;
const HASH = 2_654_435_761;
const CHUNK = 100_000;

async function insertRows(client: Client, table: string, columns: string[], rows: InValue[][]): Promise<void> {
  const perStatement = Math.floor(2_000 / columns.length);
  const statements = [];
  for (let at = 0; at < rows.length; at += perStatement) {
    const slice = rows.slice(at, at + perStatement);
    statements.push({
      sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
      args: slice.flat(),
    });
  }
  await client.batch(statements, 'write');
}

/**
 * Texts and their full-text forms are made in JS (ftsText, as the service does); the million
 * rows are then generated by SQLite itself, which is what makes the fill fast. A row's
 * customer, body and subject are chosen by hashes of its number (index look-ups; random()
 * would not be), its rowid is its seq (comms.seq.ts) like every logged entry's, and the
 * indexes of the migration are dropped for the load and rebuilt from their own SQL after it.
 */
async function fill(client: Client): Promise<void> {
  const bodyTexts = [...new Set(Array.from({ length: BODIES }, () => sentence()))];
  const subjectTexts = [...new Set(Array.from({ length: SUBJECTS }, () => sentence().split(' ').slice(0, 6).join(' ')))];
  await client.batch(
    [
      'CREATE TABLE bench_bodies (i INTEGER PRIMARY KEY, text TEXT UNIQUE, fts TEXT)',
      'CREATE TABLE bench_subjects (i INTEGER PRIMARY KEY, text TEXT UNIQUE, fts TEXT)',
      'CREATE TABLE bench_customers (i INTEGER PRIMARY KEY, id TEXT)',
    ],
    'write',
  );
  await insertRows(client, 'bench_bodies', ['i', 'text', 'fts'], bodyTexts.map((text, i) => [i, text, ftsText(text)]));
  await insertRows(client, 'bench_subjects', ['i', 'text', 'fts'], subjectTexts.map((text, i) => [i, text, ftsText(text)]));
  await insertRows(client, 'bench_customers', ['i', 'id'], customerIds.map((id, i) => [i, id]));

  const indexes = await client.execute(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'crm_comms_log' AND sql IS NOT NULL",
  );
  await client.batch(indexes.rows.map((row) => `DROP INDEX ${String(row.name)}`), 'write');

  const typeOf = `CASE (v * 40503) % 6 ${types.map((t, i) => `WHEN ${i} THEN '${t}'`).join(' ')} END`;
  const hasSubject = `((v * 40503) % 6 IN (${types.indexOf('email')}, ${types.indexOf('note')}))`;
  for (let from = 1; from <= ENTRIES; from += CHUNK) {
    const to = Math.min(ENTRIES, from + CHUNK - 1);
    await client.execute(
      `WITH RECURSIVE s(v) AS (SELECT ${from} UNION ALL SELECT v + 1 FROM s WHERE v < ${to})
       INSERT INTO crm_comms_log (rowid, id, customer_id, type, direction, subject, body, attachments, ext_message_id,
                                  address, address_raw, logged_by, logged_by_uid, occurred_at, created_at, updated_at)
       SELECT ms * ${SEQ_SLOTS} + v % ${SEQ_SLOTS}, lower(hex(randomblob(16))),
              CASE WHEN v % 100 = 0 THEN '' ELSE (SELECT id FROM bench_customers WHERE i = ((v * 2246822519) / 128) % ${CUSTOMERS}) END,
              ${typeOf},
              CASE abs(random()) % 3 ${directions.map((d, i) => `WHEN ${i} THEN '${d}'`).join(' ')} END,
              CASE WHEN ${hasSubject} THEN (SELECT text FROM bench_subjects WHERE i = (v * ${HASH}) % ${subjectTexts.length}) END,
              (SELECT text FROM bench_bodies WHERE i = (v * ${HASH}) % ${bodyTexts.length}),
              '[]',
              CASE WHEN (v * 40503) % 6 IN (${types.indexOf('email')}, ${types.indexOf('whatsapp')}) THEN 'm-' || v END,
              '+3069' || printf('%08d', v % ${CUSTOMERS}), NULL, 'bench', NULL,
              t, t, t
       FROM (SELECT v, ms, strftime('%Y-%m-%dT%H:%M:%fZ', ms / 1000.0, 'unixepoch') AS t
             FROM (SELECT v, ${START} + abs(random()) % ${SPAN} AS ms FROM s))`,
    );
  }
  await client.execute(
    `INSERT INTO crm_comms_fts (rowid, subject, body)
     SELECT c.rowid, coalesce(s.fts, ''), b.fts
     FROM crm_comms_log c JOIN bench_bodies b ON b.text = c.body LEFT JOIN bench_subjects s ON s.text = c.subject`,
  );
  await client.batch(indexes.rows.map((row) => String(row.sql)), 'write');
  await client.batch(['DROP TABLE bench_bodies', 'DROP TABLE bench_subjects', 'DROP TABLE bench_customers'], 'write');
}

/** The measured customers' documents: each with an order timeline, ledger entries and a ticket. */
async function seedCustomers(store: LibsqlDocStore): Promise<void> {
  const now = new Date();
  const day = 86_400_000;
  for (let at = 0; at < RUNS; at += 100) {
    const batch = store.batch();
    for (let n = at; n < Math.min(RUNS, at + 100); n++) {
      const id = customerAt(n);
      const base = START + (n % 1000) * day;
      batch.create(`crm_customers/${id}`, {
        name: customerNames[(n * 7919) % CUSTOMERS],
        transaction_history: [
          { id: `t${n}a`, date: new Date(base), flow: 'invoice', payment_type: null, category: 'full_payment', amount: 1200, currency: 'EUR', invoice_ref: null, order_ref: `o${n}`, recorded_by: 'bench', note: '' },
          { id: `t${n}b`, date: new Date(base + 7 * day), flow: 'payment', payment_type: 'bank_transfer', category: 'advance', amount: 400, currency: 'EUR', invoice_ref: null, order_ref: `o${n}`, recorded_by: 'bench', note: '' },
        ],
        technical_issues: [{ id: `i${n}`, active: false, opened_date: new Date(base), resolved_date: now, note: 'βλάβη', opened_by: 'bench', resolved_by: 'bench' }],
        created_at: now,
        updated_at: now,
      });
      batch.create(`crm_customers/${id}/orders/o${n}`, {
        order_number: `ORD-2025-${n}`,
        title: 'Καμπάνα',
        timeline: [
          { id: `e${n}a`, date: new Date(base), type: 'quote_request', note: '', updated_by: 'bench' },
          { id: `e${n}b`, date: new Date(base + day), type: 'quote_sent', note: '', updated_by: 'bench' },
        ],
        created_at: now,
        updated_at: now,
      });
    }
    await batch.commit();
  }
}

async function plan(client: Client, sql: string, args: InValue[]): Promise<string> {
  const rs = await client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args });
  return rs.rows.map((r) => String(r.detail)).join(' | ');
}

const bench: Bench = {
  name: `comms log: ${ENTRIES.toLocaleString('en')} entries, ${CUSTOMERS.toLocaleString('en')} customers`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'crm-comms-bench-'));
    const url = `file:${join(dir, 'crm.db')}`;
    const store = await LibsqlDocStore.open({ url });
    // One connection, so the PRAGMA below holds for every statement of the fill.
    const client = createClient({ url, timeout: 10_000, concurrency: 1 });
    try {
      await migrateSql(client);
      await client.execute('PRAGMA synchronous = OFF');
      await client.execute('PRAGMA cache_size = -262144');
      let started = performance.now();
      await fill(client);
      const count = Number((await client.execute('SELECT count(*) AS n FROM crm_comms_log')).rows[0]!.n);
      line('bulk insert', { rows: count, seconds: ((performance.now() - started) / 1000).toFixed(1) });
      started = performance.now();
      await seedCustomers(store);
      line('measured customers: documents with orders, ledger, tickets', { customers: RUNS, seconds: ((performance.now() - started) / 1000).toFixed(1) });

      // The same rows without any index, and the same normalised text as a plain table to scan.
      started = performance.now();
      await client.batch(
        [
          'CREATE TABLE bench_comms_noindex AS SELECT rowid AS seq, * FROM crm_comms_log',
          'CREATE TABLE bench_text_noindex AS SELECT rowid AS rid, subject, body FROM crm_comms_fts',
          'ANALYZE',
        ],
        'write',
      );
      line('unindexed copies', { seconds: ((performance.now() - started) / 1000).toFixed(1) });

      const repo = new CommsLog({ sql: client, store, clock: systemClock });
      const timeline = new TimelineService({ sql: client, store, clock: systemClock }, [], repo);
      const pageSql = 'SELECT * FROM crm_comms_log WHERE customer_id = ? ORDER BY rowid DESC LIMIT ?';

      const indexedPage = await sample(RUNS, (i) => repo.list({ customer_id: customerAt(i) }, PAGE + 1));
      const scanSql = 'SELECT * FROM bench_comms_noindex WHERE customer_id = ? ORDER BY seq DESC LIMIT ?';
      const scanPage = await sample(SCAN_RUNS, (i) => client.execute({ sql: scanSql, args: [customerAt(i), PAGE + 1] }), 1);
      const fullTimeline = await sample(RUNS, (i) => timeline.page(customerAt(i), PAGE));

      const matches = searches.map((q) => ftsQuery(q)!);
      const indexedSearch = await sample(RUNS, (i) => repo.list({ match: matches[i % matches.length]! }, PAGE + 1));
      const words = searches.map((q) => ftsWords(q)!);
      const customerSearch = await sample(RUNS, (i) =>
        repo.list({ customer_id: customerAt(i), match: matches[i % matches.length]!, words: words[i % words.length]! }, PAGE + 1),
      );
      // The LIKE scan looks for the first form of the first word, as the index's prefix match does.
      const likeTerms = searches.map((q) => tokenize(q)[0]!);
      const scanSearch = await sample(
        SCAN_RUNS,
        (i) =>
          client.execute({
            sql: `SELECT t.rid FROM bench_text_noindex t
                  WHERE (' ' || t.subject LIKE ? OR ' ' || t.body LIKE ?) ORDER BY t.rid DESC LIMIT ?`,
            args: [`% ${likeTerms[i % likeTerms.length]}%`, `% ${likeTerms[i % likeTerms.length]}%`, PAGE + 1],
          }),
        1,
      );
      const common = ftsQuery('για')!;
      const commonSearch = await sample(20, () => repo.list({ match: common }, PAGE + 1), 2);
      const commonWords = ftsWords('για')!;
      const commonCustomerSearch = await sample(RUNS, (i) => repo.list({ customer_id: customerAt(i), match: common, words: commonWords }, PAGE + 1));
      // Without the words, a customer's search takes the plan of customers with many entries.
      const customerSearchByMatches = await sample(RUNS, (i) => repo.list({ customer_id: customerAt(i), match: matches[i % matches.length]! }, PAGE + 1));

      const hits = await Promise.all(matches.map(async (m) => Number((await client.execute({ sql: 'SELECT count(*) AS n FROM crm_comms_fts WHERE crm_comms_fts MATCH ?', args: [m] })).rows[0]!.n)));
      line('search terms: matching entries', { min: Math.min(...hits), max: Math.max(...hits) });
      console.log(`plan, timeline page: ${await plan(client, pageSql, [customerIds[0]!, PAGE])}`);
      console.log(`plan, search: ${await plan(client, 'SELECT c.id FROM crm_comms_fts JOIN crm_comms_log c ON c.rowid = crm_comms_fts.rowid WHERE crm_comms_fts MATCH ? ORDER BY crm_comms_fts.rowid DESC LIMIT 51', [matches[0]!])}`);

      const report = (label: string, indexed: number[], scan: number[] | null, target?: number) => {
        const p95 = percentile(indexed, 95);
        line(label, {
          p50: fmt(percentile(indexed, 50)),
          p95: fmt(p95),
          ...(scan ? { 'no-index p50': fmt(percentile(scan, 50)), 'no-index p95': fmt(percentile(scan, 95)), 'speed-up (p95)': `${(percentile(scan, 95) / p95).toFixed(0)}x` } : {}),
          ...(target ? { target: `p95 < ${target} ms ${p95 < target ? 'met' : 'MISSED'}` } : {}),
        });
      };
      report('timeline page, comms query (50)', indexedPage, scanPage, 10);
      report('timeline page, whole service (50)', fullTimeline, null, 10);
      report('full-text search, all customers (50)', indexedSearch, scanSearch, 50);
      report('full-text search, one customer (50)', customerSearch, null, 50);
      line('full-text search, one customer, through all matches (50)', {
        p50: fmt(percentile(customerSearchByMatches, 50)),
        p95: fmt(percentile(customerSearchByMatches, 95)),
        'reading the customer instead, speed-up (p95)': `${(percentile(customerSearchByMatches, 95) / percentile(customerSearch, 95)).toFixed(0)}x`,
        note: 'the plan for customers with more than a few thousand entries',
      });
      line('search for a very common word ("για")', {
        p50: fmt(percentile(commonSearch, 50)),
        p95: fmt(percentile(commonSearch, 95)),
        note: 'matches a third of the log; not a realistic search',
      });
      report('search for a very common word ("για"), one customer (50)', commonCustomerSearch, null, 50);
    } finally {
      client.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
