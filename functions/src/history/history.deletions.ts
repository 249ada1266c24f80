/**
 * Who deleted a document, in production. A Firestore delete event names no author and leaves
 * no document to stamp, so a delete made in an API request commits, in the same batch or
 * transaction, a deletion intent naming the signed-in user and the route; the history trigger
 * of that delete reads it, records the user, and removes it. A delete without one (the
 * Firebase console, code outside a request) is recorded as the console's, as before.
 */
import { currentRequestContext, type RequestContext } from '../http/request-context.js';
import type { DocStore } from '../store/docstore.js';
import type { WriteHook } from '../store/firestore/firestore.store.js';
import { docOfPath } from './history.record.js';

export const DELETION_INTENTS = 'crm_history_deletions';

/** One intent per deleted path: a path's slashes cannot be in a document id, its base64url can. */
const intentPath = (path: string) => `${DELETION_INTENTS}/${Buffer.from(path, 'utf8').toString('base64url')}`;

/** The Firestore store's write hook: an intent for each tracked document a request deletes. */
export function deletionIntentHook(now: () => Date = () => new Date()): WriteHook {
  return (ops) => {
    const context = currentRequestContext();
    if (!context?.uid) return [];
    const deleted = ops.filter((op) => op.type === 'delete' && docOfPath(op.path));
    return deleted.map((op) => ({
      type: 'set',
      path: intentPath(op.path),
      merge: false,
      data: { path: op.path, uid: context.uid, name: context.name ?? null, method: context.method ?? null, route: context.route ?? null, at: now() },
    }));
  };
}

/** The request that deleted `path`, from its intent, and the intent's path (to remove once recorded). */
export async function deletionIntentOf(store: DocStore, path: string): Promise<{ context: RequestContext; intent: string } | null> {
  if (!docOfPath(path)) return null;
  const intent = intentPath(path);
  const doc = await store.get(intent);
  if (!doc || doc.data.path !== path || typeof doc.data.uid !== 'string') return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    intent,
    context: { requestId: 'deletion-intent', uid: doc.data.uid, name: text(doc.data.name), method: text(doc.data.method), route: text(doc.data.route) },
  };
}
