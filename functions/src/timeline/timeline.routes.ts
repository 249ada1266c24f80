import type { AppDeps } from '../http/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { timelineParamsSchema, timelineQuerySchema } from './timeline.schema.js';
import { TimelineService } from './timeline.service.js';

export function timelineRoutes(deps: AppDeps): RouteDef[] {
  const timeline = new TimelineService(deps);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/customers/:id/timeline',
      role: 'viewer',
      params: timelineParamsSchema,
      query: timelineQuerySchema,
      handler: ({ params, query }) => timeline.page(params.id, query.limit, query.cursor),
    }),
  ];
}
