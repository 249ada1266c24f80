import type { Change, DocumentSnapshot } from 'firebase-functions/v2/firestore';
import type { DocChange, DocData } from '../store/docstore.js';

/**
 * A Firestore trigger's Change as the DocChange the handlers take: Timestamps become Dates,
 * as the DocStore port has them.
 */
export function toDocChange(change: Change<DocumentSnapshot>): DocChange {
  return {
    path: change.after.ref.path,
    before: snapshotData(change.before),
    after: snapshotData(change.after),
  };
}

function snapshotData(snapshot: DocumentSnapshot): DocData | null {
  return snapshot.exists ? (fromFirestore(snapshot.data()) as DocData) : null;
}

function fromFirestore(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromFirestore);
  if (typeof value !== 'object' || value === null) return value;
  const maybeTimestamp = value as { toDate?: unknown };
  if (typeof maybeTimestamp.toDate === 'function') return (maybeTimestamp.toDate as () => Date).call(value);
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromFirestore(v)]));
}
