import type { AppDeps } from '../http/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { actorOf } from '../orders/actor.js';
import {
  customerCreateSchema,
  customerListQuerySchema,
  customerParamsSchema,
  customerUpdateSchema,
  relationshipStatusSchema,
  ticketKinds,
  ticketOpenSchema,
  ticketParamsSchema,
  ticketResolveSchema,
  type TicketKind,
} from './customers.schema.js';
import { CustomersService } from './customers.service.js';

/** URL segment of each ticket array (spec 002, 2B). */
const ticketSegments: Record<TicketKind, string> = {
  technical_issues: 'technical-issues',
  install_support: 'install-support',
};

export function customersRoutes(deps: AppDeps): RouteDef[] {
  const customers = new CustomersService(deps.store, deps.clock);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/customers',
      role: 'viewer',
      query: customerListQuerySchema,
      handler: ({ query }) => customers.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers',
      role: 'editor',
      status: 201,
      body: customerCreateSchema,
      handler: ({ body, user }) => customers.create(body, actorOf(user)),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/customers/:id',
      role: 'viewer',
      params: customerParamsSchema,
      handler: ({ params }) => customers.get(params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/customers/:id',
      role: 'editor',
      params: customerParamsSchema,
      body: customerUpdateSchema,
      handler: ({ params, body, user }) => customers.update(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'delete',
      path: '/crm/customers/:id',
      role: 'editor',
      status: 204,
      params: customerParamsSchema,
      handler: ({ params }) => customers.remove(params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/crm/customers/:id/relationship-status',
      role: 'editor',
      params: customerParamsSchema,
      body: relationshipStatusSchema,
      handler: ({ params, body }) => customers.setRelationshipStatus(params.id, body.status),
    }),
    ...ticketKinds.flatMap((kind) => [
      defineRoute({
        method: 'post',
        path: `/crm/customers/:id/${ticketSegments[kind]}`,
        role: 'editor',
        status: 201,
        params: customerParamsSchema,
        body: ticketOpenSchema,
        handler: ({ params, body, user }) => customers.openTicket(params.id, kind, body, actorOf(user)),
      }),
      defineRoute({
        method: 'patch',
        path: `/crm/customers/:id/${ticketSegments[kind]}/:indexOrId/resolve`,
        role: 'editor',
        params: ticketParamsSchema,
        body: ticketResolveSchema,
        handler: ({ params, user }) => customers.resolveTicket(params.id, kind, params.indexOrId, actorOf(user)),
      }),
    ]),
  ];
}
