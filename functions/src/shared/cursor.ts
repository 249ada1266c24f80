import { z } from 'zod';
import { ApiError } from '../http/errors.js';
import type { Cursor } from '../store/docstore.js';

/**
 * The one codec of the opaque `cursor` tokens every list pages by: the sort key of the last
 * row a page returned, as base64url JSON. A page continues strictly after it, so rows written
 * meanwhile never shift a page or repeat one. SQL lists keep a tuple of plain values; document
 * lists keep a store cursor (encodeStoreCursor).
 */

const REFUSED = 'is not a cursor this list returned';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function readToken(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A zod field for `?cursor=` holding `shape`; 400 "is not a cursor this list returned" otherwise. */
export function cursorSchema<T>(shape: z.ZodType<T>): z.ZodType<T, string> {
  return z.string().transform((token, ctx) => {
    const parsed = shape.safeParse(readToken(token));
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: REFUSED });
      return z.NEVER;
    }
    return parsed.data;
  });
}

/** `cursorSchema` for a token a service reads itself: the same 400 on `cursor`, thrown. */
export function decodeCursor<T>(token: string, shape: z.ZodType<T>): T {
  const parsed = shape.safeParse(readToken(token));
  if (!parsed.success) {
    throw new ApiError('validation_failed', `Invalid query: cursor: ${REFUSED}`, [{ path: 'cursor', message: REFUSED }]);
  }
  return parsed.data;
}

/** Which store cursors a list takes back. */
export interface StoreCursorScope {
  /** The list's ordering (search/paging.ts orderingName): a cursor of another ordering is refused. Lists with one ordering leave it out. */
  ordering?: string;
  /** How many orderBy values the cursor holds. */
  values: number;
  /** Whether the cursor's document may be in this list. */
  path: (path: string) => boolean;
}

interface StoreCursorToken {
  o?: string;
  v: unknown[];
  p: string;
}

/** A store cursor: its orderBy values, dates tagged `$d` so they come back as Dates, and the last path. */
export function encodeStoreCursor(cursor: Cursor, ordering?: string): string {
  const token: StoreCursorToken = {
    ...(ordering === undefined ? {} : { o: ordering }),
    v: cursor.values.map((value) => (value instanceof Date ? { $d: value.toISOString() } : value)),
    p: cursor.path,
  };
  return encodeCursor(token);
}

const dateOf = (text: string, ctx: z.RefinementCtx): Date => {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'is not a date' });
    return z.NEVER;
  }
  return date;
};

const storeValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.object({ $d: z.string() }).transform(({ $d }, ctx) => dateOf($d, ctx)),
  // Order lists tagged dates `d` before their cursors were this one; tokens a client still holds keep working.
  z.object({ d: z.string() }).transform(({ d }, ctx) => dateOf(d, ctx)),
]);

export function decodeStoreCursor(token: string, scope: StoreCursorScope): Cursor {
  const shape = z
    .object({ o: z.string().optional(), v: z.array(storeValue).length(scope.values), p: z.string() })
    .refine((parsed) => parsed.o === scope.ordering && scope.path(parsed.p));
  const { v, p } = decodeCursor(token, shape);
  return { values: v, path: p };
}
