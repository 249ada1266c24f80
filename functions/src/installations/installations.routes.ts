import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { preconditionOf } from '../http/versions.js';
import { actorOf } from '../shared/actor.js';
import { customerParamsSchema } from '../shared/ids.js';
import {
  installationCreateSchema,
  installationListQuerySchema,
  installationParamsSchema,
  installationUpdateSchema,
  visitCreateSchema,
  visitUpdateSchema,
} from './installations.schema.js';
import { InstallationsService } from './installations.service.js';
import { customerInstallationList, listInstallations } from './installations.lists.js';
import { VisitsService } from './visits.service.js';
import { athensDate } from './service-dates.js';

export function installationsRoutes(deps: AppDeps): RouteDef[] {
  const installations = new InstallationsService(deps.store, deps.clock);
  const visits = new VisitsService(deps.store, deps.clock, deps.users);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/customers/:id/installations',
      role: 'viewer',
      params: customerParamsSchema,
      handler: ({ params }) => customerInstallationList(deps.store, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/installations',
      role: 'editor',
      status: 201,
      params: customerParamsSchema,
      body: installationCreateSchema,
      handler: ({ params, body, user }) => installations.create(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/installations',
      role: 'viewer',
      query: installationListQuerySchema,
      handler: ({ query }) => listInstallations(deps.store, query, athensDate(deps.clock.now())),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/installations/:id',
      role: 'viewer',
      params: installationParamsSchema,
      handler: ({ params }) => installations.get(params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/installations/:id',
      role: 'editor',
      params: installationParamsSchema,
      body: installationUpdateSchema,
      handler: ({ params, body, user, req }) => installations.update(params.id, body, actorOf(user), preconditionOf(req)),
    }),
    // Staff retire a unit with state `removed`; only an admin deletes a record, and only one without visits.
    defineRoute({
      method: 'delete',
      path: '/crm/installations/:id',
      role: 'admin',
      status: 204,
      params: installationParamsSchema,
      handler: ({ params, user }) => installations.delete(params.id, actorOf(user)),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/installations/:id/visits',
      role: 'viewer',
      params: installationParamsSchema,
      handler: async ({ params }) => ({ visits: await visits.list(params.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/installations/:id/visits',
      role: 'editor',
      status: 201,
      params: installationParamsSchema,
      body: visitCreateSchema,
      handler: ({ params, body, user }) => visits.create(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/visits/:id',
      role: 'editor',
      params: installationParamsSchema,
      body: visitUpdateSchema,
      handler: ({ params, body, user, req }) => visits.update(params.id, body, actorOf(user), preconditionOf(req)),
    }),
  ];
}
