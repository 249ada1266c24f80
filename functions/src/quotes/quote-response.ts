import { fromCents } from '../shared/money.js';
import type { Doc } from '../store/docstore.js';
import { parseQuotePath } from './quote-paths.js';
import type { PublicQuote, Quote, QuoteDoc, QuoteLineDoc, QuoteTotals, QuoteTotalsDoc } from './quotes.schema.js';

/** Stored cents → the API's decimal euros. */

export function lineResponse(line: QuoteLineDoc): Quote['lines'][number] {
  return {
    product_id: line.product_id,
    description: line.description,
    quantity: line.quantity,
    unit_price: fromCents(line.unit_price_cents),
    discount_percent: line.discount_percent,
    vat_rate: line.vat_rate,
    net: fromCents(line.net_cents),
    vat: fromCents(line.vat_cents),
    gross: fromCents(line.gross_cents),
  };
}

export function totalsResponse(totals: QuoteTotalsDoc): QuoteTotals {
  return {
    net: fromCents(totals.net_cents),
    vat: fromCents(totals.vat_cents),
    gross: fromCents(totals.gross_cents),
    vat_breakdown: totals.vat_breakdown.map((r) => ({ rate: r.rate, base: fromCents(r.base_cents), vat: fromCents(r.vat_cents) })),
  };
}

export function quoteResponse(doc: Doc): Quote {
  const q = doc.data as unknown as QuoteDoc;
  return {
    id: doc.id,
    number: q.number,
    revision: q.revision,
    state: q.state,
    customer_id: parseQuotePath(doc.path)?.customerId ?? '',
    order_id: q.order_id,
    revision_of: q.revision_of,
    superseded_by: q.superseded_by,
    language: q.language,
    issue_date: q.issue_date,
    valid_until: q.valid_until,
    payment_terms: q.payment_terms,
    delivery_time: q.delivery_time,
    customer_note: q.customer_note,
    internal_notes: q.internal_notes,
    discount_percent: q.discount_percent,
    lines: q.lines.map(lineResponse),
    totals: totalsResponse(q.totals),
    sent_at: q.sent_at,
    answered_at: q.answered_at,
    accepted_by_name: q.accepted_by_name,
    decline_reason: q.decline_reason,
    history: q.history.map(({ event, at, by }) => ({ event, at, by })),
    created_at: q.created_at,
    created_by: q.created_by,
    updated_at: q.updated_at,
    updated_by: q.updated_by,
  };
}

export function publicQuoteResponse(q: QuoteDoc, companyName: string, customerName: string): PublicQuote {
  return {
    number: q.number,
    revision: q.revision,
    state: q.state,
    language: q.language,
    issue_date: q.issue_date,
    valid_until: q.valid_until,
    company_name: companyName,
    customer_name: customerName,
    payment_terms: q.payment_terms,
    delivery_time: q.delivery_time,
    customer_note: q.customer_note,
    discount_percent: q.discount_percent,
    lines: q.lines.map((line) => {
      const { product_id: _id, ...rest } = lineResponse(line);
      return rest;
    }),
    totals: totalsResponse(q.totals),
  };
}
