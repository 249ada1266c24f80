import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { preconditionOf } from '../http/versions.js';
import { actorOf } from '../shared/actor.js';
import type { AutoTaskSource } from '../shared/auto-tasks.js';
import type { TodaySectionReaders } from '../shared/today-sections.js';
import { getPreferences, setPreferences } from './tasks.digest.js';
import { preferencesUpdateSchema, taskCreateSchema, taskListQuerySchema, taskParamsSchema, taskUpdateSchema } from './tasks.schema.js';
import { TasksService } from './tasks.service.js';
import { taskSettingsSchema, type TaskSettings } from './tasks-settings.schema.js';
import { readTaskSettings, writeTaskSettings } from './tasks.settings.js';
import { todayFor } from './tasks.today.js';

/**
 * Editors create, change and complete tasks; anyone signed in reads them and sets their own
 * digest; admins set the automatic tasks' settings (`settingsDefaults` until they do).
 */
export function tasksRoutes(
  deps: AppDeps,
  sources: readonly AutoTaskSource[],
  sections: TodaySectionReaders,
  settingsDefaults: TaskSettings,
): RouteDef[] {
  const tasks = new TasksService(deps, sources);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/tasks',
      role: 'viewer',
      query: taskListQuerySchema,
      handler: ({ query, user }) => tasks.list(query, user.uid),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/tasks',
      role: 'editor',
      body: taskCreateSchema,
      status: 201,
      handler: ({ body, user }) => tasks.create(body, actorOf(user)),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/tasks/:id',
      role: 'viewer',
      params: taskParamsSchema,
      handler: ({ params }) => tasks.get(params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/tasks/:id',
      role: 'editor',
      params: taskParamsSchema,
      body: taskUpdateSchema,
      handler: ({ params, body, user, req }) => tasks.update(params.id, body, actorOf(user), preconditionOf(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/crm/tasks/:id',
      role: 'editor',
      params: taskParamsSchema,
      status: 204,
      async handler({ params, req }) {
        await tasks.remove(params.id, preconditionOf(req));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/crm/tasks/:id/complete',
      role: 'editor',
      params: taskParamsSchema,
      handler: ({ params, user }) => tasks.complete(params.id, actorOf(user)),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/today',
      role: 'viewer',
      handler: ({ user }) => todayFor(deps, sections, user.uid),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/settings/tasks',
      role: 'viewer',
      handler: () => readTaskSettings(deps.store, settingsDefaults),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/settings/tasks',
      role: 'admin',
      body: taskSettingsSchema,
      handler: ({ body, user }) => writeTaskSettings(deps.store, body, actorOf(user), deps.clock.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/me/preferences',
      role: 'viewer',
      handler: ({ user }) => getPreferences(deps.store, user),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/me/preferences',
      role: 'viewer',
      body: preferencesUpdateSchema,
      handler: ({ body, user }) => setPreferences(deps.store, user, body, deps.clock.now()),
    }),
  ];
}
