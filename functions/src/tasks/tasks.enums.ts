/** The task vocabulary, without zod, so the SPA can import it at no bundle cost. */

export const taskStates = ['open', 'done', 'cancelled'] as const;
export type TaskState = (typeof taskStates)[number];

export const taskPriorities = ['low', 'normal', 'high'] as const;
export type TaskPriority = (typeof taskPriorities)[number];

/** `manual`, or the automatic source that made it (shared/auto-tasks.ts names the same ones). */
export const taskSources = ['manual', 'missed_call', 'unanswered_message', 'quote_follow_up', 'payment_overdue', 'service_due'] as const;
export type TaskSource = (typeof taskSources)[number];

export const repeatUnits = ['day', 'week', 'month', 'year'] as const;
export type RepeatUnit = (typeof repeatUnits)[number];

/** What a task's timeline events are called (`activity.task_<event>` in the SPA). */
export const taskEvents = ['created', 'updated', 'completed', 'cancelled', 'reopened'] as const;
export type TaskEvent = (typeof taskEvents)[number];
