import { createHash } from 'node:crypto';
import { athensDay, athensInstant } from '../shared/athens-time.js';
import { docVersion } from '../http/versions.js';
import type { DocData } from '../store/docstore.js';
import type { RepeatRule, Task, TaskLinks } from './tasks.schema.js';
import type { TaskEvent, TaskPriority, TaskSource, TaskState } from './tasks.enums.js';

/** Tasks are top-level documents: they may name no customer, and lists cross customers. */
export const TASKS = 'crm_tasks';
export const taskPath = (id: string): string => `${TASKS}/${id}`;

/** Where an undated task sorts: after every dated one, and never "due before" anything. */
export const NO_DUE = new Date('9999-12-31T00:00:00.000Z');

/** One change of a task, kept on it so the customer's timeline can show it (events are data). */
export interface TaskHistoryEntry {
  event: TaskEvent;
  at: Date;
  by: string;
  by_uid: string;
}

/** What the store holds for a task: the wire fields without id and version, plus query keys. */
export interface TaskDoc {
  title: string;
  notes: string;
  due_date: string | null;
  due_at: Date | null;
  /** The instant the task is due (a dated task: the start of its Athens day); NO_DUE when undated. */
  due_sort: Date;
  /** The Athens day it is due, for "today" and "this week"; null when undated. */
  due_day: string | null;
  /** `<assignee uid>|<due_sort ISO>` while open and assigned, else null (agendaOf). */
  agenda: string | null;
  assignee_uid: string | null;
  priority: TaskPriority;
  state: TaskState;
  customer_id: string | null;
  links: TaskLinks;
  repeat: RepeatRule | null;
  /** The first due day of a repeating series: occurrences count from it. */
  repeat_origin: string | null;
  source: TaskSource;
  source_key: string | null;
  reason: { type: string; props: Record<string, string | number | boolean | null> } | null;
  next_task_id: string | null;
  completed_by: string | null;
  completed_by_uid: string | null;
  completed_at: Date | null;
  created_at: Date;
  created_by: string;
  created_by_uid: string;
  updated_at: Date;
  updated_by: string;
  updated_by_uid: string;
  history: TaskHistoryEntry[];
}

/**
 * The key of a user's agenda: one range on this single field lists their open tasks in due
 * order (the home page), by index, with no composite index and nothing done or cancelled read.
 */
export function agendaOf(task: Pick<TaskDoc, 'state' | 'assignee_uid' | 'due_sort'>): string | null {
  return task.state === 'open' && task.assignee_uid ? `${task.assignee_uid}|${new Date(task.due_sort).toISOString()}` : null;
}

/** The agenda keys of `uid`'s open tasks due before `before`: `[from, to)`. */
export function agendaRange(uid: string, before: Date): [string, string] {
  return [`${uid}|`, `${uid}|${before.toISOString()}`];
}

/** The due fields a task stores for a day or a day and time. */
export function dueFields(due: { due_date: string | null; due_at: Date | null }): Pick<TaskDoc, 'due_date' | 'due_at' | 'due_sort' | 'due_day'> {
  if (due.due_at) return { due_date: null, due_at: due.due_at, due_sort: due.due_at, due_day: athensDay(due.due_at) };
  if (due.due_date) return { due_date: due.due_date, due_at: null, due_sort: athensInstant(due.due_date), due_day: due.due_date };
  return { due_date: null, due_at: null, due_sort: NO_DUE, due_day: null };
}

/**
 * The document id of an automatic task: derived from (source, key), so two runners, a retried
 * trigger or a replayed webhook all try to create the same document and only the first does.
 */
export function autoTaskId(source: string, key: string): string {
  return `${source}-${createHash('sha256').update(`${source}\u0000${key}`).digest('hex').slice(0, 32)}`;
}

/** The id of the task a repeating one makes when completed: fixed, so completing twice makes one. */
export function nextTaskId(taskId: string): string {
  return `r-${createHash('sha256').update(taskId).digest('hex').slice(0, 30)}`;
}

const asDate = (value: unknown): Date | null => (value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null);

export function readTask(id: string, data: DocData): Task {
  const doc = data as unknown as TaskDoc;
  const links = (doc.links ?? {}) as Partial<TaskLinks>;
  return {
    id,
    title: doc.title,
    notes: doc.notes ?? '',
    due_date: doc.due_date ?? null,
    due_at: asDate(doc.due_at),
    assignee_uid: doc.assignee_uid ?? null,
    priority: doc.priority,
    state: doc.state,
    customer_id: doc.customer_id ?? null,
    links: {
      order_id: links.order_id ?? null,
      quote_id: links.quote_id ?? null,
      installation_id: links.installation_id ?? null,
      comms_id: links.comms_id ?? null,
    },
    repeat: doc.repeat ?? null,
    source: doc.source,
    source_key: doc.source_key ?? null,
    reason: doc.reason ?? null,
    next_task_id: doc.next_task_id ?? null,
    completed_by: doc.completed_by ?? null,
    completed_at: asDate(doc.completed_at),
    created_at: asDate(doc.created_at)!,
    created_by: doc.created_by,
    updated_at: asDate(doc.updated_at)!,
    updated_by: doc.updated_by,
    version: docVersion(data),
  };
}
