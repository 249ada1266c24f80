/**
 * The meeting point of automatic tasks (tasks/) and what feeds them (calls, comms, quotes,
 * orders, installations). A source only describes the tasks that should exist; the tasks
 * domain runs every registered source on its schedule and creates each task once, by
 * (source, key), so a repeated or overlapping run, a retried trigger or a replayed webhook
 * makes one task. A source lives in its own domain and is listed in the app's wiring: adding
 * one never touches tasks' code.
 */
import type { Client } from '@libsql/client';
import type { DocStore } from '../store/docstore.js';

export const autoTaskSources = ['missed_call', 'unanswered_message', 'quote_follow_up', 'payment_overdue', 'service_due'] as const;
export type AutoTaskSourceName = (typeof autoTaskSources)[number];

/** A reason as data (events are data): the SPA renders `tasks.reason.<type>` with `props`. */
export interface AutoTaskReason {
  type: string;
  props: Record<string, string | number | boolean | null>;
}

export interface AutoTaskSpec {
  source: AutoTaskSourceName;
  /** Unique within the source and stable across runs, e.g. `quote:<id>:r2`, `installation:<id>:2027-03-01`. */
  key: string;
  customer_id: string;
  /** Short title in the source's words; the SPA shows `reason` in the reader's language. */
  title: string;
  reason: AutoTaskReason;
  /** `YYYY-MM-DD`, a day in Europe/Athens. */
  due_date: string;
  links: { order_id?: string; quote_id?: string; installation_id?: string; comms_id?: string };
}

export interface AutoTaskDeps {
  store: DocStore;
  sql: Client;
}

export interface AutoTaskSource {
  name: AutoTaskSourceName;
  /** The tasks that should be open at `now` (a task already made for a key is not made again). */
  due(deps: AutoTaskDeps, now: Date): Promise<AutoTaskSpec[]>;
  /** Of the open tasks' keys, those whose reason is gone (answered, paid, serviced): their tasks complete by themselves. */
  resolved(deps: AutoTaskDeps, openKeys: string[], now: Date): Promise<string[]>;
  /**
   * Optional: someone completed the task of `key` by hand, so its reason is dealt with too (a
   * missed call's follow-up is marked done). Runs after the task is saved; must be idempotent.
   */
  completed?(deps: AutoTaskDeps, key: string, by: { name: string; uid: string }, now: Date): Promise<void>;
}
