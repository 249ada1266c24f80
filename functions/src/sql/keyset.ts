import { z } from 'zod';

/**
 * Opaque `cursor` tokens for keyset paging: the sort key of the last row a page returned, as
 * base64url JSON. A page continues strictly after it, so rows written meanwhile never shift
 * a page or repeat one.
 */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** A zod field for `?cursor=` holding `shape`; 400 "is not a cursor this list returned" otherwise. */
export function cursorSchema<T>(shape: z.ZodType<T>): z.ZodType<T, string> {
  return z.string().transform((token, ctx) => {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      decoded = undefined;
    }
    const parsed = shape.safeParse(decoded);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'is not a cursor this list returned' });
      return z.NEVER;
    }
    return parsed.data;
  });
}
