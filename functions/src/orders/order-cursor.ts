import { ApiError } from '../http/errors.js';
import type { Cursor } from '../store/docstore.js';
import { parseOrderPath } from './order-paths.js';

/**
 * The opaque `cursor` of order lists: the store cursor (orderBy values and the last path),
 * as base64url JSON with dates tagged so they come back as Dates.
 */

type Encoded = { v: ({ d: string } | string | number | boolean | null)[]; p: string };

export function encodeCursor(cursor: Cursor): string {
  const encoded: Encoded = {
    v: cursor.values.map((value) => (value instanceof Date ? { d: value.toISOString() } : (value as Encoded['v'][number]))),
    p: cursor.path,
  };
  return Buffer.from(JSON.stringify(encoded)).toString('base64url');
}

const badCursor = (): ApiError =>
  new ApiError('validation_failed', 'Invalid query: cursor: is not a cursor this list returned', [
    { path: 'cursor', message: 'is not a cursor this list returned' },
  ]);

/** `under`: the collection path the cursor's document must be in, for a per-customer list. */
export function decodeCursor(token: string, valueCount: number, under?: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const encoded = parsed as Partial<Encoded> | null;
  if (
    !encoded ||
    typeof encoded.p !== 'string' ||
    !parseOrderPath(encoded.p) ||
    (under !== undefined && !encoded.p.startsWith(`${under}/`)) ||
    !Array.isArray(encoded.v) ||
    encoded.v.length !== valueCount
  ) {
    throw badCursor();
  }
  const values = encoded.v.map((value) => {
    if (typeof value === 'object' && value !== null && typeof value.d === 'string') {
      const date = new Date(value.d);
      if (Number.isNaN(date.getTime())) throw badCursor();
      return date;
    }
    return value;
  });
  return { values, path: encoded.p };
}
