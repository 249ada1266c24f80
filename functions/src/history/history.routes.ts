import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { historyListQuerySchema, historyParamsSchema, historySettingsBodySchema, restoreFieldBodySchema } from './history.schema.js';
import type { HistoryRepository } from './history.repository.js';
import { HistoryService } from './history.service.js';

/** History is for editors and admins (issue 23, item 6); its retention is an admin's setting. */
export function historyRoutes(deps: AppDeps, repo: HistoryRepository): RouteDef[] {
  const history = new HistoryService(deps, repo);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/history',
      role: 'editor',
      query: historyListQuerySchema,
      handler: ({ query }) => history.list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/history/settings',
      role: 'admin',
      handler: () => history.settings(),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/history/settings',
      role: 'admin',
      body: historySettingsBodySchema,
      handler: ({ body, user }) => history.saveSettings(body, user),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/history/:id/restore-field',
      role: 'editor',
      params: historyParamsSchema,
      body: restoreFieldBodySchema,
      handler: ({ params, body, user }) => history.restoreField(params.id, body.field, user),
    }),
  ];
}
