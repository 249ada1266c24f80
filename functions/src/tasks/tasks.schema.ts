import { z } from 'zod';
import { isCalendarDay } from '../shared/athens-time.js';
import { docIdSchema } from '../shared/ids.js';
import { isoDate } from '../shared/wire.js';
import { serverOwned, singleLineText, withoutServerOwned } from '../http/validate.js';
import { repeatUnits, taskPriorities, taskSources, taskStates, type RepeatUnit } from './tasks.enums.js';
export { repeatUnits, taskEvents, taskPriorities, taskSources, taskStates } from './tasks.enums.js';
export type { RepeatUnit, TaskEvent, TaskPriority, TaskSource, TaskState } from './tasks.enums.js';

/** A calendar day `YYYY-MM-DD` that exists (no 30 February). */
export const calendarDaySchema = z.string().refine(isCalendarDay, 'must be a date written YYYY-MM-DD');

/**
 * How a task repeats: every `every` units from its first due day; with `nth_weekday` (months and
 * years only) on the nth weekday of the month (`nth` -1: the last), e.g. the 2nd Tuesday.
 * `until` is the last day an occurrence may fall on.
 */
export const repeatSchema = z
  .strictObject({
    every: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000),
    unit: z.enum(repeatUnits),
    nth_weekday: z
      .strictObject({
        nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)], { error: 'must be 1, 2, 3, 4 or -1 (the last)' }),
        weekday: z.number().int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'),
      })
      .nullable()
      .default(null),
    until: calendarDaySchema.nullable().default(null),
  })
  .superRefine((rule, ctx) => {
    if (rule.nth_weekday && (rule.unit === 'day' || rule.unit === 'week')) {
      ctx.addIssue({ code: 'custom', path: ['nth_weekday'], message: 'applies to months and years only' });
    }
  });
/** A stored rule (the wire's `nth` is 1–4 or -1; readers only count with it). */
export interface RepeatRule {
  every: number;
  unit: RepeatUnit;
  nth_weekday: { nth: number; weekday: number } | null;
  until: string | null;
}

const linkId = docIdSchema.nullable();
export const taskLinksInputSchema = z.strictObject({
  order_id: linkId.optional(),
  quote_id: linkId.optional(),
  installation_id: linkId.optional(),
  comms_id: z.string().trim().min(1).max(128).nullable().optional(),
});

const titleSchema = singleLineText().min(1, 'must not be empty').max(200);
const notesSchema = z.string().max(5000);

const editableFields = {
  title: titleSchema,
  notes: notesSchema,
  due_date: calendarDaySchema.nullable(),
  due_at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with an offset' }).nullable(),
  assignee_uid: z.string().trim().min(1).max(128).nullable(),
  priority: z.enum(taskPriorities),
  customer_id: docIdSchema.nullable(),
  links: taskLinksInputSchema,
  repeat: repeatSchema.nullable(),
};

const serverOwnedKeys = ['id', 'state', 'source', 'source_key', 'reason', 'next_task_id', 'completed_by', 'completed_at', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version'] as const;
const serverOwnedFields = Object.fromEntries(serverOwnedKeys.map((key) => [key, serverOwned()])) as Record<(typeof serverOwnedKeys)[number], ReturnType<typeof serverOwned>>;

function oneDue(body: { due_date?: string | null; due_at?: string | null }, ctx: z.RefinementCtx): void {
  if (body.due_date && body.due_at) {
    ctx.addIssue({ code: 'custom', path: ['due_at'], message: 'give due_date (a day) or due_at (a day and time), not both' });
  }
}

/** POST /crm/tasks: a manual task. `state` and the completion are the server's. */
export const taskCreateSchema = z
  .strictObject({
    ...serverOwnedFields,
    title: titleSchema,
    notes: notesSchema.default(''),
    due_date: editableFields.due_date.optional(),
    due_at: editableFields.due_at.optional(),
    assignee_uid: editableFields.assignee_uid.optional(),
    priority: editableFields.priority.default('normal'),
    customer_id: editableFields.customer_id.optional(),
    links: taskLinksInputSchema.default({}),
    repeat: editableFields.repeat.optional(),
  })
  .superRefine(oneDue)
  .transform(withoutServerOwned(serverOwnedKeys));
export type TaskCreate = z.output<typeof taskCreateSchema>;

/** PUT /crm/tasks/:id: the fields given change; `state` may move between open and cancelled (completing has its own route). */
export const taskUpdateSchema = z
  .strictObject({
    ...editableFields,
    ...serverOwnedFields,
    state: z.enum(['open', 'cancelled']),
  })
  .partial()
  .superRefine(oneDue);
export type TaskUpdate = z.output<typeof taskUpdateSchema>;

export const taskParamsSchema = z.object({ id: docIdSchema });

export const taskListQuerySchema = z.object({
  /** `me` is the signed-in user; `none` the unassigned tasks. */
  assignee: z.string().trim().min(1).max(128).optional(),
  state: z.enum(taskStates).optional(),
  /** A day (its start, Athens) or an instant: tasks due before it. */
  due_before: z.union([calendarDaySchema, z.iso.datetime({ offset: true })], { error: 'must be a date YYYY-MM-DD or an ISO 8601 date-time' }).optional(),
  customer_id: docIdSchema.optional(),
  source: z.enum(taskSources).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(2000).optional(),
});
export type TaskListQuery = z.output<typeof taskListQuerySchema>;

export const taskReasonSchema = z.object({
  type: z.string(),
  props: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const taskLinksSchema = z.object({
  order_id: z.string().nullable(),
  quote_id: z.string().nullable(),
  installation_id: z.string().nullable(),
  comms_id: z.string().nullable(),
});
export type TaskLinks = z.output<typeof taskLinksSchema>;

export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  notes: z.string(),
  due_date: z.string().nullable(),
  due_at: isoDate.nullable(),
  assignee_uid: z.string().nullable(),
  priority: z.enum(taskPriorities),
  state: z.enum(taskStates),
  customer_id: z.string().nullable(),
  links: taskLinksSchema,
  repeat: z.object({
    every: z.number(),
    unit: z.enum(repeatUnits),
    nth_weekday: z.object({ nth: z.number(), weekday: z.number() }).nullable(),
    until: z.string().nullable(),
  }).nullable(),
  source: z.enum(taskSources),
  source_key: z.string().nullable(),
  /** Why an automatic task exists, as data: the SPA renders `tasks.reason.<type>` with `props`. */
  reason: taskReasonSchema.nullable(),
  /** The task a repeating one made when it was completed. */
  next_task_id: z.string().nullable(),
  completed_by: z.string().nullable(),
  completed_at: isoDate.nullable(),
  created_at: isoDate,
  created_by: z.string(),
  updated_at: isoDate,
  updated_by: z.string(),
  version: z.string(),
});
export type Task = z.output<typeof taskSchema>;

export const taskPageSchema = z.object({ tasks: z.array(taskSchema), next_cursor: z.string().nullable() });
export type TaskPage = z.output<typeof taskPageSchema>;

/** `HH:MM` on the Athens clock. */
const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (00:00–23:59)');

/** PUT /crm/me/preferences: the daily e-mail digest of my due and overdue tasks. */
export const preferencesUpdateSchema = z.strictObject({
  digest_enabled: z.boolean(),
  digest_time: clockTimeSchema.default('08:00'),
});
export type PreferencesUpdate = z.output<typeof preferencesUpdateSchema>;

export const preferencesSchema = z.object({
  digest_enabled: z.boolean(),
  /** When the digest goes out, Europe/Athens. */
  digest_time: z.string(),
  /** Where it goes: the signed-in account's address; null when the account has none. */
  digest_email: z.string().nullable(),
});
export type Preferences = z.output<typeof preferencesSchema>;

/** A message or call on the home page, with what its row needs to act on it. */
export const todayCommsSchema = z.object({
  id: z.string(),
  customer_id: z.string().nullable(),
  customer_name: z.string().nullable(),
  type: z.string(),
  address: z.string(),
  subject: z.string().nullable(),
  occurred_at: isoDate,
});
export type TodayComms = z.output<typeof todayCommsSchema>;

export const todayBalanceSchema = z.object({
  customer_id: z.string(),
  customer_name: z.string(),
  currency: z.string(),
  /** Decimal: the sum, in cents, of the overdue orders' balances in this currency. */
  balance_due: z.number(),
  orders: z.number(),
  oldest_due_date: z.string(),
});

/** A sent quote with no answer yet, with its customer's phone for a call. */
export const todayQuoteSchema = z.object({
  quote_id: z.string(),
  customer_id: z.string(),
  customer_name: z.string(),
  customer_phone: z.string().nullable(),
  number: z.string(),
  revision: z.number(),
  sent_at: isoDate,
  valid_until: z.string(),
  /** Decimal euros: the quote's gross total. */
  gross: z.number(),
});

/** An installation due for service by the end of the month. */
export const todayServiceSchema = z.object({
  installation_id: z.string(),
  customer_id: z.string(),
  customer_name: z.string(),
  customer_phone: z.string().nullable(),
  product: z.string(),
  serial_number: z.string().nullable(),
  site: z.string(),
  city: z.string(),
  due: z.string(),
  overdue: z.boolean(),
});

/** GET /crm/today: what the signed-in user should do now. */
export const todaySchema = z.object({
  /** Today in Athens. */
  day: z.string(),
  tasks: z.object({ overdue: z.array(taskSchema), today: z.array(taskSchema), week: z.array(taskSchema) }),
  missed_calls: z.array(todayCommsSchema),
  unassigned: z.object({ count: z.number(), entries: z.array(todayCommsSchema) }),
  awaiting_reply: z.array(todayCommsSchema),
  overdue_balances: z.array(todayBalanceSchema),
  /** The first rows of each list and how many there are in all. */
  quotes_awaiting: z.object({ count: z.number(), rows: z.array(todayQuoteSchema) }),
  /** Due on or before `through`, the last day of this month (Athens). */
  services_due: z.object({ through: z.string(), count: z.number(), rows: z.array(todayServiceSchema) }),
});
export type Today = z.output<typeof todaySchema>;
