import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { preconditionOf } from '../http/versions.js';
import { actorOf } from '../shared/actor.js';
import { customerParamsSchema } from '../shared/ids.js';
import {
  customerOrdersQuerySchema,
  initNegotiationsSchema,
  orderCreateSchema,
  orderParamsSchema,
  orderPatchSchema,
  ordersQuerySchema,
  paymentTermsPatchSchema,
  timelineEventInputSchema,
} from './orders.schema.js';
import { OrdersService } from './orders.service.js';

export function ordersRoutes(deps: AppDeps): RouteDef[] {
  const orders = new OrdersService(deps.store, deps.clock);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/orders',
      role: 'viewer',
      query: ordersQuerySchema,
      handler: ({ query }) => orders.listAll(query),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/customers/:id/orders',
      role: 'viewer',
      params: customerParamsSchema,
      query: customerOrdersQuerySchema,
      handler: ({ params, query }) => orders.list(params.id, query),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/orders',
      role: 'editor',
      status: 201,
      params: customerParamsSchema,
      body: orderCreateSchema,
      handler: ({ params, body, user }) => orders.create(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/orders/init-negotiations',
      role: 'editor',
      status: 201,
      params: customerParamsSchema,
      body: initNegotiationsSchema,
      handler: ({ params, body, user }) => orders.initNegotiations(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/customers/:id/orders/:orderId',
      role: 'viewer',
      params: orderParamsSchema,
      handler: ({ params }) => orders.get(params.id, params.orderId),
    }),
    defineRoute({
      method: 'patch',
      path: '/crm/customers/:id/orders/:orderId',
      role: 'editor',
      params: orderParamsSchema,
      body: orderPatchSchema,
      handler: ({ params, body, user, req }) => orders.patch(params.id, params.orderId, body, actorOf(user), preconditionOf(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/crm/customers/:id/orders/:orderId',
      role: 'editor',
      status: 204,
      params: orderParamsSchema,
      handler: ({ params, req }) => orders.remove(params.id, params.orderId, preconditionOf(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/orders/:orderId/timeline',
      role: 'editor',
      status: 201,
      params: orderParamsSchema,
      body: timelineEventInputSchema,
      handler: ({ params, body, user }) => orders.addTimelineEvent(params.id, params.orderId, body, actorOf(user)),
    }),
    defineRoute({
      method: 'patch',
      path: '/crm/customers/:id/orders/:orderId/payment-status',
      role: 'editor',
      params: orderParamsSchema,
      body: paymentTermsPatchSchema,
      handler: ({ params, body, req }) => orders.setPaymentTerms(params.id, params.orderId, body, preconditionOf(req)),
    }),
  ];
}
