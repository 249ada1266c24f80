/**
 * Property: however concurrent PUTs with If-Match interleave, the customer ends equal to some
 * serial order of the accepted writes. Each writer reads the customer (or reuses an older
 * read), then PUTs its tags and name with the version it read; writers run in concurrent
 * waves. The accepted writes must form one chain, each based on the version the previous one
 * produced, and the stored customer must be the last write of that chain.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const editor = () => ({ Authorization: `Bearer ${t.tokens.editor}` });

interface Write {
  /** The wave in which the writer reads; it writes in the same wave or a later one. */
  readWave: number;
  writeDelay: number;
  tags: string[];
}

const writeArb: fc.Arbitrary<Write> = fc.record({
  readWave: fc.integer({ min: 0, max: 2 }),
  writeDelay: fc.integer({ min: 0, max: 1 }),
  tags: fc.uniqueArray(fc.constantFrom('church', 'school', 'city', 'dealer', 'vip'), { maxLength: 3 }),
});

describe('PUT /crm/customers/:id with If-Match', () => {
  it('leaves the customer equal to some serial order of the accepted writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(writeArb, { minLength: 2, maxLength: 6 }), async (writes) => {
        const created = await request(t.app).post('/api/crm/customers').set(editor()).send({ name: 'start' });
        expect(created.status).toBe(201);
        const id = created.body.id as string;
        const base = new Map<number, string>();
        const accepted: { base: string; version: string; name: string; tags: string[] }[] = [];
        const waves = Math.max(...writes.map((w) => w.readWave + w.writeDelay)) + 1;
        for (let wave = 0; wave < waves; wave++) {
          // Reads of this wave happen at once, then the writes due in it, concurrently.
          await Promise.all(
            writes.map(async (w, i) => {
              if (w.readWave !== wave) return;
              const read = await request(t.app).get(`/api/crm/customers/${id}`).set(editor());
              base.set(i, read.body.version as string);
            }),
          );
          await Promise.all(
            writes.map(async (w, i) => {
              if (w.readWave + w.writeDelay !== wave) return;
              const name = `writer ${i}`;
              const res = await request(t.app)
                .put(`/api/crm/customers/${id}`)
                .set(editor())
                .set('If-Match', `"${base.get(i)}"`)
                .send({ name, tags: w.tags });
              if (res.status === 200) accepted.push({ base: base.get(i)!, version: res.body.version, name, tags: w.tags });
              else expect(res.status, JSON.stringify(res.body)).toBe(412);
            }),
          );
        }
        const final = await request(t.app).get(`/api/crm/customers/${id}`).set(editor());
        // Follow the chain from the created version: every accepted write lies on it, once.
        let version = created.body.version as string;
        let last: (typeof accepted)[number] | undefined;
        const remaining = [...accepted];
        while (remaining.length > 0) {
          const next = remaining.findIndex((w) => w.base === version);
          expect(next, 'an accepted write was not based on the version before it').toBeGreaterThanOrEqual(0);
          last = remaining.splice(next, 1)[0]!;
          version = last.version;
        }
        expect(final.body.version).toBe(version);
        expect(final.body.name).toBe(last?.name ?? 'start');
        expect(final.body.tags).toEqual(last?.tags ?? []);
        expect(accepted.length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 15 },
    );
  }, 60_000);
});
