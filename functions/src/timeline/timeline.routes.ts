import type { AppDeps } from '../app/deps.js';
import type { CommsLog } from '../comms/comms.log.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { timelineParamsSchema, timelineQuerySchema } from './timeline.schema.js';
import { TimelineService } from './timeline.service.js';
import type { TimelineSource } from './timeline-source.js';

/** `sources`: the domains that add events of their own (quotes, tasks, installations); `comms`: the log the wiring built. */
export function timelineRoutes(deps: AppDeps, comms: CommsLog, sources: TimelineSource[] = []): RouteDef[] {
  const timeline = new TimelineService(deps, sources, comms);
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
