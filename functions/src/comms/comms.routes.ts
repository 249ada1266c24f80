import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import {
  commsAssignSchema,
  commsCreateSchema,
  commsListQuerySchema,
  commsParamsSchema,
  commsDoneSchema,
  commsPatchSchema,
  unassignedQuerySchema,
} from './comms.schema.js';
import type { CommsLog } from './comms.log.js';
import { CommsService, type CommsHooks } from './comms.service.js';

/** `log`: the comms log the wiring built once and hands every domain. */
export function commsRoutes(deps: AppDeps, log: CommsLog, hooks: CommsHooks = {}): RouteDef[] {
  const comms = new CommsService(deps, hooks, log);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/comms',
      role: 'viewer',
      query: commsListQuerySchema,
      handler: ({ query }) => comms.list(query),
    }),
    // Before /crm/comms/:id, which would take "unassigned" for an id.
    defineRoute({
      method: 'get',
      path: '/crm/comms/unassigned',
      role: 'viewer',
      query: unassignedQuerySchema,
      handler: ({ query }) => comms.unassigned(query.limit, query.cursor),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/comms/unassigned/count',
      role: 'viewer',
      handler: () => comms.unassignedCount(),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/comms/:id/done',
      role: 'editor',
      params: commsParamsSchema,
      body: commsDoneSchema,
      handler: ({ params, body }) => comms.setDone(params.id, body.done),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/comms',
      role: 'editor',
      body: commsCreateSchema,
      status: 201,
      handler: ({ body, user }) => comms.create(body, user),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/comms/:id',
      role: 'viewer',
      params: commsParamsSchema,
      handler: ({ params }) => comms.get(params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/crm/comms/:id',
      role: 'editor',
      params: commsParamsSchema,
      body: commsPatchSchema,
      handler: ({ params, body }) => comms.update(params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/crm/comms/:id',
      role: 'editor',
      params: commsParamsSchema,
      status: 204,
      handler: ({ params }) => comms.remove(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/comms/:id/assign',
      role: 'editor',
      params: commsParamsSchema,
      body: commsAssignSchema,
      handler: ({ params, body, user }) => comms.assign(params.id, body.customer_id, user),
    }),
  ];
}
