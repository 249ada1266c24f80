import { z } from 'zod';

/** The automatic tasks' settings on the wire (GET|PUT /crm/settings/tasks), shared with the SPA. */
export const taskSettingsSchema = z.strictObject({
  /** Working days (Monday–Friday, Athens) a customer's e-mail or WhatsApp message may wait for a reply before it becomes a task. */
  reply_within_working_days: z.number().int('must be a whole number').min(1, 'must be at least 1').max(30, 'must be at most 30'),
});
export type TaskSettings = z.infer<typeof taskSettingsSchema>;
export const taskSettingsResponseSchema = taskSettingsSchema;
