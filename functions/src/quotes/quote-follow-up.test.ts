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

  it('tells the office about an answer the customer gave online, once, with the quote and its order', async () => {
    const customer = await request(t.app).post('/api/crm/customers').set(editor()).send({ name: 'Ι.Ν. Αγίου Σπυρίδωνος Κέρκυρας' });
    const quote = await request(t.app)
      .post(`/api/crm/customers/${customer.body.id}/quotes`)
      .set(editor())
      .send({ lines: [{ description: 'Ηλεκτρομηχανικό ρολόι', quantity: 1, unit_price: 2400 }] });
    const path = `crm_customers/${customer.body.id}/quotes/${quote.body.id}`;
    const answeredAt = new Date('2026-11-20T09:00:00Z');
    // What an acceptance through the link leaves (quotes.public.routes.ts; tested end to end in quotes.send.int.test.ts).
    const stored = (await t.store.get(path))!.data as { history: unknown[] };
    await t.store.update(path, {
      state: 'accepted',
      answered_at: answeredAt,
      accepted_by_name: 'Σπύρος Βλάχος',
      accepted_order_id: 'order-from-quote',
      history: [...stored.history, { event: 'quote_accepted', at: answeredAt, by: 'Σπύρος Βλάχος', by_uid: 'integration:quote-link' }],
    });
    const deps = { store: t.store, sql: t.deps.sql };
    const news = (await quoteFollowUpSource.due(deps, new Date(answeredAt.getTime() + day))).filter((spec) => spec.key === `quote:${quote.body.id}:answered`);
    expect(news).toEqual([
      expect.objectContaining({
        source: 'quote_follow_up',
        customer_id: customer.body.id,
        due_date: '2026-11-21',
        links: { quote_id: quote.body.id, order_id: 'order-from-quote' },
        reason: { type: 'quote_accepted_online', props: { quote_number: quote.body.number, revision: 1, name: 'Σπύρος Βλάχος' } },
      }),
    ]);
    // Done by hand, never by itself; and old news is no news.
    expect(await quoteFollowUpSource.resolved(deps, [news[0]!.key], new Date())).toEqual([]);
    const later = await quoteFollowUpSource.due(deps, new Date(answeredAt.getTime() + 9 * day));
    expect(later.filter((spec) => spec.key === news[0]!.key)).toEqual([]);

    // An answer staff recorded themselves is not news to them.
    await t.store.update(path, { history: [...stored.history, { event: 'quote_accepted', at: answeredAt, by: 'Editor', by_uid: 'u1' }] });
    const recorded = await quoteFollowUpSource.due(deps, new Date(answeredAt.getTime() + day));
    expect(recorded.filter((spec) => spec.key === news[0]!.key)).toEqual([]);
  });
});
