import { z } from 'zod';
import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { actorOf } from '../shared/actor.js';
import { preconditionOf } from '../http/versions.js';
import { customerParamsSchema, docIdSchema } from '../shared/ids.js';
import { transactionCreateSchema, transactionPatchSchema } from './ledger.schema.js';
import { LedgerService } from './ledger.service.js';

const transactionParamsSchema = z.object({ id: docIdSchema, txId: docIdSchema });

export function ledgerRoutes(deps: AppDeps): RouteDef[] {
  const ledger = new LedgerService(deps.store, deps.clock);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/customers/:id/financials',
      role: 'viewer',
      params: customerParamsSchema,
      handler: ({ params }) => ledger.financials(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/transactions',
      role: 'editor',
      status: 201,
      params: customerParamsSchema,
      body: transactionCreateSchema,
      handler: ({ params, body, user }) => ledger.record(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'patch',
      path: '/crm/customers/:id/transactions/:txId',
      role: 'editor',
      params: transactionParamsSchema,
      body: transactionPatchSchema,
      handler: ({ params, body, user, req }) => ledger.update(params.id, params.txId, body, actorOf(user), preconditionOf(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/crm/customers/:id/transactions/:txId',
      role: 'editor',
      status: 204,
      params: transactionParamsSchema,
      handler: ({ params, req }) => ledger.remove(params.id, params.txId, preconditionOf(req)),
    }),
  ];
}
