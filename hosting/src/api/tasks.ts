/** Tasks, the "Today" home page and the digest preferences (functions/src/tasks), typed by the API's response schemas. */
import type { preferencesSchema, taskPageSchema, taskSchema, todaySchema } from '@functions/tasks/tasks.schema';
import type { taskSettingsResponseSchema } from '@functions/tasks/tasks-settings.schema';
import type { Wire } from '@functions/shared/wire';
import { api } from './index';

export type Task = Wire<typeof taskSchema>;
export type TaskPage = Wire<typeof taskPageSchema>;
export type Today = Wire<typeof todaySchema>;
export type TodayComms = Today['missed_calls'][number];
export type Preferences = Wire<typeof preferencesSchema>;
export type TaskSettings = Wire<typeof taskSettingsResponseSchema>;

const athensDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Athens', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Tomorrow in Athens, `YYYY-MM-DD`: tasks due before it are due today or overdue. */
export function athensTomorrow(now: Date = new Date()): string {
  const [y, m, d] = athensDay.format(now).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export const tasksApi = {
  today: (signal?: AbortSignal) => api.get<Today>('/crm/today', signal ? { signal } : {}),
  mineDue: (signal?: AbortSignal) =>
    api.get<TaskPage>('/crm/tasks', { query: { assignee: 'me', state: 'open', due_before: athensTomorrow(), limit: 100 }, ...(signal ? { signal } : {}) }),
  complete: (id: string) => api.post<Task>(`/crm/tasks/${encodeURIComponent(id)}/complete`),
  preferences: () => api.get<Preferences>('/crm/me/preferences'),
  setPreferences: (body: { digest_enabled: boolean; digest_time: string }) => api.put<Preferences>('/crm/me/preferences', body),
  settings: () => api.get<TaskSettings>('/crm/settings/tasks'),
  saveSettings: (body: TaskSettings) => api.put<TaskSettings>('/crm/settings/tasks', body),
};
