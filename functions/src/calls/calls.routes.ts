import { z } from 'zod';
import { pageSchema } from '../comms/comms.schema.js';
import type { AppDeps } from '../app/deps.js';
import type { CommsLog } from '../comms/comms.log.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { customerParamsSchema, docIdSchema } from '../shared/ids.js';
import { clickToCallSchema, followUpParamsSchema, putExtensionSchema } from './calls.schema.js';
import type { CallsRepository } from './calls.repository.js';
import { CallsService } from './calls.service.js';

const followUpsQuerySchema = z.object({ customer_id: docIdSchema.optional(), ...pageSchema });

export function callsRoutes(deps: AppDeps, comms: CommsLog, repo: CallsRepository): RouteDef[] {
  const calls = new CallsService(deps, comms, repo);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/calls/follow-ups',
      role: 'viewer',
      query: followUpsQuerySchema,
      handler: ({ query }) => calls.openFollowUps(query.limit, query.cursor, query.customer_id),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/calls/follow-ups/:id/done',
      role: 'editor',
      params: followUpParamsSchema,
      handler: ({ params, user }) => calls.closeFollowUp(params.id, user),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/calls/bridge',
      role: 'viewer',
      handler: () => calls.bridges(),
    }),
    defineRoute({
      method: 'get',
      path: '/me/extension',
      role: 'viewer',
      handler: ({ user }) => calls.extension(user),
    }),
    defineRoute({
      method: 'put',
      path: '/me/extension',
      role: 'viewer',
      body: putExtensionSchema,
      handler: ({ user, body }) => calls.setExtension(user, body.extension),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/call',
      role: 'editor',
      params: customerParamsSchema,
      body: clickToCallSchema,
      status: 202,
      handler: ({ params, body, user }) => calls.clickToCall(params.id, body, user),
    }),
  ];
}
