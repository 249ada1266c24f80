import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let customerId: string;

beforeAll(async () => {
  t = await createTestApp();
  const res = await request(t.app).post('/api/crm/customers').set('Authorization', `Bearer ${t.tokens.editor}`).send({ name: 'Ενορία Αγίας Τριάδας' });
  customerId = res.body.id as string;
});
afterAll(async () => {
  await t?.close();
});

const note = (body: string) => ({ customer_id: customerId, type: 'note', direction: 'internal', body });
const post = (body: object, key?: string, role: 'editor' | 'admin' = 'editor') => {
  const req = request(t.app).post('/api/crm/comms').set('Authorization', `Bearer ${t.tokens[role]}`);
  return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
};
async function notes(): Promise<string[]> {
  const res = await request(t.app).get('/api/crm/comms').query({ customer_id: customerId }).set('Authorization', `Bearer ${t.tokens.viewer}`);
  return (res.body.entries as { body: string }[]).map((e) => e.body);
}

describe('Idempotency-Key on create routes', () => {
  it('answers a retry with the first answer and creates once', async () => {
    const first = await post(note('Τηλεφώνησε για το ρολόι'), 'click-1');
    const retry = await post(note('Τηλεφώνησε για το ρολόι'), 'click-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await notes()).filter((b) => b === 'Τηλεφώνησε για το ρολόι')).toHaveLength(1);
  });

  it('refuses the same key with another body (422) and writes nothing', async () => {
    await post(note('Πρώτο'), 'click-2');
    const other = await post(note('Άλλο'), 'click-2');
    expect(other.status).toBe(422);
    expect(other.body.error.details[0].path).toBe('headers.idempotency-key');
    expect(await notes()).not.toContain('Άλλο');
  });

  it('keeps keys apart per user, and without a key every request creates', async () => {
    const mine = await post(note('Κοινό κλειδί'), 'shared');
    const theirs = await post(note('Κοινό κλειδί'), 'shared', 'admin');
    expect(theirs.body.id).not.toBe(mine.body.id);
    await post(note('Χωρίς κλειδί'));
    await post(note('Χωρίς κλειδί'));
    expect((await notes()).filter((b) => b === 'Χωρίς κλειδί')).toHaveLength(2);
  });

  it('keeps nothing for a request that failed, so its retry runs', async () => {
    const bad = await post({ ...note('x'), customer_id: 'no-such-customer' }, 'retry-after-fix');
    expect(bad.status).toBe(422);
    const fixed = await post(note('Μετά τη διόρθωση'), 'retry-after-fix');
    expect(fixed.status).toBe(201);
  });

  it('rejects a malformed key with 400', async () => {
    const res = await post(note('y'), 'a key with spaces');
    expect(res.status).toBe(400);
    expect(await notes()).not.toContain('y');
  });
});

describe('Idempotency-Key under concurrency', () => {
  it('gives two concurrent requests with one key the same answer, and creates once', async () => {
    const body = note('Ταυτόχρονα από δύο καρτέλες');
    const answers = await Promise.all([post(body, 'two-tabs'), post(body, 'two-tabs'), post(body, 'two-tabs')]);
    for (const answer of answers) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body).toEqual(answers[0]!.body);
    }
    expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
    expect((await notes()).filter((b) => b === 'Ταυτόχρονα από δύο καρτέλες')).toHaveLength(1);
  });

  it('takes over a key a dead instance left without an answer', async () => {
    const body = note('Μετά από κατάρρευση');
    const scope = `${t.users.editor.uid} POST /api/crm/comms`;
    const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    await t.deps.sql.execute({
      sql: 'INSERT INTO http_idempotency (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)',
      args: [scope, 'crashed', hash, new Date(Date.now() - 10 * 60_000).toISOString()],
    });
    const res = await post(body, 'crashed');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await notes()).filter((b) => b === 'Μετά από κατάρρευση')).toHaveLength(1);
  });
});
