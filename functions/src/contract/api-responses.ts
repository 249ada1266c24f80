import { z } from 'zod';
import { errorStatus, type ErrorBody, type ErrorCode } from '../http/errors.js';
import { download, noContent, type RouteResponse } from '../http/route.js';

export { jsonResponseOf } from '../http/route.js';
import { assignResultSchema, commsEntrySchema, commsPageSchema, unassignedCountSchema } from '../comms/comms.schema.js';
import { customerPageSchema, customerSchema, purgeResultSchema } from '../customers/customers.schema.js';
import { importRunResultSchema, importSchema } from '../imports/import.schema.js';
import { historyPageSchema, historySettingsSchema, restoreFieldResultSchema } from '../history/history.schema.js';
import { financialsSchema, ledgerWriteResultSchema } from '../ledger/ledger.schema.js';
import { annotatedOrderPageSchema, orderPageSchema, orderResponseSchema } from '../orders/orders.schema.js';
import { productPageSchema, productPurgeResultSchema, productSchema } from '../products/products.schema.js';
import { mediaPageSchema, mediaRecordSchema } from '../media/media.schema.js';
import { timelinePageSchema } from '../timeline/timeline.schema.js';
import { accountCredentialSchema, meSchema, userListSchema, userSummarySchema } from '../users/users.schema.js';
import { sessionSchema } from '../auth/auth.schema.js';
import { healthReportSchema } from '../health/health.schema.js';
import {
  accountTestSchema,
  emailEntrySchema,
  mailAccountViewSchema,
  mailFailuresSchema,
  mailThreadSchema,
  pollResultSchema,
  sendersSchema,
} from '../mail/mail.schema.js';
import { bridgesSchema, callEntrySchema, callPageSchema, extensionAnswerSchema, originateRequestSchema } from '../calls/calls.schema.js';
import { templatesAnswerSchema, whatsappEntrySchema, windowInfoSchema } from '../whatsapp/whatsapp.schema.js';
import { annotatedQuotePageSchema, publicQuoteSchema, quotePageSchema, quotePreviewResponseSchema, quoteSchema } from '../quotes/quotes.schema.js';
import { quoteSettingsResponseSchema } from '../quotes/quotes.settings.js';
import { deadEntriesSchema, retriedSchema } from '../journal/journal.schema.js';
import { preferencesSchema, taskPageSchema, taskSchema, todaySchema } from '../tasks/tasks.schema.js';
import { taskSettingsResponseSchema } from '../tasks/tasks-settings.schema.js';
import { activityReportSchema, pipelineReportSchema, quotesReportSchema, receivablesReportSchema, salesReportSchema } from '../reports/reports.schema.js';
import {
  installationListSchema,
  installationSchema,
  visitListSchema,
  visitWriteResultSchema,
} from '../installations/installations.schema.js';

/**
 * What every API route answers on success, keyed `METHOD /path` as the route table writes it:
 * the one description of the API's responses that both workspaces import. The server attaches
 * each schema to its route (the wiring refuses a route missing here), its tests check every
 * answer against it, the OpenAPI document shows it, and the SPA's test stand-in for the API
 * may answer only what it allows. A route answering no JSON says so: `noContent` (a 204) or
 * `download(mediaType)` (a file).
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
  'DELETE /crm/customers/:id': noContent,
  'POST /crm/customers/:id/archive': customerSchema,
  'POST /crm/customers/:id/restore': customerSchema,
  'POST /crm/customers/:id/purge': purgeResultSchema,
  'PATCH /crm/customers/:id/relationship-status': customerSchema,
  'POST /crm/customers/:id/technical-issues': customerSchema,
  'PATCH /crm/customers/:id/technical-issues/:indexOrId/resolve': customerSchema,
  'POST /crm/customers/:id/install-support': customerSchema,
  'PATCH /crm/customers/:id/install-support/:indexOrId/resolve': customerSchema,
  'GET /crm/products': productPageSchema,
  'POST /crm/products': productSchema,
  'GET /crm/products/:id': productSchema,
  'PUT /crm/products/:id': productSchema,
  'DELETE /crm/products/:id': noContent,
  'POST /crm/products/:id/archive': productSchema,
  'POST /crm/products/:id/restore': productSchema,
  'POST /crm/products/:id/purge': productPurgeResultSchema,
  'GET /crm/customers/:id/financials': financialsSchema,
  'POST /crm/customers/:id/transactions': ledgerWriteResultSchema,
  'PATCH /crm/customers/:id/transactions/:txId': ledgerWriteResultSchema,
  'DELETE /crm/customers/:id/transactions/:txId': noContent,
  'GET /crm/orders': annotatedOrderPageSchema,
  'GET /crm/customers/:id/orders': orderPageSchema,
  'POST /crm/customers/:id/orders': orderResponseSchema,
  'POST /crm/customers/:id/orders/init-negotiations': orderResponseSchema,
  'GET /crm/customers/:id/orders/:orderId': orderResponseSchema,
  'PATCH /crm/customers/:id/orders/:orderId': orderResponseSchema,
  'DELETE /crm/customers/:id/orders/:orderId': noContent,
  'POST /crm/customers/:id/orders/:orderId/timeline': orderResponseSchema,
  'PATCH /crm/customers/:id/orders/:orderId/payment-status': orderResponseSchema,
  'GET /health': healthReportSchema,
  'GET /me': meSchema,
  'GET /admin/users': userListSchema,
  'PUT /admin/users/:uid/role': userSummarySchema,
  'POST /admin/users': accountCredentialSchema,
  'POST /admin/users/:uid/disable': userSummarySchema,
  'POST /admin/users/:uid/enable': userSummarySchema,
  'POST /admin/users/:uid/reset-password': accountCredentialSchema,
  // Embedded mode only (production signs in at Firebase Auth).
  'POST /auth/sign-in': sessionSchema,
  'POST /auth/password': sessionSchema,
  'POST /auth/sign-out': noContent,
  'GET /crm/comms': commsPageSchema,
  'GET /crm/comms/unassigned': commsPageSchema,
  'GET /crm/comms/unassigned/count': unassignedCountSchema,
  'POST /crm/comms/:id/done': commsEntrySchema,
  'POST /crm/comms': commsEntrySchema,
  'GET /crm/comms/:id': commsEntrySchema,
  'PATCH /crm/comms/:id': commsEntrySchema,
  'DELETE /crm/comms/:id': noContent,
  'POST /crm/comms/:id/assign': assignResultSchema,
  'GET /crm/customers/:id/timeline': timelinePageSchema,
  'GET /crm/customers/:id/files': mediaPageSchema,
  'GET /crm/products/:id/files': mediaPageSchema,
  'POST /crm/customers/:id/files': mediaRecordSchema,
  'POST /crm/products/:id/files': mediaRecordSchema,
  'GET /crm/media/:id': mediaRecordSchema,
  'GET /crm/media/:id/download': download('*/*'),
  'PATCH /crm/media/:id': mediaRecordSchema,
  'DELETE /crm/media/:id': noContent,
  'GET /crm/mail/accounts': z.array(mailAccountViewSchema),
  'POST /crm/mail/accounts': mailAccountViewSchema,
  'PATCH /crm/mail/accounts/:id': mailAccountViewSchema,
  'DELETE /crm/mail/accounts/:id': noContent,
  'POST /crm/mail/accounts/:id/test': accountTestSchema,
  'POST /crm/mail/accounts/:id/poll': pollResultSchema,
  'GET /crm/mail/senders': sendersSchema,
  'GET /crm/mail/failures': mailFailuresSchema,
  'GET /crm/mail/thread/:id': mailThreadSchema,
  'POST /crm/customers/:id/emails': emailEntrySchema,
  'GET /crm/calls/follow-ups': callPageSchema,
  'POST /crm/calls/follow-ups/:id/done': callEntrySchema,
  'GET /crm/calls/bridge': bridgesSchema,
  'GET /me/extension': extensionAnswerSchema,
  'PUT /me/extension': extensionAnswerSchema,
  'POST /crm/customers/:id/call': originateRequestSchema,
  'GET /crm/whatsapp/templates': templatesAnswerSchema,
  'GET /crm/customers/:id/whatsapp': windowInfoSchema,
  'POST /crm/customers/:id/whatsapp': whatsappEntrySchema,
  'GET /crm/settings/quotes': quoteSettingsResponseSchema,
  'PUT /crm/settings/quotes': quoteSettingsResponseSchema,
  'GET /crm/customers/:id/quotes': quotePageSchema,
  'POST /crm/customers/:id/quotes': quoteSchema,
  'GET /crm/quotes': annotatedQuotePageSchema,
  'POST /crm/quotes/preview': quotePreviewResponseSchema,
  'GET /crm/quotes/:id': quoteSchema,
  'GET /crm/quotes/:id/pdf': download('application/pdf'),
  'PUT /crm/quotes/:id': quoteSchema,
  'POST /crm/quotes/:id/revise': quoteSchema,
  'POST /crm/quotes/:id/send': quoteSchema,
  'POST /crm/quotes/:id/accept': quoteSchema,
  'POST /crm/quotes/:id/decline': quoteSchema,
  'GET /public/quotes/:token': publicQuoteSchema,
  'GET /public/quotes/:token/pdf': download('application/pdf'),
  'POST /public/quotes/:token/accept': publicQuoteSchema,
  'POST /public/quotes/:token/decline': publicQuoteSchema,
  'GET /admin/journal/dead': deadEntriesSchema,
  'POST /admin/journal/:id/retry': retriedSchema,
  'GET /crm/tasks': taskPageSchema,
  'POST /crm/tasks': taskSchema,
  'GET /crm/tasks/:id': taskSchema,
  'PUT /crm/tasks/:id': taskSchema,
  'DELETE /crm/tasks/:id': noContent,
  'POST /crm/tasks/:id/complete': taskSchema,
  'GET /crm/today': todaySchema,
  'GET /crm/settings/tasks': taskSettingsResponseSchema,
  'PUT /crm/settings/tasks': taskSettingsResponseSchema,
  'GET /crm/me/preferences': preferencesSchema,
  'PUT /crm/me/preferences': preferencesSchema,
  'GET /crm/reports/pipeline': pipelineReportSchema,
  'GET /crm/reports/receivables': receivablesReportSchema,
  'GET /crm/reports/sales': salesReportSchema,
  'GET /crm/reports/quotes': quotesReportSchema,
  'GET /crm/reports/activity': activityReportSchema,
  'GET /crm/customers/:id/installations': installationListSchema,
  'POST /crm/customers/:id/installations': installationSchema,
  'GET /crm/installations': installationListSchema,
  'GET /crm/installations/:id': installationSchema,
  'PUT /crm/installations/:id': installationSchema,
  'DELETE /crm/installations/:id': noContent,
  'GET /crm/installations/:id/visits': visitListSchema,
  'POST /crm/installations/:id/visits': visitWriteResultSchema,
  'PUT /crm/visits/:id': visitWriteResultSchema,
  'GET /crm/history': historyPageSchema,
  'GET /crm/history/settings': historySettingsSchema,
  'PUT /crm/history/settings': historySettingsSchema,
  'POST /crm/history/:id/restore-field': restoreFieldResultSchema,
  'GET /crm/export/customers.csv': download('text/csv'),
  'GET /crm/export/contacts.csv': download('text/csv'),
  'GET /crm/export/ledger.csv': download('text/csv'),
  'GET /crm/export/orders.csv': download('text/csv'),
  'GET /crm/export/products.csv': download('text/csv'),
  'GET /crm/export/installations.csv': download('text/csv'),
  'GET /crm/export/tasks.csv': download('text/csv'),
  'GET /crm/export/archive.zip': download('application/zip'),
  'POST /crm/imports': importSchema,
  'GET /crm/imports/:id': importSchema,
  'PUT /crm/imports/:id/mapping': importSchema,
  'POST /crm/imports/:id/run': importRunResultSchema,
  'POST /crm/imports/:id/undo': importSchema,
} as const satisfies Record<string, RouteResponse>;

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
