import type { Actor } from '../shared/actor.js';
import type { DocStore } from '../store/docstore.js';
import { taskSettingsSchema, type TaskSettings } from './tasks-settings.schema.js';

/**
 * The automatic tasks' settings an admin sets in Settings (GET|PUT /crm/settings/tasks). Until
 * one is saved, the environment's value (app/auto-tasks.ts) is the default. The quote follow-up
 * days live with the quote settings (quotes/quote-settings.schema.ts).
 */
export const TASK_SETTINGS_PATH = 'crm_settings/tasks';

export async function readTaskSettings(store: Pick<DocStore, 'get'>, defaults: TaskSettings): Promise<TaskSettings> {
  const doc = await store.get(TASK_SETTINGS_PATH);
  // A value edited out of range in the console falls back to the default rather than stopping the tasks.
  const parsed = taskSettingsSchema.safeParse({ reply_within_working_days: doc?.data.reply_within_working_days ?? defaults.reply_within_working_days });
  return parsed.success ? parsed.data : defaults;
}

export async function writeTaskSettings(store: DocStore, settings: TaskSettings, actor: Actor, now: Date): Promise<TaskSettings> {
  await store.set(TASK_SETTINGS_PATH, { ...settings, updated_at: now, updated_by: actor.name, updated_by_uid: actor.uid });
  return settings;
}
