import type { Client } from '@libsql/client';
import type { DocChange, DocStore } from '../store/docstore.js';
import type { LibsqlDocStore } from '../store/libsql/libsql.store.js';
import { deletionIntentOf } from './history.deletions.js';
import { historyCommitHook, historyInsert } from './history.record.js';

/**
 * Records every write of this libSQL store in the history, in the write's own transaction
 * (embedded mode, tests, scripts on the embedded file). Migrates first: the hook's INSERT needs
 * its table. Returns what stops recording.
 */
export async function recordHistory(store: LibsqlDocStore): Promise<() => void> {
  return store.addCommitHook(historyCommitHook());
}

/**
 * Records one Firestore change event (production): keyed by the event's id, so Eventarc's
 * redelivery of an event after a failure records it once. `at` is the event's time. A
 * delete is credited to the user whose request left a deletion intent for it in `store`
 * (history.deletions.ts); the intent is removed only once the entry is recorded, so a
 * redelivered event still finds it.
 */
export async function recordHistoryEvent(sql: Client, change: DocChange, eventId: string, at: Date, store?: DocStore): Promise<void> {
  const deletion = store && change.before && !change.after ? await deletionIntentOf(store, change.path) : null;
  const insert = historyInsert(change, at, deletion?.context, eventId);
  if (insert) await sql.execute(insert);
  if (deletion) await store!.delete(deletion.intent);
}
