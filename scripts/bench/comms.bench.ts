/**
 * Comms log: fills a temporary libSQL file with 1,000,000 comms entries across 5,000
 * customers (the real schema from functions/src/sql, bulk-loaded in batch transactions) and
 * measures a customer's timeline first page and a full-text search, each against the same
 * query without its index: the timeline on a copy of the table without indexes, the search
 * as a LIKE scan over the same normalised text. Targets: timeline p95 < 10 ms, search p95 < 50 ms.
 */
import { createClient, type Client, type InValue } from '@libsql/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommsRepository } from '../../functions/src/comms/comms.repository.js';
import { ftsQuery, ftsText } from '../../functions/src/comms/comms.text.js';
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
const ROWS_PER_STATEMENT = 400;
const STATEMENTS_PER_TRANSACTION = 25;
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

/** ftsText over a finite vocabulary, memoised per word (same output, far fewer calls). */
const wordForms = new Map<string, string>();
function ftsOf(text: string): string {
  const words = tokenize(text);
  const sounds: string[] = [];
  for (const word of words) {
    let sound = wordForms.get(word);
    if (sound === undefined) {
      sound = ftsText(word).split(' ')[1] ?? '';
      wordForms.set(word, sound);
    }
    if (sound !== '') sounds.push(sound);
  }
  return [...words, ...sounds].join(' ');
}

function sentence(customer: number): string {
  const words: string[] = [];
  const length = 8 + Math.floor(random() * 25);
  for (let i = 0; i < length; i++) {
    const r = random();
    words.push(r < 0.35 ? pick(commonWords) : r < 0.5 ? zipf(domainWords) : zipf(vocabulary));
  }
  if (random() < 0.3) words.splice(Math.floor(random() * words.length), 0, customerNames[customer]!);
  return words.join(' ');
}

const START = Date.UTC(2021, 0, 1);
const SPAN = Date.UTC(2026, 0, 1) - START;
const COLUMNS = ['id', 'customer_id', 'type', 'direction', 'subject', 'body', 'attachments', 'ext_message_id', 'address', 'address_raw', 'logged_by', 'logged_by_uid', 'occurred_at', 'created_at', 'updated_at'];

async function fill(client: Client): Promise<void> {
  // rowid is given so the FTS row can name it (crm_comms_fts.rowid = crm_comms_log.rowid).
  const rowMarks = `(${['rowid', ...COLUMNS].map(() => '?').join(', ')})`;
  let rowid = 0;
  for (let done = 0; done < ENTRIES; ) {
    const statements = [];
    for (let s = 0; s < STATEMENTS_PER_TRANSACTION && done < ENTRIES; s++) {
      const rows = Math.min(ROWS_PER_STATEMENT, ENTRIES - done);
      const args: InValue[] = [];
      const ftsArgs: InValue[] = [];
      for (let r = 0; r < rows; r++) {
        const customer = Math.floor(random() * CUSTOMERS);
        const type = pick(types);
        const at = new Date(START + Math.floor(random() * SPAN)).toISOString();
        const subject = type === 'email' || type === 'note' ? sentence(customer).split(' ').slice(0, 6).join(' ') : null;
        const body = sentence(customer);
        rowid += 1;
        args.push(
          rowid,
          randomBytes(16).toString('hex'),
          random() < 0.01 ? '' : customerIds[customer]!,
          type,
          pick(directions),
          subject,
          body,
          '[]',
          type === 'email' || type === 'whatsapp' ? `m-${rowid}` : null,
          `+3069${String(customer).padStart(8, '0')}`,
          null,
          'bench',
          null,
          at,
          at,
          at,
        );
        ftsArgs.push(rowid, ftsOf(subject ?? ''), ftsOf(body));
      }
      statements.push(
        { sql: `INSERT INTO crm_comms_log (rowid, ${COLUMNS.join(', ')}) VALUES ${Array(rows).fill(rowMarks).join(', ')}`, args },
        { sql: `INSERT INTO crm_comms_fts (rowid, subject, body) VALUES ${Array(rows).fill('(?, ?, ?)').join(', ')}`, args: ftsArgs },
      );
      done += rows;
    }
    await client.batch(statements, 'write');
  }
}

async function seedCustomers(store: LibsqlDocStore): Promise<void> {
  const now = new Date();
  for (let at = 0; at < CUSTOMERS; at += 100) {
    const batch = store.batch();
    for (const [i, id] of customerIds.slice(at, at + 100).entries()) {
      const n = at + i;
      batch.create(`crm_customers/${id}`, {
        name: customerNames[n],
        transaction_history: [
          { id: `t${n}a`, date: new Date(START + (n % 1000) * 86_400_000), flow: 'invoice', payment_type: null, category: 'full_payment', amount: 1200, currency: 'EUR', invoice_ref: null, order_ref: `o${n}`, recorded_by: 'bench', note: '' },
          { id: `t${n}b`, date: new Date(START + (n % 1000) * 86_400_000 + 7 * 86_400_000), flow: 'payment', payment_type: 'bank_transfer', category: 'advance', amount: 400, currency: 'EUR', invoice_ref: null, order_ref: `o${n}`, recorded_by: 'bench', note: '' },
        ],
        technical_issues: [{ id: `i${n}`, active: false, opened_date: new Date(START + n * 3_600_000), resolved_date: now, note: 'βλάβη', opened_by: 'bench', resolved_by: 'bench' }],
        created_at: now,
        updated_at: now,
      });
      batch.create(`crm_customers/${id}/orders/o${n}`, {
        order_number: `ORD-2025-${n}`,
        title: 'Καμπάνα',
        timeline: [
          { id: `e${n}a`, date: new Date(START + (n % 900) * 86_400_000), type: 'quote_request', note: '', updated_by: 'bench' },
          { id: `e${n}b`, date: new Date(START + (n % 900) * 86_400_000 + 86_400_000), type: 'quote_sent', note: '', updated_by: 'bench' },
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
    const client = createClient({ url, timeout: 10_000 });
    try {
      await migrateSql(client);
      await client.execute('PRAGMA synchronous = OFF');
      let started = performance.now();
      await fill(client);
      const count = Number((await client.execute('SELECT count(*) AS n FROM crm_comms_log')).rows[0]!.n);
      line('bulk insert', { rows: count, seconds: ((performance.now() - started) / 1000).toFixed(1) });
      started = performance.now();
      await seedCustomers(store);
      line('customers with orders, ledger, tickets', { docs: CUSTOMERS * 2, seconds: ((performance.now() - started) / 1000).toFixed(1) });

      // The same rows without any index, and the same normalised text as a plain table to scan.
      started = performance.now();
      await client.batch(
        [
          'CREATE TABLE bench_comms_noindex AS SELECT * FROM crm_comms_log',
          'CREATE TABLE bench_text_noindex AS SELECT rowid AS rid, subject, body FROM crm_comms_fts',
          'ANALYZE',
        ],
        'write',
      );
      line('unindexed copies', { seconds: ((performance.now() - started) / 1000).toFixed(1) });

      const repo = new CommsRepository(client);
      const timeline = new TimelineService({ sql: client, store, clock: systemClock });
      const customerAt = (i: number) => customerIds[(i * 7919) % CUSTOMERS]!;
      const pageSql = 'SELECT * FROM %T WHERE customer_id = ? ORDER BY occurred_at DESC, id DESC LIMIT ?';

      const indexedPage = await sample(RUNS, (i) => repo.list({ customer_id: customerAt(i) }, PAGE + 1));
      const scanPage = await sample(SCAN_RUNS, (i) => client.execute({ sql: pageSql.replace('%T', 'bench_comms_noindex'), args: [customerAt(i), PAGE + 1] }), 1);
      const fullTimeline = await sample(RUNS, (i) => timeline.page(customerAt(i), PAGE));

      const matches = searches.map((q) => ftsQuery(q)!);
      const indexedSearch = await sample(RUNS, (i) => repo.list({ match: matches[i % matches.length]! }, PAGE + 1));
      const customerSearch = await sample(RUNS, (i) => repo.list({ customer_id: customerAt(i), match: matches[i % matches.length]! }, PAGE + 1));
      // The LIKE scan looks for the first form of the first word, as the index's prefix match does.
      const likeTerms = searches.map((q) => tokenize(q)[0]!);
      const scanSearch = await sample(
        SCAN_RUNS,
        (i) =>
          client.execute({
            sql: `SELECT c.* FROM bench_text_noindex t JOIN bench_comms_noindex c ON c.rowid = t.rid
                  WHERE (' ' || t.subject LIKE ? OR ' ' || t.body LIKE ?) ORDER BY c.occurred_at DESC, c.id DESC LIMIT ?`,
            args: [`% ${likeTerms[i % likeTerms.length]}%`, `% ${likeTerms[i % likeTerms.length]}%`, PAGE + 1],
          }),
        1,
      );
      const common = ftsQuery('για')!;
      const commonSearch = await sample(20, () => repo.list({ match: common }, PAGE + 1), 2);

      const hits = await Promise.all(matches.map(async (m) => Number((await client.execute({ sql: 'SELECT count(*) AS n FROM crm_comms_fts WHERE crm_comms_fts MATCH ?', args: [m] })).rows[0]!.n)));
      line('search terms: matching entries', { min: Math.min(...hits), max: Math.max(...hits) });
      console.log(`plan, timeline page: ${await plan(client, pageSql.replace('%T', 'crm_comms_log'), [customerIds[0]!, PAGE])}`);
      console.log(`plan, search: ${await plan(client, 'SELECT c.id FROM crm_comms_fts JOIN crm_comms_log c ON c.rowid = crm_comms_fts.rowid WHERE crm_comms_fts MATCH ? ORDER BY c.occurred_at DESC, c.id DESC LIMIT 51', [matches[0]!])}`);

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
      line('search for a very common word ("για")', {
        p50: fmt(percentile(commonSearch, 50)),
        p95: fmt(percentile(commonSearch, 95)),
        note: 'matches a third of the log; not a realistic search',
      });
    } finally {
      client.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
