import { z } from 'zod';

/**
 * Keyset paging on (occurred_at, id), newest first: the opaque `cursor` of the comms list and
 * of the customer timeline. A page continues strictly after the last row it returned, so rows
 * written meanwhile never shift a page or repeat one.
 */
export interface Keyset {
  /** ISO 8601 UTC, as stored. */
  at: string;
  id: string;
}

const keysetSchema = z.tuple([z.iso.datetime(), z.string().min(1).max(200)]);

export function encodeKeyset(keyset: Keyset): string {
  return Buffer.from(JSON.stringify([keyset.at, keyset.id])).toString('base64url');
}

/** null when `token` is not a cursor encodeKeyset made. */
export function decodeKeyset(token: string): Keyset | null {
  try {
    const parsed = keysetSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    return parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** A zod field for `?cursor=`: 400 "is not a cursor this list returned" otherwise. */
export const keysetCursorSchema = z.string().transform((token, ctx) => {
  const keyset = decodeKeyset(token);
  if (!keyset) {
    ctx.addIssue({ code: 'custom', message: 'is not a cursor this list returned' });
    return z.NEVER;
  }
  return keyset;
});

/** Whether (at, id) sorts before the keyset, i.e. comes after it in a newest-first list. */
export function isAfterKeyset(at: string, id: string, keyset: Keyset): boolean {
  return at < keyset.at || (at === keyset.at && id < keyset.id);
}
