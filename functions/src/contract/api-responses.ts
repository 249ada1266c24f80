import { z } from 'zod';
import { errorStatus, type ErrorBody, type ErrorCode } from '../http/errors.js';
import { assignResultSchema, commsEntrySchema, commsPageSchema, unassignedCountSchema } from '../comms/comms.schema.js';
import { customerPageSchema, customerSchema } from '../customers/customers.schema.js';
import { importRunResultSchema, importSchema } from '../imports/import.schema.js';
import { historyPageSchema, historySettingsSchema, restoreFieldResultSchema } from '../history/history.schema.js';
import { financialsSchema, ledgerWriteResultSchema } from '../ledger/ledger.schema.js';
import { annotatedOrderPageSchema, orderPageSchema, orderResponseSchema } from '../orders/orders.schema.js';
import { productPageSchema, productSchema } from '../products/products.schema.js';
import { mediaPageSchema, mediaRecordSchema } from '../media/media.schema.js';
import { timelinePageSchema } from '../timeline/timeline.schema.js';
import { meSchema, userListSchema, userSummarySchema } from '../users/users.schema.js';

/**
 * What every API route answers on success, keyed `METHOD /path` as the route table writes it:
 * the one description of the API's responses that both workspaces import. The server attaches
 * each schema to its route (the wiring refuses a route missing here), its tests check every
 * answer against it, the OpenAPI document shows it, and the SPA's test stand-in for the API
 * may answer only what it allows. `null`: the route answers no JSON (204, a download, a stream)
 * or its answer is not described yet.
 */
export const apiResponses = {
  'POST /crm/customers': customerSchema,
  'GET /crm/customers': customerPageSchema,
  'GET /crm/customers/:id': customerSchema,
  'PUT /crm/customers/:id': customerSchema,
  'POST /crm/customers/:id/notes': customerSchema,
  'POST /crm/customers/:id/contacts': customerSchema,
  'POST /crm/customers/:id/tags': customerSchema,
  'DELETE /crm/customers/:id/tags/:tag': customerSchema,
  'DELETE /crm/customers/:id': null,
  'POST /crm/customers/:id/archive': customerSchema,
  'POST /crm/customers/:id/restore': customerSchema,
  'POST /crm/customers/:id/purge': null,
  'PATCH /crm/customers/:id/relationship-status': customerSchema,
  'POST /crm/customers/:id/technical-issues': customerSchema,
  'PATCH /crm/customers/:id/technical-issues/:indexOrId/resolve': customerSchema,
  'POST /crm/customers/:id/install-support': customerSchema,
  'PATCH /crm/customers/:id/install-support/:indexOrId/resolve': customerSchema,
  'GET /crm/products': productPageSchema,
  'POST /crm/products': productSchema,
  'GET /crm/products/:id': productSchema,
  'PUT /crm/products/:id': productSchema,
  'DELETE /crm/products/:id': null,
  'POST /crm/products/:id/archive': productSchema,
  'POST /crm/products/:id/restore': productSchema,
  'POST /crm/products/:id/purge': null,
  'GET /crm/customers/:id/financials': financialsSchema,
  'POST /crm/customers/:id/transactions': ledgerWriteResultSchema,
  'PATCH /crm/customers/:id/transactions/:txId': ledgerWriteResultSchema,
  'DELETE /crm/customers/:id/transactions/:txId': null,
  'GET /crm/orders': annotatedOrderPageSchema,
  'GET /crm/customers/:id/orders': orderPageSchema,
  'POST /crm/customers/:id/orders': orderResponseSchema,
  'POST /crm/customers/:id/orders/init-negotiations': orderResponseSchema,
  'GET /crm/customers/:id/orders/:orderId': orderResponseSchema,
  'PATCH /crm/customers/:id/orders/:orderId': orderResponseSchema,
  'DELETE /crm/customers/:id/orders/:orderId': null,
  'POST /crm/customers/:id/orders/:orderId/timeline': orderResponseSchema,
  'PATCH /crm/customers/:id/orders/:orderId/payment-status': orderResponseSchema,
  'GET /health': null,
  'GET /me': meSchema,
  'GET /admin/users': userListSchema,
  'PUT /admin/users/:uid/role': userSummarySchema,
  'GET /crm/comms': commsPageSchema,
  'GET /crm/comms/unassigned': commsPageSchema,
  'GET /crm/comms/unassigned/count': unassignedCountSchema,
  'POST /crm/comms/:id/done': commsEntrySchema,
  'POST /crm/comms': commsEntrySchema,
  'GET /crm/comms/:id': commsEntrySchema,
  'PATCH /crm/comms/:id': commsEntrySchema,
  'DELETE /crm/comms/:id': null,
  'POST /crm/comms/:id/assign': assignResultSchema,
  'GET /crm/customers/:id/timeline': timelinePageSchema,
  'GET /crm/customers/:id/files': mediaPageSchema,
  'GET /crm/products/:id/files': mediaPageSchema,
  'POST /crm/customers/:id/files': mediaRecordSchema,
  'POST /crm/products/:id/files': mediaRecordSchema,
  'GET /crm/media/:id': mediaRecordSchema,
  'GET /crm/media/:id/download': null,
  'PATCH /crm/media/:id': mediaRecordSchema,
  'DELETE /crm/media/:id': null,
  'GET /crm/mail/accounts': null,
  'POST /crm/mail/accounts': null,
  'PATCH /crm/mail/accounts/:id': null,
  'DELETE /crm/mail/accounts/:id': null,
  'POST /crm/mail/accounts/:id/test': null,
  'POST /crm/mail/accounts/:id/poll': null,
  'GET /crm/mail/senders': null,
  'GET /crm/mail/failures': null,
  'GET /crm/mail/thread/:id': null,
  'POST /crm/customers/:id/emails': null,
  'GET /crm/calls/follow-ups': null,
  'POST /crm/calls/follow-ups/:id/done': null,
  'GET /crm/calls/bridge': null,
  'GET /me/extension': null,
  'PUT /me/extension': null,
  'POST /crm/customers/:id/call': null,
  'GET /crm/whatsapp/templates': null,
  'GET /crm/customers/:id/whatsapp': null,
  'POST /crm/customers/:id/whatsapp': null,
  'GET /crm/history': historyPageSchema,
  'GET /crm/history/settings': historySettingsSchema,
  'PUT /crm/history/settings': historySettingsSchema,
  'POST /crm/history/:id/restore-field': restoreFieldResultSchema,
  'GET /crm/export/customers.csv': null,
  'GET /crm/export/contacts.csv': null,
  'GET /crm/export/ledger.csv': null,
  'GET /crm/export/orders.csv': null,
  'GET /crm/export/products.csv': null,
  'GET /crm/export/installations.csv': null,
  'GET /crm/export/tasks.csv': null,
  'GET /crm/export/archive.zip': null,
  'POST /crm/imports': importSchema,
  'GET /crm/imports/:id': importSchema,
  'PUT /crm/imports/:id/mapping': importSchema,
  'POST /crm/imports/:id/run': importRunResultSchema,
  'POST /crm/imports/:id/undo': importSchema,
} as const satisfies Record<string, z.ZodType | null>;

export type RouteKey = keyof typeof apiResponses;

/** The one error shape of every route (http/errors.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    current: z.unknown().optional(),
    request_id: z.string().optional(),
  }),
}) satisfies z.ZodType<ErrorBody>;

export const routeKeyOf = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

export function isRouteKey(key: string): key is RouteKey {
  return Object.hasOwn(apiResponses, key);
}

const patterns = (Object.keys(apiResponses) as RouteKey[]).map((key) => {
  const [method, path] = key.split(' ') as [string, string];
  const segments = path.split('/').map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return { key, method, pattern: new RegExp(`^${segments.join('/')}$`) };
});

/**
 * The route a concrete request reaches (`GET`, `/crm/customers/c1`), as Express would pick it:
 * the first route in this table's order whose pattern matches (so a fixed segment such as
 * `unassigned` wins over `:id` when it is listed first, as in the route table).
 */
export function routeOfRequest(method: string, path: string): RouteKey | null {
  const upper = method.toUpperCase();
  return patterns.find((route) => route.method === upper && route.pattern.test(path))?.key ?? null;
}
