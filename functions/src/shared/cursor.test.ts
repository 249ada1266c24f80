import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../http/errors.js';
import { cursorSchema, decodeStoreCursor, encodeCursor, encodeStoreCursor } from './cursor.js';

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const at = new Date('2026-03-01T10:00:00.000Z');
const anyOrder = { values: 1, path: (path: string) => path.startsWith('crm_customers/c1/orders/') };

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err instanceof ApiError ? { code: err.code, details: err.details } : err;
  }
  return 'accepted';
}

describe('cursor tokens', () => {
  it('gives a store cursor back with its dates, for the ordering it was made for', () => {
    const token = encodeStoreCursor({ values: ['άλφα', at], path: 'crm_customers/c9' }, 'name_sort:asc,created_at:desc');
    const scope = { ordering: 'name_sort:asc,created_at:desc', values: 2, path: (path: string) => path.startsWith('crm_customers/') };
    expect(decodeStoreCursor(token, scope)).toEqual({ values: ['άλφα', at], path: 'crm_customers/c9' });
  });

  it('writes the tokens the lists wrote before they shared one codec, and still reads old order-list tokens', () => {
    const cursor = { values: [at], path: 'crm_customers/c1/orders/o1' };
    expect(encodeStoreCursor(cursor, 'created_at:desc')).toBe(
      base64url({ o: 'created_at:desc', v: [{ $d: at.toISOString() }], p: cursor.path }),
    );
    expect(encodeCursor([17, ''])).toBe(base64url([17, '']));
    expect(decodeStoreCursor(base64url({ v: [{ d: at.toISOString() }], p: cursor.path }), anyOrder)).toEqual(cursor);
  });

  it('refuses a token of another ordering, another list, another length or none at all with a 400 on cursor', () => {
    const bad = { code: 'validation_failed', details: [{ path: 'cursor', message: 'is not a cursor this list returned' }] };
    const named = encodeStoreCursor({ values: [at], path: 'crm_customers/c1/orders/o1' }, 'created_at:asc');
    expect(refusal(() => decodeStoreCursor(named, anyOrder))).toEqual(bad);
    expect(refusal(() => decodeStoreCursor(encodeStoreCursor({ values: [at], path: 'crm_customers/c2/orders/o1' }), anyOrder))).toEqual(bad);
    expect(refusal(() => decodeStoreCursor(encodeStoreCursor({ values: [at, 1], path: 'crm_customers/c1/orders/o1' }), anyOrder))).toEqual(bad);
    expect(refusal(() => decodeStoreCursor(base64url({ v: [{ $d: 'soon' }], p: 'crm_customers/c1/orders/o1' }), anyOrder))).toEqual(bad);
    expect(refusal(() => decodeStoreCursor('not-a-cursor', anyOrder))).toEqual(bad);
    expect(cursorSchema(z.tuple([z.number(), z.string()])).safeParse('x').success).toBe(false);
    expect(cursorSchema(z.tuple([z.number(), z.string()])).parse(encodeCursor([17, 'a']))).toEqual([17, 'a']);
  });
});
