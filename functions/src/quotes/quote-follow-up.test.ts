import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { quoteFollowUpSource } from './quote-follow-up.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const editor = () => ({ Authorization: `Bearer ${t.tokens.editor}` });
const day = 86_400_000;

describe('quote_follow_up', () => {
  it('asks for a follow-up after the set days without an answer, and resolves it once answered', async () => {
    const customer = await request(t.app).post('/api/crm/customers').set(editor()).send({ name: 'Σύλλογος Φίλων του Καμπαναριού Άνδρου' });
    const quote = await request(t.app)
      .post(`/api/crm/customers/${customer.body.id}/quotes`)
      .set(editor())
      .send({ lines: [{ description: 'Καμπάνα', quantity: 1, unit_price: 900 }] });
    const sentAt = new Date('2026-11-02T10:00:00Z');
    // Sending itself is tested against real SMTP in quotes.send.int.test.ts.
    await t.store.update(`crm_customers/${customer.body.id}/quotes/${quote.body.id}`, { state: 'sent', sent_at: sentAt, valid_until: '2027-12-31' });
    const deps = { store: t.store, sql: t.deps.sql };

    expect(await quoteFollowUpSource.due(deps, new Date(sentAt.getTime() + 6 * day))).toEqual([]);
    const due = await quoteFollowUpSource.due(deps, new Date(sentAt.getTime() + 7 * day));
    expect(due).toEqual([
      expect.objectContaining({
        source: 'quote_follow_up',
        key: `quote:${quote.body.id}:r1`,
        customer_id: customer.body.id,
        due_date: '2026-11-09',
        links: { quote_id: quote.body.id },
        reason: { type: 'quote_follow_up', props: { quote_number: quote.body.number, revision: 1, days: 7 } },
      }),
    ]);
    const keys = [due[0]!.key, 'quote:unrelated:r1', 'other-source-key'];
    expect(await quoteFollowUpSource.resolved(deps, keys, new Date())).toEqual(['quote:unrelated:r1']);
    await request(t.app).post(`/api/crm/quotes/${quote.body.id}/decline`).set(editor()).send({ reason: 'Όχι φέτος' });
    expect(await quoteFollowUpSource.resolved(deps, keys, new Date())).toEqual([due[0]!.key, 'quote:unrelated:r1']);
  });
});
