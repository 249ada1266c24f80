import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { actorOf } from '../shared/actor.js';
import { customerParamsSchema } from '../shared/ids.js';
import { acceptQuote, declineQuote } from './quote-answer.js';
import { quotePdf, sendPdf } from './quote-document.js';
import type { MailRepositories } from '../mail/mail.ingest.js';
import { sendQuote } from './quote-send.js';
import type { Request } from 'express';
import { findQuote, QuotesService } from './quotes.service.js';
import {
  quoteCreateSchema,
  pdfQuerySchema,
  quoteParamsSchema,
  quotePreviewSchema,
  quoteSendSchema,
  quotesQuerySchema,
  quoteUpdateSchema,
  staffAcceptSchema,
  staffDeclineSchema,
} from './quotes.schema.js';
import { quoteSettingsSchema, readQuoteSettings, writeQuoteSettings } from './quotes.settings.js';

/** Staff routes of quotes (issue 20, item 9): viewers read, editors write, admins set the letterhead. */
export function quotesRoutes(deps: AppDeps, mail: MailRepositories): RouteDef[] {
  const quotes = new QuotesService(deps.store, deps.clock);
  return [
    defineRoute({
      method: 'get',
      path: '/crm/settings/quotes',
      role: 'viewer',
      handler: () => readQuoteSettings(deps.store),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/settings/quotes',
      role: 'admin',
      body: quoteSettingsSchema,
      handler: ({ body, user }) => writeQuoteSettings(deps.store, body, actorOf(user), deps.clock.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/customers/:id/quotes',
      role: 'viewer',
      params: customerParamsSchema,
      handler: ({ params }) => quotes.listForCustomer(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/quotes',
      role: 'editor',
      status: 201,
      params: customerParamsSchema,
      body: quoteCreateSchema,
      handler: ({ params, body, user }) => quotes.create(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/quotes',
      role: 'viewer',
      query: quotesQuerySchema,
      handler: ({ query }) => quotes.listAll(query),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/quotes/preview',
      role: 'viewer',
      body: quotePreviewSchema,
      handler: ({ body }) => quotes.preview(body),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/quotes/:id',
      role: 'viewer',
      params: quoteParamsSchema,
      handler: ({ params }) => quotes.get(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/quotes/:id/pdf',
      role: 'viewer',
      params: quoteParamsSchema,
      query: pdfQuerySchema,
      handler: async ({ params, query, res }) => sendPdf(res, await quotePdf(deps.store, await findQuote(deps.store, params.id)), query.inline),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/quotes/:id',
      role: 'editor',
      params: quoteParamsSchema,
      body: quoteUpdateSchema,
      handler: ({ params, body, user }) => quotes.update(params.id, body, actorOf(user)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/quotes/:id/revise',
      role: 'editor',
      status: 201,
      params: quoteParamsSchema,
      handler: ({ params, user }) => quotes.revise(params.id, actorOf(user)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/quotes/:id/send',
      role: 'editor',
      params: quoteParamsSchema,
      body: quoteSendSchema,
      handler: ({ params, body, user, req }) => sendQuote(deps, mail, params.id, body, user, linkBaseOf(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/quotes/:id/accept',
      role: 'editor',
      params: quoteParamsSchema,
      body: staffAcceptSchema,
      handler: async ({ params, user }) => {
        const actor = actorOf(user);
        return acceptQuote(deps.store, deps.clock, (await findQuote(deps.store, params.id)).path, { actor, name: actor.name }, 'staff');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/crm/quotes/:id/decline',
      role: 'editor',
      params: quoteParamsSchema,
      body: staffDeclineSchema,
      handler: async ({ params, body, user }) =>
        declineQuote(deps.store, deps.clock, (await findQuote(deps.store, params.id)).path, body.reason, actorOf(user), 'staff'),
    }),
  ];
}

/** Where the SPA is served, for the customer's answer link: the host the request came through (Hosting forwards its own). */
function linkBaseOf(req: Request): string {
  const proto = req.get('x-forwarded-proto')?.split(',')[0]?.trim() || req.protocol;
  return `${proto}://${req.get('x-forwarded-host') ?? req.get('host') ?? 'localhost'}`;
}
