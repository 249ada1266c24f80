import { CommsService } from '../comms/comms.service.js';
import type { AppDeps } from '../app/deps.js';
import { ApiError, conflict, notFound, unprocessable, type ErrorDetail } from '../http/errors.js';
import { assertVersion, type Precondition } from '../http/versions.js';
import type { Actor } from '../shared/actor.js';
import type { AutoTaskSource } from '../shared/auto-tasks.js';
import { athensInstant, athensMinuteOfDay } from '../shared/athens-time.js';
import { customerPath, orderPath } from '../shared/collections.js';
import { decodeStoreCursor, encodeStoreCursor } from '../shared/cursor.js';
import { cursorAfter, type DocData, type OrderBy, type Transaction, type Where } from '../store/docstore.js';
import { agendaOf, dueFields, nextTaskId, readTask, TASKS, taskPath, type TaskDoc, type TaskHistoryEntry } from './tasks.docs.js';
import { nextOccurrence } from './tasks.repeat.js';
import type { RepeatRule, Task, TaskCreate, TaskLinks, TaskListQuery, TaskPage, TaskUpdate } from './tasks.schema.js';

export type TasksDeps = Pick<AppDeps, 'store' | 'sql' | 'clock' | 'users'>;

const byDue: OrderBy[] = [{ field: 'due_sort', direction: 'asc' }];

const emptyLinks: TaskLinks = { order_id: null, quote_id: null, installation_id: null, comms_id: null };

/** What a task is about and who does it, checked against the records they name. */
interface Refs {
  customer_id: string | null;
  links: TaskLinks;
  assignee_uid: string | null;
}

const historyEntry = (event: TaskHistoryEntry['event'], actor: Actor, at: Date): TaskHistoryEntry => ({ event, at, by: actor.name, by_uid: actor.uid });

/** A 400 naming one field: the request itself is malformed. */
const badField = (path: string, message: string) => new ApiError('validation_failed', `Invalid body: ${path}: ${message}`, [{ path, message }]);

/**
 * A repeating task needs a day to repeat from and must come again at least once: a rule whose
 * `until` ends before its first repetition never fires.
 */
function checkRepeat(repeat: RepeatRule | null, dueDay: string | null, origin: string | null): void {
  if (!repeat) return;
  if (!dueDay) throw badField('repeat', 'a repeating task needs due_date or due_at');
  if (nextOccurrence(repeat, origin ?? dueDay, dueDay) === null) {
    throw unprocessable('The repeat rule never fires', [{ path: 'repeat.until', message: 'ends before the first repetition' }]);
  }
}

export class TasksService {
  constructor(
    private readonly deps: TasksDeps,
    /** The automatic sources, told when one of their tasks is completed by hand. */
    private readonly sources: readonly AutoTaskSource[] = [],
  ) {}

  async get(id: string): Promise<Task> {
    const doc = await this.deps.store.get(taskPath(id));
    if (!doc) throw notFound(`Task ${id}`);
    return readTask(doc.id, doc.data);
  }

  async list(query: TaskListQuery, uid: string): Promise<TaskPage> {
    const where: Where[] = [];
    if (query.assignee !== undefined) {
      const assignee = query.assignee === 'me' ? uid : query.assignee === 'none' ? null : query.assignee;
      where.push({ field: 'assignee_uid', op: '==', value: assignee });
    }
    if (query.state) where.push({ field: 'state', op: '==', value: query.state });
    if (query.customer_id) where.push({ field: 'customer_id', op: '==', value: query.customer_id });
    if (query.source) where.push({ field: 'source', op: '==', value: query.source });
    if (query.due_before) {
      const before = query.due_before.length === 10 ? athensInstant(query.due_before) : new Date(query.due_before);
      where.push({ field: 'due_sort', op: '<', value: before });
    }
    const startAfter = query.cursor
      ? decodeStoreCursor(query.cursor, { values: 1, path: (path) => path.startsWith(`${TASKS}/`) })
      : undefined;
    const docs = await this.deps.store.query({ collection: TASKS, where, orderBy: byDue, limit: query.limit + 1, startAfter });
    const page = docs.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      tasks: page.map((doc) => readTask(doc.id, doc.data)),
      next_cursor: docs.length > query.limit && last ? encodeStoreCursor(cursorAfter(last, byDue)) : null,
    };
  }

  async create(body: TaskCreate, actor: Actor): Promise<Task> {
    const links = { ...emptyLinks, ...body.links };
    const refs: Refs = { customer_id: body.customer_id ?? null, links, assignee_uid: body.assignee_uid ?? null };
    const due = dueFields({ due_date: body.due_date ?? null, due_at: body.due_at ? new Date(body.due_at) : null });
    const repeat = body.repeat ?? null;
    checkRepeat(repeat, due.due_day, null);
    await this.checkRefs(refs);
    const now = this.deps.clock.now();
    const doc: TaskDoc = {
      title: body.title,
      notes: body.notes,
      ...due,
      assignee_uid: refs.assignee_uid,
      priority: body.priority,
      state: 'open',
      customer_id: refs.customer_id,
      links,
      repeat,
      repeat_origin: repeat ? due.due_day : null,
      source: 'manual',
      source_key: null,
      reason: null,
      next_task_id: null,
      completed_by: null,
      completed_by_uid: null,
      completed_at: null,
      ...this.stamps(actor, now),
      history: [historyEntry('created', actor, now)],
      agenda: agendaOf({ state: 'open', assignee_uid: refs.assignee_uid, due_sort: due.due_sort }),
    };
    const id = this.deps.store.newId();
    await this.deps.store.create(taskPath(id), doc as unknown as DocData);
    return readTask(id, doc as unknown as DocData);
  }

  async update(id: string, patch: TaskUpdate, actor: Actor, precondition: Precondition): Promise<Task> {
    const current = await this.get(id);
    const dueGiven = patch.due_date !== undefined || patch.due_at !== undefined;
    const dueDate = patch.due_date !== undefined ? patch.due_date : patch.due_at ? null : current.due_date;
    const dueAt = patch.due_at !== undefined ? (patch.due_at ? new Date(patch.due_at) : null) : patch.due_date ? null : current.due_at;
    const due = dueFields({ due_date: dueDate, due_at: dueAt });
    const refs: Refs = {
      customer_id: patch.customer_id !== undefined ? patch.customer_id : current.customer_id,
      links: { ...current.links, ...patch.links },
      assignee_uid: patch.assignee_uid !== undefined ? patch.assignee_uid : current.assignee_uid,
    };
    const repeat = patch.repeat !== undefined ? patch.repeat : current.repeat;
    await this.checkRefs(refs, current);
    const now = this.deps.clock.now();
    return this.deps.store.runTransaction(async (tx) => {
      const doc = await tx.get(taskPath(id));
      if (!doc) throw notFound(`Task ${id}`);
      assertVersion(precondition, doc.data, () => readTask(id, doc.data));
      const stored = doc.data as unknown as TaskDoc;
      const origin = repeat && stored.repeat_origin && !dueGiven && patch.repeat === undefined ? stored.repeat_origin : due.due_day;
      checkRepeat(repeat, due.due_day, origin);
      const event = this.stateEvent(stored.state, patch.state);
      const changes: Partial<TaskDoc> = {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
        ...due,
        customer_id: refs.customer_id,
        links: refs.links,
        assignee_uid: refs.assignee_uid,
        repeat,
        repeat_origin: repeat ? origin : null,
        ...(patch.state !== undefined ? { state: patch.state } : {}),
        agenda: agendaOf({ state: patch.state ?? stored.state, assignee_uid: refs.assignee_uid, due_sort: due.due_sort }),
        ...(event === 'reopened' ? { completed_by: null, completed_by_uid: null, completed_at: null } : {}),
        updated_at: now,
        updated_by: actor.name,
        updated_by_uid: actor.uid,
        history: [...(stored.history ?? []), historyEntry(event, actor, now)],
      };
      tx.update(taskPath(id), changes as DocData);
      return readTask(id, { ...doc.data, ...changes });
    });
  }

  async remove(id: string, precondition: Precondition): Promise<void> {
    await this.deps.store.runTransaction(async (tx) => {
      const doc = await tx.get(taskPath(id));
      if (!doc) throw notFound(`Task ${id}`);
      assertVersion(precondition, doc.data, () => readTask(id, doc.data));
      tx.delete(taskPath(id));
    });
  }

  /**
   * Completes a task (a second completion answers it as it is); a repeating one makes its next,
   * an automatic one tells its source, so the reason behind it is closed too.
   */
  async complete(id: string, actor: Actor): Promise<Task> {
    const now = this.deps.clock.now();
    const task = await this.completeInStore(id, actor, now);
    const source = this.sources.find((candidate) => candidate.name === task.source);
    if (source?.completed && task.source_key && task.completed_at?.getTime() === now.getTime()) {
      await source.completed(this.deps, task.source_key, actor, now);
    }
    return task;
  }

  private completeInStore(id: string, actor: Actor, now: Date): Promise<Task> {
    return this.deps.store.runTransaction(async (tx) => {
      const doc = await tx.get(taskPath(id));
      if (!doc) throw notFound(`Task ${id}`);
      const stored = doc.data as unknown as TaskDoc;
      if (stored.state === 'cancelled') throw conflict('The task was cancelled: reopen it before completing it');
      if (stored.state === 'done') return readTask(id, doc.data);
      const nextId = await this.scheduleNext(tx, id, stored, actor, now);
      const changes: Partial<TaskDoc> = {
        state: 'done',
        agenda: null,
        completed_by: actor.name,
        completed_by_uid: actor.uid,
        completed_at: now,
        next_task_id: nextId,
        updated_at: now,
        updated_by: actor.name,
        updated_by_uid: actor.uid,
        history: [...(stored.history ?? []), historyEntry('completed', actor, now)],
      };
      tx.update(taskPath(id), changes as DocData);
      return readTask(id, { ...doc.data, ...changes });
    });
  }

  /** The next task of a repeating series, created in the completion's transaction; its id or null. */
  private async scheduleNext(tx: Transaction, id: string, stored: TaskDoc, actor: Actor, now: Date): Promise<string | null> {
    if (!stored.repeat || !stored.due_day) return null;
    const day = nextOccurrence(stored.repeat, stored.repeat_origin ?? stored.due_day, stored.due_day);
    if (!day) return null;
    const nextId = nextTaskId(id);
    if (await tx.get(taskPath(nextId))) return nextId;
    const dueAt = stored.due_at ? athensInstant(day, athensMinuteOfDay(new Date(stored.due_at))) : null;
    const due = dueFields({ due_date: dueAt ? null : day, due_at: dueAt });
    const next: TaskDoc = {
      ...stored,
      ...due,
      agenda: agendaOf({ state: 'open', assignee_uid: stored.assignee_uid, due_sort: due.due_sort }),
      state: 'open',
      next_task_id: null,
      completed_by: null,
      completed_by_uid: null,
      completed_at: null,
      ...this.stamps(actor, now),
      history: [historyEntry('created', actor, now)],
    };
    tx.create(taskPath(nextId), next as unknown as DocData);
    return nextId;
  }

  private stateEvent(from: TaskDoc['state'], to: TaskUpdate['state']): TaskHistoryEntry['event'] {
    if (to === 'cancelled' && from !== 'cancelled') return 'cancelled';
    if (to === 'open' && from !== 'open') return 'reopened';
    return 'updated';
  }

  private stamps(actor: Actor, now: Date) {
    return {
      created_at: now,
      created_by: actor.name,
      created_by_uid: actor.uid,
      updated_at: now,
      updated_by: actor.name,
      updated_by_uid: actor.uid,
    };
  }

  /** Each record a task names must exist: a 422 naming every field that points nowhere. */
  private async checkRefs(refs: Refs, current?: Task): Promise<void> {
    const details: ErrorDetail[] = [];
    const { customer_id: customerId, links } = refs;
    if (customerId && customerId !== current?.customer_id && !(await this.deps.store.get(customerPath(customerId)))) {
      details.push({ path: 'customer_id', message: 'is not an existing customer' });
    }
    for (const key of ['order_id', 'quote_id', 'installation_id'] as const) {
      if (links[key] && !customerId) details.push({ path: `links.${key}`, message: 'needs the task to name its customer_id' });
    }
    if (links.order_id && customerId && links.order_id !== current?.links.order_id && !(await this.deps.store.get(orderPath(customerId, links.order_id)))) {
      details.push({ path: 'links.order_id', message: "is not an order of the task's customer" });
    }
    if (links.comms_id && links.comms_id !== current?.links.comms_id) {
      const found = await new CommsService(this.deps).get(links.comms_id).then(
        () => true,
        () => false,
      );
      if (!found) details.push({ path: 'links.comms_id', message: 'is not an existing comms entry' });
    }
    if (refs.assignee_uid && refs.assignee_uid !== current?.assignee_uid && !(await this.deps.users.find(refs.assignee_uid))) {
      details.push({ path: 'assignee_uid', message: 'is not a user of the CRM' });
    }
    if (details.length > 0) throw unprocessable(`The task names what does not exist: ${details.map((d) => d.path).join(', ')}`, details);
  }
}
