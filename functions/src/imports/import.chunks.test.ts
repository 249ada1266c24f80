import { describe, expect, it } from 'vitest';
import type { TransactionLimits } from '../store/docstore.js';
import { chunkUnits, chunkWritten } from './import.chunks.js';
import type { Written } from './import.repository.js';

const firestore: TransactionLimits = { maxWrites: 500, maxBytes: 10 * 2 ** 20, sideWritesPerWrite: 0 };
const units = (n: number, writes = 1, bytes = 100) => Array.from({ length: n }, (_, i) => ({ items: [i], writes, bytes }));

describe('import chunks', () => {
  it('keeps everything in one chunk on an unbounded store', () => {
    expect(chunkUnits(units(5000), undefined)).toEqual([Array.from({ length: 5000 }, (_, i) => i)]);
    expect(chunkUnits([], undefined)).toEqual([[]]);
  });

  it('cuts at 400 writes, side writes counted, never splitting a unit', () => {
    expect(chunkUnits(units(1000), firestore).map((c) => c.length)).toEqual([400, 400, 200]);
    expect(chunkUnits(units(1000), { ...firestore, sideWritesPerWrite: 1 }).map((c) => c.length)).toEqual([200, 200, 200, 200, 200]);
    // A product with its reservation (2 writes) never lands half in one chunk.
    expect(chunkUnits(units(301, 2), firestore).map((c) => c.length)).toEqual([200, 101]);
    const grouped = chunkUnits([{ items: [1, 2, 3], writes: 1, bytes: 10 }, ...units(399).map((u) => ({ ...u, items: [u.items[0]! + 10] })), { items: [9], writes: 1, bytes: 10 }], firestore);
    expect(grouped.map((c) => c.length)).toEqual([402, 1]);
  });

  it('cuts at 4 MiB of estimated bytes, well under the 10 MiB request', () => {
    const big = units(10, 1, 900 * 1024);
    expect(chunkUnits(big, firestore).map((c) => c.length)).toEqual([4, 4, 2]);
  });

  it('undoes last chunk first, and never puts back two writes of one document in one transaction', () => {
    const w = (path: string, before: unknown, after: unknown): Written => ({ path, before, after });
    const written = [w('crm_products/a', { sku: 'ΑΒΓ-1' }, { sku: null }), w('crm_product_skus/ΑΒΓ-1', { product_id: 'a' }, null), w('crm_products/b', null, { sku: 'ΑΒΓ-1' }), w('crm_product_skus/ΑΒΓ-1', null, { product_id: 'b' })];
    expect(chunkWritten(written, firestore)).toEqual([[written[3]], written.slice(0, 3)]);
    expect(chunkWritten(written.slice(0, 3), undefined)).toEqual([written.slice(0, 3)]);
  });
});
