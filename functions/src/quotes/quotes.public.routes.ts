import type { Request } from 'express';
import type { AppDeps } from '../app/deps.js';
import { ApiError, notFound } from '../http/errors.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { customerPath } from '../shared/collections.js';
import type { Doc } from '../store/docstore.js';
import { createPublicRateLimit } from './public-rate-limit.js';
import { acceptQuote, declineQuote } from './quote-answer.js';
import { athensDay } from './quote-days.js';
import { quotePdf, sendPdf } from './quote-document.js';
import { parseQuotePath } from './quote-paths.js';
import { publicQuoteResponse } from './quote-response.js';
import { quoteByToken } from './quote-token.js';
import { pdfQuerySchema, publicAcceptSchema, publicDeclineSchema, tokenParamsSchema, type PublicQuote, type QuoteDoc } from './quotes.schema.js';
import { readQuoteSettings } from './quotes.settings.js';

/**
 * The customer's answer page (issue 20, item 6), for someone with the link and no account.
 * Public by design: the token (256 random bits, stored hashed) is the credential, it opens one
 * quote while that quote is sent and valid, every route is rate limited per address, and the
 * answers carry the document's content only (no ids, no internal notes, nothing of other quotes).
 */
export function quotesPublicRoutes(deps: AppDeps, limit = createPublicRateLimit()): RouteDef[] {
  /** The quote a link opens; a draft is not the customer's yet, and an expired one is gone. */
  const open = async (req: Request, token: string): Promise<Doc> => {
    limit(req.ip ?? 'unknown');
    const doc = await quoteByToken(deps.store, token);
    const quote = doc.data as unknown as QuoteDoc;
    if (quote.state === 'draft') throw notFound('Quotation');
    const lapsed = quote.state === 'expired' || (quote.state === 'sent' && quote.valid_until < athensDay(deps.clock.now()));
    if (lapsed) throw new ApiError('gone', `Quotation ${quote.number} expired on ${quote.valid_until}`, [{ path: 'token', message: 'expired' }]);
    if (quote.state === 'superseded') throw new ApiError('gone', 'This quotation was replaced by a newer one', [{ path: 'token', message: 'superseded' }]);
    return doc;
  };
  const view = async (doc: Doc): Promise<PublicQuote> => {
    const customer = await deps.store.get(customerPath(parseQuotePath(doc.path)!.customerId));
    const settings = await readQuoteSettings(deps.store);
    const name = typeof customer?.data.name === 'string' ? customer.data.name : '';
    return publicQuoteResponse(doc.data as unknown as QuoteDoc, settings.company.name, name);
  };
  const customerActor = (name: string) => ({ name, uid: 'integration:quote-link' });
  const reread = async (path: string): Promise<Doc> => (await deps.store.get(path)) ?? Promise.reject(notFound('Quotation'));

  return [
    defineRoute({
      method: 'get',
      path: '/public/quotes/:token',
      role: 'public',
      params: tokenParamsSchema,
      handler: async ({ params, req }) => view(await open(req, params.token)),
    }),
    defineRoute({
      method: 'get',
      path: '/public/quotes/:token/pdf',
      role: 'public',
      params: tokenParamsSchema,
      query: pdfQuerySchema,
      handler: async ({ params, query, req, res }) => sendPdf(res, await quotePdf(deps.store, await open(req, params.token)), query.inline),
    }),
    defineRoute({
      method: 'post',
      path: '/public/quotes/:token/accept',
      role: 'public',
      params: tokenParamsSchema,
      body: publicAcceptSchema,
      handler: async ({ params, body, req }) => {
        const doc = await open(req, params.token);
        await acceptQuote(deps.store, deps.clock, doc.path, { actor: customerActor(body.name), name: body.name }, 'public');
        return view(await reread(doc.path));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/public/quotes/:token/decline',
      role: 'public',
      params: tokenParamsSchema,
      body: publicDeclineSchema,
      handler: async ({ params, body, req }) => {
        const doc = await open(req, params.token);
        const customer = await deps.store.get(customerPath(parseQuotePath(doc.path)!.customerId));
        const name = typeof customer?.data.name === 'string' ? customer.data.name : 'customer';
        await declineQuote(deps.store, deps.clock, doc.path, body.reason, customerActor(name), 'public');
        return view(await reread(doc.path));
      },
    }),
  ];
}
