import type { Client } from '@libsql/client';
import type { DocChange } from '../store/docstore.js';
import type { LibsqlDocStore } from '../store/libsql/libsql.store.js';
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
 * redelivery of an event after a failure records it once. `at` is the event's time.
 */
export async function recordHistoryEvent(sql: Client, change: DocChange, eventId: string, at: Date): Promise<void> {
  const insert = historyInsert(change, at, undefined, eventId);
  if (!insert) return;
  await sql.execute(insert);
}
