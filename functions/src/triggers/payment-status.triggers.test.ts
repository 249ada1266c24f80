import functionsTest from 'firebase-functions-test';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocChange, DocData } from '../store/docstore.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { dispatchChange } from './dispatch.js';
import { ledgerDigestPath, shardOf } from '../ledger/ledger.digest.js';
import { handleCustomerWritten, handleOrderWritten } from './payment-status.handlers.js';
import { customerWrittenTrigger, MAX_EVENT_AGE_MS, orderWrittenTrigger } from './payment-status.triggers.js';

// firebase-functions-test in offline mode: it builds the CloudEvent and DocumentSnapshots the
// Functions runtime would pass (we cannot run that runtime here); the store is our real one.
const fft = functionsTest({ projectId: 'demo-bellsystems' });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
  fft.cleanup();
});

const auth = () => ({ Authorization: `Bearer ${t.tokens.editor}` });

async function customerWithOrder(): Promise<{ customerId: string; orderId: string }> {
  const customer = await request(t.app)
    .post('/api/crm/customers')
    .set(auth())
    .send({ name: 'Μανώλης Παπαδάκης', organization: 'Ηλεκτρονικά Παπαδάκη Ο.Ε.' });
  const order = await request(t.app)
    .post(`/api/crm/customers/${customer.body.id}/orders`)
    .set(auth())
    .send({ title: 'Ανταλλακτικά', items: [{ type: 'freetext', description: 'Πλακέτα ρελέ', quantity: 4, unit_price: 62.45 }] });
  expect(order.status).toBe(201);
  return { customerId: customer.body.id, orderId: order.body.id };
}

const paymentStatusOf = async (customerId: string, orderId: string) =>
  (await t.store.get(`crm_customers/${customerId}/orders/${orderId}`))!.data.payment_status;

/** A ledger entry as a console edit or an import would write it, bypassing the API. */
const consoleEntry = (orderId: string, amount: number, flow = 'payment') => ({
  id: `console-${flow}-${amount}`,
  date: new Date('2026-02-01T10:00:00Z'),
  flow,
  payment_type: flow === 'credit' ? null : 'cash',
  category: 'installment',
  amount,
  currency: 'EUR',
  invoice_ref: null,
  order_ref: orderId,
  recorded_by: 'console',
  note: '',
});

/** Writes the customer document directly and returns the change a trigger would receive. */
async function writeLedgerDirectly(customerId: string, entries: DocData[]): Promise<DocChange> {
  const path = `crm_customers/${customerId}`;
  const before = (await t.store.get(path))!.data;
  await t.store.update(path, { transaction_history: entries });
  return { path, before, after: (await t.store.get(path))!.data };
}

/** Counts the documents written while fn runs. */
async function writesDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const written: string[] = [];
  const stop = t.store.onChange((change) => {
    written.push(change.path);
  });
  try {
    await fn();
  } finally {
    stop();
  }
  return written;
}

describe('onCustomerWritten (through firebase-functions-test wrap)', () => {
  it('yields the payment status the API computes for the same ledger, and rerunning writes nothing', async () => {
    const viaApi = await customerWithOrder();
    const recorded = await request(t.app)
      .post(`/api/crm/customers/${viaApi.customerId}/transactions`)
      .set(auth())
      .send({ flow: 'payment', payment_type: 'cash', category: 'installment', amount: 100.1, order_ref: viaApi.orderId });
    const apiStatus = recorded.body.affected_orders[0].payment_status;
    expect(apiStatus).toMatchObject({ received_amount: 100.1, balance_due: 149.7 });

    const viaConsole = await customerWithOrder();
    const change = await writeLedgerDirectly(viaConsole.customerId, [consoleEntry(viaConsole.orderId, 100.1)]);
    expect(await paymentStatusOf(viaConsole.customerId, viaConsole.orderId)).toMatchObject({ received_amount: 0 });

    const wrapped = fft.wrap(customerWrittenTrigger(async () => t.store));
    const event = {
      data: fft.makeChange(
        fft.firestore.makeDocumentSnapshot(change.before!, change.path),
        fft.firestore.makeDocumentSnapshot(change.after!, change.path),
      ),
      params: { customerId: viaConsole.customerId },
    };
    await wrapped(event);
    expect(await paymentStatusOf(viaConsole.customerId, viaConsole.orderId)).toEqual(apiStatus);

    expect(await writesDuring(() => wrapped(event))).toEqual([]);
  });

  it('does nothing when the ledger did not change', async () => {
    const { customerId, orderId } = await customerWithOrder();
    const path = `crm_customers/${customerId}`;
    // A stale status that only a ledger change would correct.
    await t.store.update(`${path}/orders/${orderId}`, { 'payment_status.received_amount': 7 });
    const data = (await t.store.get(path))!.data;
    const wrapped = fft.wrap(customerWrittenTrigger(async () => t.store));
    const snapshot = fft.firestore.makeDocumentSnapshot(data, path);
    expect(await writesDuring(() => wrapped({ data: fft.makeChange(snapshot, snapshot), params: { customerId } }))).toEqual([]);
    expect(await handleCustomerWritten(t.store, { path, before: data, after: data })).toBe(0);
  });
});

describe('onOrderWritten (through firebase-functions-test wrap)', () => {
  it('recomputes when required_amount is typed in the console', async () => {
    const { customerId, orderId } = await customerWithOrder();
    await writeLedgerDirectly(customerId, [consoleEntry(orderId, 50)]);
    const path = `crm_customers/${customerId}/orders/${orderId}`;
    const before = (await t.store.get(path))!.data;
    await t.store.update(path, { 'payment_status.required_amount': 50 });
    const after = (await t.store.get(path))!.data;

    const wrapped = fft.wrap(orderWrittenTrigger(async () => t.store));
    await wrapped({
      data: fft.makeChange(fft.firestore.makeDocumentSnapshot(before, path), fft.firestore.makeDocumentSnapshot(after, path)),
      params: { customerId, orderId },
    });
    expect(await paymentStatusOf(customerId, orderId)).toEqual({
      required_amount: 50,
      received_amount: 50,
      balance_due: 0,
      advance_required: false,
      advance_amount: null,
      payment_complete: true,
    });
  });
});

describe('dispatchChange (the embedded server’s triggers)', () => {
  it('keeps payment status computed for console writes, without looping', async () => {
    const { customerId, orderId } = await customerWithOrder();
    const stop = t.store.onChange((change) => dispatchChange(t.store, change));
    try {
      const written = await writesDuring(() =>
        t.store.update(`crm_customers/${customerId}`, {
          transaction_history: [consoleEntry(orderId, 249.8), consoleEntry(orderId, 0.1, 'credit'), consoleEntry('other', 5)],
        }),
      );
      // The customer write, then one recompute of the order (whose own trigger finds nothing to
      // do), then the customer's entry in the reports' ledger digest.
      const digest = ledgerDigestPath(shardOf(customerId));
      expect(written).toEqual([`crm_customers/${customerId}`, `crm_customers/${customerId}/orders/${orderId}`, digest]);
      expect(await paymentStatusOf(customerId, orderId)).toMatchObject({ received_amount: 249.9, balance_due: -0.1, payment_complete: true });

      // A typed received amount is put back.
      await t.store.update(`crm_customers/${customerId}/orders/${orderId}`, { 'payment_status.received_amount': 1 });
      expect(await paymentStatusOf(customerId, orderId)).toMatchObject({ received_amount: 249.9 });

      // An API write is already right: its triggers write nothing more.
      const apiWrites = await writesDuring(() =>
        request(t.app)
          .post(`/api/crm/customers/${customerId}/transactions`)
          .set(auth())
          .send({ flow: 'refund', payment_type: 'cash', amount: 0.1, order_ref: orderId })
          .expect(201),
      );
      expect(apiWrites.sort()).toEqual([`crm_customers/${customerId}`, `crm_customers/${customerId}/orders/${orderId}`, digest].sort());
    } finally {
      stop();
    }
  });

  it('ignores paths that are not customers or orders, and deletions', async () => {
    const { customerId, orderId } = await customerWithOrder();
    const path = `crm_customers/${customerId}/orders/${orderId}`;
    const data = (await t.store.get(path))!.data;
    const written = await writesDuring(async () => {
      await dispatchChange(t.store, { path: 'crm_products/x', before: null, after: { name: 'x' } });
      await dispatchChange(t.store, { path, before: data, after: null });
    });
    expect(written).toEqual([]);
    expect(await handleOrderWritten(t.store, { path: 'crm_customers/x/notes/y', before: null, after: {} })).toBe(0);
  });
});

describe('retries and their age limit', () => {
  it('deploys both triggers with retry on', () => {
    for (const trigger of [customerWrittenTrigger(async () => t.store), orderWrittenTrigger(async () => t.store)]) {
      expect(trigger.__endpoint.eventTrigger?.retry).toBe(true);
    }
  });

  it('drops an event older than the age limit and logs it; a fresh retry of it still works', async () => {
    const { customerId, orderId } = await customerWithOrder();
    const change = await writeLedgerDirectly(customerId, [consoleEntry(orderId, 10)]);
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const logger = { warn: (message: string, fields?: Record<string, unknown>) => warnings.push({ message, fields }) };
    const wrapped = fft.wrap(customerWrittenTrigger(async () => t.store, logger));
    const data = fft.makeChange(
      fft.firestore.makeDocumentSnapshot(change.before!, change.path),
      fft.firestore.makeDocumentSnapshot(change.after!, change.path),
    );
    const old = new Date(Date.now() - MAX_EVENT_AGE_MS - 60_000).toISOString();
    expect(await writesDuring(() => wrapped({ data, params: { customerId }, time: old, id: 'evt-old' }))).toEqual([]);
    expect(warnings).toEqual([expect.objectContaining({ fields: expect.objectContaining({ eventId: 'evt-old', trigger: 'onCustomerWritten' }) })]);
    expect(await paymentStatusOf(customerId, orderId)).toMatchObject({ received_amount: 0 });

    await wrapped({ data, params: { customerId }, time: new Date().toISOString(), id: 'evt-new' });
    expect(await paymentStatusOf(customerId, orderId)).toMatchObject({ received_amount: 10 });
  });
});
