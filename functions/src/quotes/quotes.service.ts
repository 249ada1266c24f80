import type { Clock } from '../http/deps.js';
import { ApiError, notFound, unprocessable, type ErrorDetail } from '../http/errors.js';
import type { Actor } from '../shared/actor.js';
import { customerPath, orderPath, productPath } from '../shared/collections.js';
import { toCents } from '../shared/money.js';
import type { Doc, DocData, DocStore, Transaction, Where } from '../store/docstore.js';
import { addDays, athensDay } from './quote-days.js';
import { allocateQuoteNumber } from './quote-number.js';
import { QUOTES, quotePath, quotesPath } from './quote-paths.js';
import { quoteResponse, totalsResponse, lineResponse } from './quote-response.js';
import { quoteMoney } from './quote-totals.js';
import type { QuoteEvent, QuoteLanguage } from './quotes.enums.js';
import type {
  Quote,
  QuoteCreate,
  QuoteDoc,
  QuoteHistoryEntry,
  QuoteLineDoc,
  QuoteLineInput,
  QuotePreview,
  QuoteTotals,
  QuoteUpdate,
  QuotesQuery,
} from './quotes.schema.js';
import { readQuoteSettings } from './quotes.settings.js';

/** Order states a quote may answer (issue 20, item 1). */
const quotableOrderStates = ['negotiating', 'awaiting_quotation'];

export function historyEntry(event: QuoteEvent, at: Date, actor: Actor): QuoteHistoryEntry {
  return { event, at, by: actor.name, by_uid: actor.uid };
}

/** Who wrote a document last (the history of changes reads it from every write). */
export const stamp = (actor: Actor, now: Date) => ({ updated_at: now, updated_by: actor.name, updated_by_uid: actor.uid });

/** The quote with this id, wherever its customer: quotes are found by id alone. */
export async function findQuote(reader: Pick<DocStore, 'query'> | Transaction, id: string): Promise<Doc> {
  const [doc] = await reader.query({ collectionGroup: QUOTES, where: [{ field: 'quote_id', op: '==', value: id }], limit: 1 });
  if (!doc) throw notFound('Quote');
  return doc;
}

export const stateConflict = (message: string): ApiError => new ApiError('conflict', message, [{ path: 'state', message }]);

/**
 * The stored lines of `inputs`: product lines copy the product's name, description and price as
 * quoted (unless the line gives its own text or price); a product that does not exist or is
 * archived is refused, naming the line.
 */
async function pricedLines(reader: Pick<Transaction, 'getAll'>, inputs: QuoteLineInput[], discountPercent: number) {
  const ids = [...new Set(inputs.flatMap((line) => (line.product_id ? [line.product_id] : [])))];
  const docs = ids.length > 0 ? await reader.getAll(ids.map(productPath)) : [];
  const products = new Map(ids.map((id, i) => [id, docs[i]?.data]));
  const details: ErrorDetail[] = [];
  inputs.forEach((line, index) => {
    if (!line.product_id) return;
    const product = products.get(line.product_id);
    if (!product) details.push({ path: `lines.${index}.product_id`, message: `no product ${line.product_id}` });
    else if (product.archived_at) details.push({ path: `lines.${index}.product_id`, message: `product ${line.product_id} is archived` });
  });
  const first = details[0];
  if (first) throw unprocessable(`A quote line names a product that cannot be quoted: ${first.message}`, details);
  const copied = inputs.map((line) => {
    const product = line.product_id ? products.get(line.product_id) : undefined;
    const name = typeof product?.name === 'string' ? product.name : '';
    const text = typeof product?.description === 'string' && product.description.trim() ? `${name}\n${product.description.trim()}` : name;
    return {
      product_id: line.product_id,
      description: line.description || text,
      quantity: line.quantity,
      unit_price_cents: toCents(line.unit_price ?? (typeof product?.price === 'number' ? product.price : 0)),
      discount_percent: line.discount_percent,
      vat_rate: line.vat_rate,
    };
  });
  const money = quoteMoney(copied, discountPercent);
  const lines: QuoteLineDoc[] = copied.map((line, i) => ({ ...line, ...money.lines[i]! }));
  return {
    lines,
    totals: { net_cents: money.net_cents, vat_cents: money.vat_cents, gross_cents: money.gross_cents, vat_breakdown: money.vat_breakdown },
  };
}

function customerLanguage(customer: DocData): QuoteLanguage {
  const first = Array.isArray(customer.language) ? customer.language[0] : customer.language;
  return typeof first === 'string' && first.startsWith('en') ? 'en' : 'el';
}

export class QuotesService {
  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
  ) {}

  async preview(body: QuotePreview): Promise<{ lines: Quote['lines']; totals: QuoteTotals }> {
    const { lines, totals } = await pricedLines(this.store, body.lines, body.discount_percent);
    return { lines: lines.map(lineResponse), totals: totalsResponse(totals) };
  }

  async create(customerId: string, body: QuoteCreate, actor: Actor): Promise<Quote> {
    const settings = await readQuoteSettings(this.store);
    return this.store.runTransaction(async (tx) => {
      const customer = await tx.get(customerPath(customerId));
      if (!customer) throw notFound('Customer');
      if (body.order_id) await requireQuotableOrder(tx, customerId, body.order_id);
      const { lines, totals } = await pricedLines(tx, body.lines, body.discount_percent);
      const now = this.clock.now();
      const number = await allocateQuoteNumber(tx, now);
      const id = this.store.newId();
      const issueDate = body.issue_date ?? athensDay(now);
      const validUntil = body.valid_until ?? addDays(issueDate, settings.validity_days);
      if (validUntil < issueDate) throw unprocessable('valid_until is before the issue date', [{ path: 'valid_until', message: 'must not be before issue_date' }]);
      const quote: QuoteDoc = {
        quote_id: id,
        number,
        revision: 1,
        state: 'draft',
        revision_of: null,
        superseded_by: null,
        order_id: body.order_id,
        language: body.language ?? customerLanguage(customer.data),
        issue_date: issueDate,
        valid_until: validUntil,
        payment_terms: body.payment_terms,
        delivery_time: body.delivery_time,
        customer_note: body.customer_note,
        internal_notes: body.internal_notes,
        discount_percent: body.discount_percent,
        lines,
        totals,
        public_token_hashes: [],
        retired_token_hashes: [],
        sent_at: null,
        answered_at: null,
        accepted_by_name: null,
        decline_reason: null,
        accepted_order_id: null,
        history: [historyEntry('quote_created', now, actor)],
        created_at: now,
        created_by: actor.name,
        created_by_uid: actor.uid,
        ...stamp(actor, now),
      };
      const path = quotePath(customerId, id);
      tx.create(path, quote as unknown as DocData);
      return quoteResponse({ id, path, data: quote as unknown as DocData });
    });
  }

  async get(id: string): Promise<Quote> {
    return quoteResponse(await findQuote(this.store, id));
  }

  async listForCustomer(customerId: string): Promise<{ quotes: Quote[] }> {
    return { quotes: (await this.customerQuotes(customerId)).map(quoteResponse) };
  }

  private async customerQuotes(customerId: string): Promise<Doc[]> {
    if (!(await this.store.get(customerPath(customerId)))) throw notFound('Customer');
    return this.store.query({ collection: quotesPath(customerId), orderBy: [{ field: 'created_at', direction: 'desc' }] });
  }

  /** Across customers: by state, by customer, and those whose validity ends before a day. */
  async listAll(query: QuotesQuery): Promise<{ quotes: (Quote & { customer_name: string })[] }> {
    let docs: Doc[];
    if (query.customer) {
      docs = (await this.customerQuotes(query.customer))
        .filter((d) => !query.state || d.data.state === query.state)
        .filter((d) => !query.expiring_before || String(d.data.valid_until) < query.expiring_before)
        .slice(0, query.limit);
    } else {
      const where: Where[] = query.state ? [{ field: 'state', op: '==', value: query.state }] : [];
      if (query.expiring_before) where.push({ field: 'valid_until', op: '<', value: query.expiring_before });
      docs = await this.store.query({
        collectionGroup: QUOTES,
        where,
        orderBy: [query.expiring_before ? { field: 'valid_until', direction: 'asc' } : { field: 'created_at', direction: 'desc' }],
        limit: query.limit,
      });
    }
    const quotes = docs.map(quoteResponse).filter((q) => q.customer_id !== '');
    const ids = [...new Set(quotes.map((q) => q.customer_id))];
    const customers = await this.store.getAll(ids.map(customerPath));
    const names = new Map(ids.map((id, i) => [id, customers[i]?.data.name]));
    return { quotes: quotes.map((q) => ({ ...q, customer_name: String(names.get(q.customer_id) ?? '') })) };
  }

  /** A draft is edited in place; anything else is frozen (revise it). */
  async update(id: string, body: QuoteUpdate, actor: Actor): Promise<Quote> {
    const found = await findQuote(this.store, id);
    return this.store.runTransaction(async (tx) => {
      const doc = await tx.get(found.path);
      if (!doc) throw notFound('Quote');
      const current = doc.data as unknown as QuoteDoc;
      if (current.state !== 'draft') throw stateConflict(`Quote ${current.number} is ${current.state} and cannot be edited; revise it instead`);
      const customerId = found.path.split('/')[1]!;
      if (body.order_id) await requireQuotableOrder(tx, customerId, body.order_id);
      const next: QuoteDoc = { ...current, ...withoutLines(body), ...stamp(actor, this.clock.now()) };
      if (body.lines !== undefined || body.discount_percent !== undefined) {
        const priced = await pricedLines(tx, body.lines ?? current.lines.map(storedLineInput), next.discount_percent);
        next.lines = priced.lines;
        next.totals = priced.totals;
      }
      if (next.valid_until < next.issue_date) throw unprocessable('valid_until is before the issue date', [{ path: 'valid_until', message: 'must not be before issue_date' }]);
      tx.set(doc.path, next as unknown as DocData);
      return quoteResponse({ ...doc, data: next as unknown as DocData });
    });
  }

  /**
   * A new revision (v2, v3…) with the same number, as a draft to edit; the earlier one is kept,
   * marked superseded, and its answer link stops working.
   */
  async revise(id: string, actor: Actor): Promise<Quote> {
    const found = await findQuote(this.store, id);
    const settings = await readQuoteSettings(this.store);
    return this.store.runTransaction(async (tx) => {
      const doc = await tx.get(found.path);
      if (!doc) throw notFound('Quote');
      const current = doc.data as unknown as QuoteDoc;
      if (!['sent', 'declined', 'expired'].includes(current.state)) {
        throw stateConflict(
          current.state === 'draft'
            ? `Quote ${current.number} is a draft: edit it instead of revising it`
            : `Quote ${current.number} is ${current.state} and cannot be revised`,
        );
      }
      const now = this.clock.now();
      const newId = this.store.newId();
      const issueDate = athensDay(now);
      const revision: QuoteDoc = {
        ...current,
        quote_id: newId,
        revision: current.revision + 1,
        state: 'draft',
        revision_of: doc.id,
        superseded_by: null,
        issue_date: issueDate,
        valid_until: addDays(issueDate, settings.validity_days),
        public_token_hashes: [],
        retired_token_hashes: [],
        sent_at: null,
        answered_at: null,
        accepted_by_name: null,
        decline_reason: null,
        accepted_order_id: null,
        history: [historyEntry('quote_revised', now, actor)],
        created_at: now,
        created_by: actor.name,
        created_by_uid: actor.uid,
        ...stamp(actor, now),
      };
      const path = quotePath(found.path.split('/')[1]!, newId);
      tx.update(doc.path, {
        state: 'superseded',
        superseded_by: newId,
        public_token_hashes: [],
        retired_token_hashes: [...current.retired_token_hashes, ...current.public_token_hashes],
        ...stamp(actor, now),
      });
      tx.create(path, revision as unknown as DocData);
      return quoteResponse({ id: newId, path, data: revision as unknown as DocData });
    });
  }
}

async function requireQuotableOrder(tx: Transaction, customerId: string, orderId: string): Promise<void> {
  const order = await tx.get(orderPath(customerId, orderId));
  if (!order) throw unprocessable(`Order ${orderId} is not an order of this customer`, [{ path: 'order_id', message: 'no such order of this customer' }]);
  if (!quotableOrderStates.includes(String(order.data.status))) {
    throw unprocessable(`Order ${String(order.data.order_number ?? orderId)} is ${String(order.data.status)}: a quote answers an order in negotiation`, [
      { path: 'order_id', message: 'the order is not negotiating or awaiting a quotation' },
    ]);
  }
}

function withoutLines(body: QuoteUpdate): Omit<QuoteUpdate, 'lines'> {
  const { lines: _lines, ...rest } = body;
  return rest;
}

/** A stored line as input again, to reprice it when only the whole-quote discount changes. */
function storedLineInput(line: QuoteLineDoc): QuoteLineInput {
  return {
    product_id: line.product_id,
    description: line.description,
    quantity: line.quantity,
    unit_price: line.unit_price_cents / 100,
    discount_percent: line.discount_percent,
    vat_rate: line.vat_rate,
  };
}
