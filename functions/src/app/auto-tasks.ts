import { z } from 'zod';
import { missedCallTasks } from '../calls/calls.auto-tasks.js';
import { unansweredMessageTasks } from '../comms/comms.auto-tasks.js';
import { paymentOverdueTasks } from '../orders/orders.auto-tasks.js';
import type { AutoTaskSource } from '../shared/auto-tasks.js';

/**
 * The settings of the automatic tasks, from the environment (functions/.env.<project> in
 * production, the variables of `npm start` in embedded mode).
 */
const settingsSchema = z.object({
  /** Working days (Monday–Friday, Athens) a customer's message may wait for a reply. */
  TASKS_REPLY_WITHIN_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(1),
  /** Days after the invoice an order's payment is due. */
  TASKS_PAYMENT_TERMS_DAYS: z.coerce.number().int().min(0).max(365).default(30),
});

/** Every source of automatic tasks: a domain that feeds tasks adds its source here. */
export function autoTaskSourcesFrom(env: Record<string, string | undefined>): AutoTaskSource[] {
  const settings = settingsSchema.parse(env);
  return [
    missedCallTasks,
    unansweredMessageTasks(settings.TASKS_REPLY_WITHIN_WORKING_DAYS),
    paymentOverdueTasks(settings.TASKS_PAYMENT_TERMS_DAYS),
  ];
}
