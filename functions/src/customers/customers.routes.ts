import type { AppDeps } from '../app/deps.js';
import type { CommsLog } from '../comms/comms.log.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { actorOf } from '../shared/actor.js';
import { customerParamsSchema } from '../shared/ids.js';
import { preconditionOf } from '../http/versions.js';
import {
  contactAppendSchema,
  customerCreateSchema,
  customerListQuerySchema,
  customerUpdateSchema,
  noteAppendSchema,
  relationshipStatusSchema,
  tagAppendSchema,
  tagParamsSchema,
  ticketKinds,
  ticketOpenSchema,
  ticketParamsSchema,
  ticketResolveSchema,
  type TicketKind,
} from './customers.schema.js';
import { CustomersService } from './customers.service.js';
import { purgeCustomer } from './customer-purge.js';
import { z } from 'zod';

/** URL segment of each ticket array (spec 002, 2B). */
const ticketSegments: Record<TicketKind, string> = {
  technical_issues: 'technical-issues',
  install_support: 'install-support',
};

/** `comms`: the comms log the wiring built, whose entries a purge removes. */
export function customersRoutes(deps: AppDeps, comms: CommsLog): RouteDef[] {
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
      handler: ({ params, body, user, req }) => customers.update(params.id, body, actorOf(user), preconditionOf(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/notes',
      role: 'editor',
      status: 201,
      params: customerParamsSchema,
      body: noteAppendSchema,
      handler: ({ params, body, user }) => customers.appendNote(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/contacts',
      role: 'editor',
      status: 201,
      params: customerParamsSchema,
      body: contactAppendSchema,
      handler: ({ params, body }) => customers.appendContact(params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/tags',
      role: 'editor',
      status: 201,
      params: customerParamsSchema,
      body: tagAppendSchema,
      handler: ({ params, body }) => customers.addTag(params.id, body.tag),
    }),
    defineRoute({
      method: 'delete',
      path: '/crm/customers/:id/tags/:tag',
      role: 'editor',
      params: tagParamsSchema,
      handler: ({ params }) => customers.removeTag(params.id, params.tag),
    }),
    // An editor's delete archives: nothing the customer holds is removed or orphaned; only an admin purges.
    defineRoute({
      method: 'delete',
      path: '/crm/customers/:id',
      role: 'editor',
      status: 204,
      params: customerParamsSchema,
      handler: async ({ params, req }) => {
        await customers.archive(params.id, preconditionOf(req));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/archive',
      role: 'editor',
      params: customerParamsSchema,
      body: z.strictObject({}),
      handler: ({ params, req }) => customers.archive(params.id, preconditionOf(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/restore',
      role: 'editor',
      params: customerParamsSchema,
      body: z.strictObject({}),
      handler: ({ params, req }) => customers.restore(params.id, preconditionOf(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/purge',
      role: 'admin',
      params: customerParamsSchema,
      body: z.strictObject({}),
      handler: ({ params }) => purgeCustomer(deps, comms, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/crm/customers/:id/relationship-status',
      role: 'editor',
      params: customerParamsSchema,
      body: relationshipStatusSchema,
      handler: ({ params, body, req }) => customers.setRelationshipStatus(params.id, body.status, preconditionOf(req)),
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
        handler: ({ params, user, req }) =>
          customers.resolveTicket(params.id, kind, params.indexOrId, actorOf(user), preconditionOf(req)),
      }),
    ]),
  ];
}
