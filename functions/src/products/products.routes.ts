import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { preconditionOf } from '../http/versions.js';
import {
  productCreateSchema,
  productListQuerySchema,
  productParamsSchema,
  productUpdateSchema,
} from './products.schema.js';
import { ProductsService } from './products.service.js';
import { purgeProduct } from './product-purge.js';
import { z } from 'zod';

export function productsRoutes(deps: AppDeps): RouteDef[] {
  const products = new ProductsService(deps.store, deps.clock);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/products',
      role: 'viewer',
      query: productListQuerySchema,
      handler: ({ query }) => products.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/products',
      role: 'editor',
      status: 201,
      body: productCreateSchema,
      handler: ({ body }) => products.create(body),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/products/:id',
      role: 'viewer',
      params: productParamsSchema,
      handler: ({ params }) => products.get(params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/products/:id',
      role: 'editor',
      params: productParamsSchema,
      body: productUpdateSchema,
      handler: ({ params, body, req }) => products.update(params.id, body, preconditionOf(req)),
    }),
    // An editor's delete archives: orders keep the product they name; only an admin purges.
    defineRoute({
      method: 'delete',
      path: '/crm/products/:id',
      role: 'editor',
      status: 204,
      params: productParamsSchema,
      handler: async ({ params, req }) => {
        await products.archive(params.id, preconditionOf(req));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/crm/products/:id/archive',
      role: 'editor',
      params: productParamsSchema,
      body: z.strictObject({}),
      handler: ({ params, req }) => products.archive(params.id, preconditionOf(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/products/:id/restore',
      role: 'editor',
      params: productParamsSchema,
      body: z.strictObject({}),
      handler: ({ params, req }) => products.restore(params.id, preconditionOf(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/products/:id/purge',
      role: 'admin',
      params: productParamsSchema,
      body: z.strictObject({}),
      handler: ({ params }) => purgeProduct(deps, params.id),
    }),
  ];
}
