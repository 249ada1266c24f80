import type { AuthUser } from '../auth/auth.types.js';
import { currentRequestContext } from '../http/request-context.js';

/** Who did it: always the signed-in user, never the request body (DESIGN.md). */
export interface Actor {
  name: string;
  uid: string;
}

export function actorOf(user: AuthUser): Actor {
  return { name: user.name || user.email || user.uid, uid: user.uid };
}

/**
 * The `updated_by_uid` / `updated_by` a service puts on each document it writes, from the
 * signed-in user of the current request: the history of changes reads who made a write from
 * them (functions/src/history/). Outside a request both are null, so a write is never
 * credited to whoever wrote the document before.
 */
export function writeStamp(): { updated_by_uid: string | null; updated_by: string | null } {
  const context = currentRequestContext();
  return { updated_by_uid: context?.uid ?? null, updated_by: context?.uid ? (context.name ?? context.uid) : null };
}
