import type { DocStore } from '../store/docstore.js';
import { agendaOf, TASKS, type TaskDoc } from './tasks.docs.js';

/**
 * Open tasks written before the agenda key existed get it once (Today reads by it). A marker
 * document says it was done; each chunk is a transaction that re-reads its tasks and fills only
 * those still without the key, so a task written meanwhile keeps what its write set.
 */
const MARKER = 'crm_upgrades/tasks-agenda';
const CHUNK = 100;
const SCRIPT = { updated_by: 'Tasks agenda', updated_by_uid: 'script:tasks-agenda' };
/** Stores known to be filled, so a process asks the marker once. */
const filled = new WeakSet<DocStore>();

export async function ensureAgenda(store: DocStore, now: Date): Promise<void> {
  if (filled.has(store)) return;
  if (!(await store.get(MARKER))) {
    const open = await store.query({ collection: TASKS, where: [{ field: 'state', op: '==', value: 'open' }] });
    const missing = open.filter((doc) => doc.data.agenda === undefined).map((doc) => doc.path);
    for (let i = 0; i < missing.length; i += CHUNK) {
      await store.runTransaction(async (tx) => {
        for (const doc of await tx.getAll(missing.slice(i, i + CHUNK))) {
          if (doc && doc.data.agenda === undefined) {
            tx.update(doc.path, { agenda: agendaOf(doc.data as unknown as TaskDoc), updated_at: now, ...SCRIPT });
          }
        }
      });
    }
    await store.set(MARKER, { done_at: now, updated_at: now, ...SCRIPT });
  }
  filled.add(store);
}
