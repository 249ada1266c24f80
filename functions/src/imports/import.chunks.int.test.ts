/**
 * A large import on the Firestore adapter (the in-process stand-in, as the store's own contract
 * suite uses): the run commits in chunks within Firestore's bounds (the adapter refuses a
 * commit over 500 writes, as production does), a failing chunk rolls back the ones before it,
 * and an interrupted run can be undone. The history's deletion-intent hook is on, as in
 * production, so every delete of an undo costs two writes.
 *
 * Every row creates a customer: the stand-in merges a `set` into the document instead of
 * replacing it (see store/firestore/firestore.store.test.ts), so an undone update would keep
 * the import's new fields there and not on Firestore; the embedded tests cover updates.
 */
import { Firestore } from 'firebase-admin/firestore';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletionIntentHook } from '../history/history.deletions.js';
import type { Clock } from '../http/deps.js';
import type { DocStore, Transaction } from '../store/docstore.js';
import { FirestoreDocStore } from '../store/firestore/firestore.store.js';
import { startStandIn } from '../store/test-support/firestore-stand-in.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { importRoutes } from './import.routes.js';

const ROWS = 1200;
let t: TestApp;
let standIn: { host: string; stop(): void };
let firestore: FirestoreDocStore;
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

/**
 * The Firestore store with a fault we cannot provoke in Firestore on demand: a fake, armed by
 * a test, that fails (or, for a process that dies, never answers) its Nth next transaction.
 */
let transactions = 0;
let fault: { at: number; kind: 'fail' | 'hang' } | null = null;
function faulty(store: FirestoreDocStore): DocStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'runTransaction') return Reflect.get(target, key, receiver) as unknown;
      return <R>(fn: (tx: Transaction) => Promise<R>): Promise<R> => {
        transactions += 1;
        if (fault && transactions === fault.at) {
          if (fault.kind === 'hang') return new Promise<R>(() => undefined);
          return Promise.reject(new Error('deadline exceeded (injected)'));
        }
        return target.runTransaction(fn);
      };
    },
  });
}

const admin = () => ({ Authorization: `Bearer ${t.tokens.admin}` });
/** What an import touches on the store: every customer, product and SKU reservation, sorted, as the port reads them. */
async function dump(): Promise<string[]> {
  const docs = (await Promise.all(['crm_customers', 'crm_products', 'crm_product_skus'].map((collection) => firestore.query({ collection })))).flat();
  return docs.map((d) => `${d.path} ${JSON.stringify(d.data)}`).sort();
}

function csv(tag: string): Buffer {
  const lines = ['Επωνυμία;E-mail;Τηλέφωνο;Πόλη'];
  for (let i = 0; i < ROWS; i++) lines.push(`Ενορία Αγίας Παρασκευής του Θαυματουργού ${tag} ${i};${tag}${i}@example.gr;69${String(20_000_000 + i)};Ναύπλιο`);
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

async function uploaded(tag: string): Promise<string> {
  const res = await request(t.app).post('/api/crm/imports').set(admin()).attach('file', csv(tag), `${tag}.csv`);
  expect(res.status).toBe(201);
  await request(t.app).put(`/api/crm/imports/${res.body.id}/mapping`).set(admin()).send({ mapping: { Επωνυμία: 'name', 'E-mail': 'email', Τηλέφωνο: 'phone', Πόλη: 'city' } }).expect(200);
  return res.body.id as string;
}

const stored = async (id: string) => (await t.deps.sql.execute({ sql: 'SELECT state, chunks_total, chunks_done, failure FROM crm_imports WHERE id = ?', args: [id] })).rows[0]!;

beforeAll(async () => {
  standIn = await startStandIn();
  firestore = new FirestoreDocStore(new Firestore({ projectId: 'demo-import-chunks', host: standIn.host, ssl: false }), { maxTransactionAttempts: 20 });
  firestore.addWriteHook(deletionIntentHook());
  t = await createTestApp({ clock, routes: (deps) => importRoutes({ ...deps, store: faulty(firestore) }) });
  await firestore.create('crm_customers/palios', { name: 'Παλιός Ναός', contacts: [{ id: 'c1', type: 'email', label: '', value: 'palios@example.gr', primary: true, e164: null }], tags: [], notes: [] });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await firestore?.close();
  standIn?.stop();
});

describe('a customer import on Firestore, in chunks', () => {
  it('stands on an adapter that refuses a commit over 500 writes, as production does', async () => {
    const commit = firestore.runTransaction(async (tx) => {
      for (let i = 0; i < 501; i++) tx.set(`crm_customers/scratch${i}`, { name: `Πρόχειρο ${i}` });
    });
    await expect(commit).rejects.toMatchObject({ code: 'invalid-argument', message: 'A Firestore commit takes at most 500 writes; this one has 501' });
    expect((await firestore.query({ collection: 'crm_customers' })).map((d) => d.id)).toEqual(['palios']);
  });

  it('imports 1,200 customers in chunks of at most 400 writes and undoes them back to the store as it was', async () => {
    const before = await dump();
    const id = await uploaded('a');
    transactions = 0;
    const run = await request(t.app).post(`/api/crm/imports/${id}/run`).set(admin()).send({});
    expect(run.status, JSON.stringify(run.body).slice(0, 300)).toBe(200);
    expect(run.body.counts).toMatchObject({ create: ROWS, update: 0, error: 0 });
    // The deletion-intent hook may add a write to each of the run's: 400 writes are 200 documents.
    expect(run.body.import).toMatchObject({ state: 'imported', progress: { chunks: 6, committed: 6 } });
    expect(transactions).toBe(6);
    expect((await firestore.query({ collection: 'crm_customers' })).length).toBe(ROWS + 1);

    transactions = 0;
    const undo = await request(t.app).post(`/api/crm/imports/${id}/undo`).set(admin()).send({});
    expect(undo.status, JSON.stringify(undo.body).slice(0, 300)).toBe(200);
    expect(undo.body).toMatchObject({ state: 'undone', not_undone: [] });
    // Each delete brings its deletion intent: 1,200 deletes, in chunks of 200.
    expect(transactions).toBe(6);
    expect(await dump()).toEqual(before);
  }, 240_000);

  it('rolls back the committed chunks when the third fails, and says why', async () => {
    const before = await dump();
    const id = await uploaded('b');
    transactions = 0;
    fault = { at: 3, kind: 'fail' };
    const run = await request(t.app).post(`/api/crm/imports/${id}/run`).set(admin()).send({});
    fault = null;
    expect(run.status).toBe(500);
    expect(run.body.error.message).toBe('The import failed and was rolled back. Chunk 3 of 6 failed: deadline exceeded (injected)');
    expect(await dump()).toEqual(before);
    const view = await request(t.app).get(`/api/crm/imports/${id}`).set(admin()).expect(200);
    expect(view.body).toMatchObject({ state: 'failed', failure: 'Chunk 3 of 6 failed: deadline exceeded (injected)', progress: { chunks: 6, committed: 2 }, not_undone: [] });
    await request(t.app).post(`/api/crm/imports/${id}/run`).set(admin()).send({}).expect(409);
  }, 240_000);

  it('leaves a run that died between chunks running with its progress, and undoes it once presumed dead', async () => {
    const before = await dump();
    const id = await uploaded('c');
    transactions = 0;
    fault = { at: 3, kind: 'hang' };
    void request(t.app).post(`/api/crm/imports/${id}/run`).set(admin()).send({}).then(() => undefined, () => undefined);
    while (Number((await stored(id)).chunks_done) < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    fault = null;
    expect(await stored(id)).toMatchObject({ state: 'running', chunks_total: 6, chunks_done: 2, failure: null });
    const early = await request(t.app).post(`/api/crm/imports/${id}/undo`).set(admin()).send({});
    expect(early.status).toBe(409);
    offsetMs = 11 * 60 * 1000;
    const undo = await request(t.app).post(`/api/crm/imports/${id}/undo`).set(admin()).send({});
    offsetMs = 0;
    expect(undo.status, JSON.stringify(undo.body).slice(0, 300)).toBe(200);
    expect(undo.body).toMatchObject({ state: 'undone', not_undone: [] });
    expect(await dump()).toEqual(before);
  }, 240_000);
});

const PRODUCTS = 600;
function productsCsv(tag: string): Buffer {
  const lines = ['Κωδικός;Ονομασία;Κατηγορία;Τιμή'];
  for (let i = 0; i < PRODUCTS; i++) lines.push(`${tag}-${i};Κρουστήρας ηλεκτρομαγνητικός «Μέγας» ${tag} ${i};Κρουστήρας;1.450,50`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

const uploadedProducts = async (tag: string): Promise<string> =>
  (await request(t.app).post('/api/crm/imports').set(admin()).field('kind', 'products').attach('file', productsCsv(tag), `${tag}.csv`).expect(201)).body.id as string;

describe('a product import on Firestore, in chunks', () => {
  it('imports 600 products with their SKU reservations in chunks and undoes them; a failing third chunk rolls back', async () => {
    const before = await dump();
    const id = await uploadedProducts('KR');
    transactions = 0;
    const run = await request(t.app).post(`/api/crm/imports/${id}/run`).set(admin()).send({});
    expect(run.status, JSON.stringify(run.body).slice(0, 300)).toBe(200);
    // A product and its reservation are two writes, each of which the hook may double: 100 products a chunk.
    expect(run.body.import).toMatchObject({ state: 'imported', progress: { chunks: 6, committed: 6 } });
    expect(transactions).toBe(6);
    expect((await firestore.query({ collection: 'crm_product_skus' })).length).toBe(PRODUCTS);
    await request(t.app).post(`/api/crm/imports/${id}/undo`).set(admin()).send({}).expect(200);
    expect(await dump()).toEqual(before);

    const failing = await uploadedProducts('VSP');
    transactions = 0;
    fault = { at: 3, kind: 'fail' };
    const failed = await request(t.app).post(`/api/crm/imports/${failing}/run`).set(admin()).send({});
    fault = null;
    expect(failed.status).toBe(500);
    expect(await dump()).toEqual(before);
    expect(await stored(failing)).toMatchObject({ state: 'failed', chunks_done: 2, failure: 'Chunk 3 of 6 failed: deadline exceeded (injected)' });
  }, 240_000);
});
