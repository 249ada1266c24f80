import { z } from 'zod';
import { missedCallTasks } from '../calls/calls.auto-tasks.js';
import { unansweredMessageTasks } from '../comms/comms.auto-tasks.js';
import { paymentOverdueTasks } from '../orders/orders.auto-tasks.js';
import { quoteFollowUpSource } from '../quotes/quote-follow-up.js';
import { serviceDueTaskSource } from '../installations/installations.auto-tasks.js';
import type { AutoTaskDeps, AutoTaskSource } from '../shared/auto-tasks.js';
import type { AppDeps } from './deps.js';
import { MailAccountsRepository } from '../mail/mail.accounts.repository.js';
import { sendSystemMail } from '../mail/mail.system.js';
import { runDigests, type DigestRun } from '../tasks/tasks.digest.js';
import type { TaskSettings as StoredTaskSettings } from '../tasks/tasks-settings.schema.js';
import { readTaskSettings } from '../tasks/tasks.settings.js';

/**
 * The settings of the automatic tasks, from the environment (functions/.env.<project> in
 * production, the variables of `npm start` in embedded mode).
 */
const settingsSchema = z.object({
  /** Working days (Monday–Friday, Athens) a customer's message may wait for a reply, until an admin sets it in Settings. */
  TASKS_REPLY_WITHIN_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(1),
  /** Days after the invoice an order's payment is due. */
  TASKS_PAYMENT_TERMS_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** The mail account the task digest goes out through; the first one added when unset. */
  TASKS_DIGEST_ACCOUNT_ID: z.string().trim().min(1).optional(),
  /** The SPA's address, for the digest's links. */
  CRM_PUBLIC_URL: z.url().optional(),
});

export type TaskSettings = z.output<typeof settingsSchema>;

export function taskSettingsFrom(env: Record<string, string | undefined>): TaskSettings {
  return settingsSchema.parse(env);
}

/** The admin's settings of the automatic tasks until one is saved: the environment's. */
export function taskSettingsDefaults(env: Record<string, string | undefined>): StoredTaskSettings {
  return { reply_within_working_days: taskSettingsFrom(env).TASKS_REPLY_WITHIN_WORKING_DAYS };
}

/** `unanswered_message` with the working days read from Settings at each run, so a change applies at the next one. */
function unansweredMessageSource(defaults: StoredTaskSettings): AutoTaskSource {
  const withSettings = async (store: AutoTaskDeps['store']) => unansweredMessageTasks((await readTaskSettings(store, defaults)).reply_within_working_days);
  return {
    name: 'unanswered_message',
    due: async (deps, now) => (await withSettings(deps.store)).due(deps, now),
    resolved: async (deps, openKeys, now) => (await withSettings(deps.store)).resolved(deps, openKeys, now),
  };
}

/** Every source of automatic tasks: a domain that feeds tasks adds its source here. */
export function autoTaskSourcesFrom(env: Record<string, string | undefined>): AutoTaskSource[] {
  const settings = taskSettingsFrom(env);
  return [
    missedCallTasks,
    unansweredMessageSource(taskSettingsDefaults(env)),
    paymentOverdueTasks(settings.TASKS_PAYMENT_TERMS_DAYS),
    quoteFollowUpSource,
    serviceDueTaskSource,
  ];
}

/** One run of the daily task digest, sent through the configured mail account. */
export function runTaskDigests(deps: AppDeps, env: Record<string, string | undefined>, fallbackUrl: string): Promise<DigestRun> {
  const settings = taskSettingsFrom(env);
  const accounts = new MailAccountsRepository(deps.sql);
  const send = (mail: Parameters<typeof sendSystemMail>[2]) => sendSystemMail(deps, accounts, mail, settings.TASKS_DIGEST_ACCOUNT_ID);
  return runDigests(deps, send, deps.clock.now(), settings.CRM_PUBLIC_URL ?? fallbackUrl);
}
