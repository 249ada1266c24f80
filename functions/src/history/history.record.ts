/**
 * Turns a document change into its history row. Used two ways, with the same result:
 * - embedded mode (libSQL store): as a commit hook, so the row is written in the same SQL
 *   transaction as the document and cannot be lost or written for a change that rolled back;
 * - production (Firestore): by the `onHistoryWritten` triggers, keyed by the event id so that
 *   a redelivered event is recorded once (triggers/history.triggers.ts).
 */
import type { InStatement } from '@libsql/client';
import { currentRequestContext, type RequestContext } from '../http/request-context.js';
import type { DocChange, DocData } from '../store/docstore.js';
import { valuesEqual } from '../store/values.js';
import { diffDocs } from './history.diff.js';
import { historyKinds, type HistoryAction, type HistoryActor } from './history.enums.js';

/** The collections whose documents have a history, by their id (a subcollection's parent does not matter). */
const TRACKED = new Set<string>(historyKinds);

const wireSegment = (collection: string) => collection.replace(/^crm_/, '');

/** `crm_customers/c1/orders/o1` → `customers/c1/orders/o1`, kind `orders`; null when not tracked. */
export function docOfPath(path: string): { doc: string; kind: string } | null {
  const segments = path.split('/');
  if (segments.length % 2 !== 0) return null;
  const wire = segments.map((segment, i) => (i % 2 === 0 ? wireSegment(segment) : segment));
  const kind = wire[wire.length - 2]!;
  return TRACKED.has(kind) ? { doc: wire.join('/'), kind } : null;
}

function freshStamp(before: DocData | null, after: DocData | null): { uid: string; name: string | null } | null {
  if (!after || typeof after.updated_by_uid !== 'string' || !after.updated_by_uid) return null;
  const restamped =
    !before ||
    before.updated_by_uid !== after.updated_by_uid ||
    before.updated_reason !== after.updated_reason ||
    !valuesEqual(before.updated_at ?? null, after.updated_at ?? null);
  if (!restamped) return null;
  return { uid: after.updated_by_uid, name: typeof after.updated_by === 'string' ? after.updated_by : null };
}

/**
 * Who made the change: the signed-in user of the request that wrote it (embedded mode knows
 * it), else the stamp the writer put on the document in this write (`updated_by_uid`: a
 * uid, `integration:<name>` or `script:<name>`), else the console (a write that left the
 * stamp as it was: the Firebase console, or code that does not stamp).
 */
export function actorOf(change: DocChange, context?: RequestContext): HistoryActor {
  if (context?.uid) return { kind: 'user', uid: context.uid, name: context.name ?? null };
  const stamp = freshStamp(change.before, change.after);
  if (!stamp) return { kind: 'console', uid: null, name: null };
  const [prefix, rest] = stamp.uid.split(/:(.*)/s) as [string, string | undefined];
  if (rest !== undefined && (prefix === 'integration' || prefix === 'script')) {
    return { kind: prefix, uid: stamp.uid, name: stamp.name ?? rest };
  }
  return { kind: 'user', uid: stamp.uid, name: stamp.name };
}

/** Why: the route that wrote it (method and pattern), else an `updated_reason` the writer set in this write. */
export function reasonOf(change: DocChange, context?: RequestContext): string | null {
  if (context?.route) return context.method ? `${context.method} ${context.route}` : context.route;
  const reason = change.after?.updated_reason;
  if (typeof reason === 'string' && reason && reason !== change.before?.updated_reason) return reason;
  return null;
}

export function actionOf(change: DocChange): HistoryAction {
  return !change.before ? 'create' : !change.after ? 'delete' : 'update';
}

/** The INSERT for a change, or null when the document is not tracked or nothing meaningful changed. */
export function historyInsert(change: DocChange, at: Date, context?: RequestContext, eventId?: string): InStatement | null {
  const target = docOfPath(change.path);
  if (!target) return null;
  const action = actionOf(change);
  const changes = diffDocs(change.before, change.after);
  if (action === 'update' && changes.length === 0) return null;
  const actor = actorOf(change, context);
  return {
    sql: `INSERT INTO crm_history (event_id, doc, path, kind, at, actor_kind, actor_uid, actor_name, action, changes, reason)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
    args: [
      eventId ?? null,
      target.doc,
      change.path,
      target.kind,
      at.toISOString(),
      actor.kind,
      actor.uid,
      actor.name,
      action,
      JSON.stringify(changes),
      reasonOf(change, context),
    ],
  };
}

/** The libSQL store's commit hook: one row per tracked change, in the write's own transaction. */
export function historyCommitHook(now: () => Date = () => new Date()) {
  return (changes: DocChange[]): InStatement[] => {
    const context = currentRequestContext();
    const at = now();
    return changes.map((change) => historyInsert(change, at, context)).filter((s): s is InStatement => s !== null);
  };
}
