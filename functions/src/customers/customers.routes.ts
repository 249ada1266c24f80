import type { AppDeps } from '../http/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { actorOf } from '../orders/actor.js';
import { preconditionOf } from '../http/versions.js';
import {
  contactAppendSchema,
  customerCreateSchema,
  customerListQuerySchema,
  customerParamsSchema,
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
import { conflict } from '../http/errors.js';
import { z } from 'zod';

/** Comms entries and files still naming the customer (SQL side), which a plain delete would orphan. */
async function sqlReferences(deps: AppDeps, id: string): Promise<{ comms: number; media: number }> {
  const rs = await deps.sql.execute({
    sql: `SELECT (SELECT COUNT(*) FROM crm_comms_log WHERE customer_id = ?) AS comms,
                 (SELECT COUNT(*) FROM crm_media WHERE customer_id = ?) AS media`,
    args: [id, id],
  });
  return { comms: Number(rs.rows[0]?.comms ?? 0), media: Number(rs.rows[0]?.media ?? 0) };
}

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
    defineRoute({
      method: 'delete',
      path: '/crm/customers/:id',
      role: 'editor',
      status: 204,
      params: customerParamsSchema,
      async handler({ params, req }) {
        // A customer with comms entries or files is an admin's purge, never a silent orphaning.
        const refs = await sqlReferences(deps, params.id);
        if (refs.comms > 0 || refs.media > 0) {
          throw conflict(
            `This customer has ${refs.comms} comms entries and ${refs.media} files: ` +
              'set the customer inactive or churned, or ask an admin to purge it with everything it holds',
          );
        }
        return customers.remove(params.id, preconditionOf(req));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/purge',
      role: 'admin',
      params: customerParamsSchema,
      body: z.strictObject({}),
      handler: ({ params }) => purgeCustomer(deps, params.id),
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
