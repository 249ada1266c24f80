/**
 * Who deleted a document, on the production path: the Firestore adapter (against the
 * in-process Firestore stand-in, since the real emulator needs Java 21 and a download) with
 * the deletion-intent hook the `api` function adds, and the history trigger's handler fed the
 * delete events Firestore would send.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { Firestore } from 'firebase-admin/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInRequestContext } from '../http/request-context.js';
import { migrateSql } from '../sql/migrations.js';
import type { DocData } from '../store/docstore.js';
import { FirestoreDocStore } from '../store/firestore/firestore.store.js';
import { startStandIn } from '../store/test-support/firestore-stand-in.js';
import { DELETION_INTENTS, deletionIntentHook } from './history.deletions.js';
import { recordHistoryEvent } from './history.wiring.js';

let standIn: { host: string; stop(): void };
let store: FirestoreDocStore;
let sql: Client;
let dir: string;

beforeAll(async () => {
  standIn = await startStandIn();
  store = new FirestoreDocStore(new Firestore({ projectId: 'demo-history-deletes', host: standIn.host, ssl: false }));
  store.addWriteHook(deletionIntentHook());
  dir = mkdtempSync(join(tmpdir(), 'history-deletes-'));
  sql = createClient({ url: pathToFileURL(join(dir, 'history.db')).href });
  await migrateSql(sql);
});

afterAll(async () => {
  sql.close();
  await store.close();
  standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

const maria = { requestId: 'req-1', uid: 'uid-maria', name: 'Μαρία Παπαδοπούλου-Καραγιαννοπούλου', method: 'DELETE', route: '/api/crm/customers/:id/orders/:orderId' };
const at = new Date('2026-12-07T08:00:00Z');

async function historyOf(doc: string) {
  const rs = await sql.execute({ sql: 'SELECT action, actor_kind, actor_uid, actor_name, reason FROM crm_history WHERE doc = ? ORDER BY seq', args: [doc] });
  return rs.rows.map((r) => ({ action: r.action, actor: { kind: r.actor_kind, uid: r.actor_uid, name: r.actor_name }, reason: r.reason }));
}

const intents = async () => (await store.query({ collection: DELETION_INTENTS })).map((d) => d.data.path);

/** The delete event the trigger gets for `path`, delivered `times` times (Eventarc redelivers). */
async function deliverDelete(path: string, before: DocData, eventId: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await recordHistoryEvent(sql, { path, before, after: null }, eventId, at, store);
}

describe('the actor of a delete in production', () => {
  it('is the signed-in user for a delete in an API request, in a transaction or a batch, however often the event comes', async () => {
    const order = 'crm_customers/cust-1/orders/ΠΑΡ-001';
    const before = { status: 'draft', customer_name: 'Ιερός Ναός Αγίου Δημητρίου «Λαμίας»' };
    await store.set(order, before);
    await runInRequestContext(maria, () =>
      store.runTransaction(async (tx) => {
        await tx.get(order);
        tx.delete(order);
      }),
    );
    expect(await store.get(order)).toBeNull();
    expect(await intents()).toEqual([order]);
    await deliverDelete(order, before, 'event-del-1', 2);
    expect(await historyOf('customers/cust-1/orders/ΠΑΡ-001')).toEqual([
      { action: 'delete', actor: { kind: 'user', uid: 'uid-maria', name: maria.name }, reason: 'DELETE /api/crm/customers/:id/orders/:orderId' },
    ]);
    expect(await intents()).toEqual([]);

    await store.set('tasks/t-1', { title: 'Κλήση στον π. Νικόλαο' });
    await runInRequestContext({ ...maria, route: '/api/crm/tasks/:id' }, async () => {
      const batch = store.batch();
      batch.delete('tasks/t-1');
      batch.delete('crm_locks/untracked');
      await batch.commit();
    });
    expect(await intents()).toEqual(['tasks/t-1']);
    await deliverDelete('tasks/t-1', { title: 'Κλήση στον π. Νικόλαο' }, 'event-del-2');
    expect((await historyOf('tasks/t-1'))[0]).toMatchObject({ actor: { kind: 'user', uid: 'uid-maria' }, reason: 'DELETE /api/crm/tasks/:id' });
  });

  it('stays the console for a delete outside any request, even of a document a user deleted before', async () => {
    const product = 'crm_products/prod-1';
    await store.set(product, { name: 'Κρουστήρας καμπάνας', price: 450 });
    await runInRequestContext(maria, () => store.delete(product));
    await deliverDelete(product, { name: 'Κρουστήρας καμπάνας', price: 450 }, 'event-del-3');

    await store.set(product, { name: 'Κρουστήρας καμπάνας', price: 480 });
    await store.delete(product);
    expect(await intents()).toEqual([]);
    await deliverDelete(product, { name: 'Κρουστήρας καμπάνας', price: 480 }, 'event-del-4');
    expect((await historyOf('products/prod-1')).map((e) => e.actor)).toEqual([
      { kind: 'user', uid: 'uid-maria', name: maria.name },
      { kind: 'console', uid: null, name: null },
    ]);
  });
});
