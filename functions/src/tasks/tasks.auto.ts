import type { Logger } from '../http/deps.js';
import type { AutoTaskDeps, AutoTaskSource, AutoTaskSpec } from '../shared/auto-tasks.js';
import { StoreError, type DocData } from '../store/docstore.js';
import { autoTaskId, dueFields, readTask, TASKS, taskPath, type TaskDoc } from './tasks.docs.js';

/**
 * Runs the automatic-task sources (shared/auto-tasks.ts): creates each task a source says
 * should exist, once, under an id derived from (source, key), so overlapping runs, retries and
 * replays make one task; then completes the open tasks whose reason a source says is gone.
 * One failing source is logged and does not stop the others.
 */

export interface AutoTaskRun {
  created: number;
  completed: number;
  failed: string[];
}

/** Who completes an automatic task whose reason went away (DESIGN.md: `integration:<name>`). */
const byIntegration = (source: string) => ({ name: source, uid: `integration:${source}` });

function taskOf(spec: AutoTaskSpec, now: Date): TaskDoc {
  const actor = byIntegration(spec.source);
  return {
    title: spec.title,
    notes: '',
    ...dueFields({ due_date: spec.due_date, due_at: null }),
    // Unassigned: on nobody's agenda until someone takes it.
    agenda: null,
    assignee_uid: null,
    priority: 'normal',
    state: 'open',
    customer_id: spec.customer_id === '' ? null : spec.customer_id,
    links: {
      order_id: spec.links.order_id ?? null,
      quote_id: spec.links.quote_id ?? null,
      installation_id: spec.links.installation_id ?? null,
      comms_id: spec.links.comms_id ?? null,
    },
    repeat: null,
    repeat_origin: null,
    source: spec.source,
    source_key: spec.key,
    reason: spec.reason,
    next_task_id: null,
    completed_by: null,
    completed_by_uid: null,
    completed_at: null,
    created_at: now,
    created_by: actor.name,
    created_by_uid: actor.uid,
    updated_at: now,
    updated_by: actor.name,
    updated_by_uid: actor.uid,
    history: [{ event: 'created', at: now, by: actor.name, by_uid: actor.uid }],
  };
}

async function createOnce(deps: AutoTaskDeps, spec: AutoTaskSpec, now: Date): Promise<boolean> {
  try {
    await deps.store.create(taskPath(autoTaskId(spec.source, spec.key)), taskOf(spec, now) as unknown as DocData);
    return true;
  } catch (err) {
    if (err instanceof StoreError && err.code === 'already-exists') return false;
    throw err;
  }
}

/** Completes an open automatic task; false when it was no longer open (done by hand, or by another run). */
async function completeBySource(deps: AutoTaskDeps, id: string, source: string, now: Date): Promise<boolean> {
  const actor = byIntegration(source);
  return deps.store.runTransaction(async (tx) => {
    const doc = await tx.get(taskPath(id));
    if (!doc || readTask(doc.id, doc.data).state !== 'open') return false;
    const stored = doc.data as unknown as TaskDoc;
    tx.update(taskPath(id), {
      state: 'done',
      agenda: null,
      completed_by: actor.name,
      completed_by_uid: actor.uid,
      completed_at: now,
      updated_at: now,
      updated_by: actor.name,
      updated_by_uid: actor.uid,
      history: [...(stored.history ?? []), { event: 'completed', at: now, by: actor.name, by_uid: actor.uid }],
    });
    return true;
  });
}

async function runSource(deps: AutoTaskDeps, source: AutoTaskSource, now: Date, run: AutoTaskRun): Promise<void> {
  for (const spec of await source.due(deps, now)) {
    if (spec.source !== source.name) throw new Error(`Source ${source.name} described a task of ${spec.source}`);
    if (await createOnce(deps, spec, now)) run.created++;
  }
  const open = await deps.store.query({
    collection: TASKS,
    where: [
      { field: 'source', op: '==', value: source.name },
      { field: 'state', op: '==', value: 'open' },
    ],
  });
  const idByKey = new Map(open.map((doc) => [String(doc.data.source_key), doc.id]));
  for (const key of await source.resolved(deps, [...idByKey.keys()], now)) {
    const id = idByKey.get(key);
    if (id && (await completeBySource(deps, id, source.name, now))) run.completed++;
  }
}

export async function runAutoTasks(deps: AutoTaskDeps & { logger: Logger }, sources: AutoTaskSource[], now: Date): Promise<AutoTaskRun> {
  const run: AutoTaskRun = { created: 0, completed: 0, failed: [] };
  for (const source of sources) {
    try {
      await runSource(deps, source, now, run);
    } catch (err) {
      run.failed.push(source.name);
      deps.logger.error('automatic task source failed', { source: source.name, err: String(err) });
    }
  }
  return run;
}
