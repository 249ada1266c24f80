import type { z } from 'zod';
import { commsHourCounts } from '../comms/comms.stats.js';
import type { AppDeps } from '../app/deps.js';
import { readLedgerDigests, type CustomerLedgerDigest, type DigestEntry } from '../ledger/ledger.digest.js';
import { orderStatuses } from '../orders/orders.enums.js';
import { addDays, athensDay, athensInstant, weekStart } from '../shared/athens-time.js';
import { ORDERS, parseOrderPath, PRODUCTS } from '../shared/collections.js';
import { fromCents, orderCurrency, toCents } from '../shared/money.js';
import type { Doc, DocData } from '../store/docstore.js';
import type {
  activityReportSchema,
  pipelineReportSchema,
  quotesReportSchema,
  receivablesReportSchema,
  ReportQuery,
  salesReportSchema,
} from './reports.schema.js';
import { agingBuckets } from './reports.schema.js';

export type ReportsDeps = Pick<AppDeps, 'store' | 'sql' | 'clock'>;
type Bucket = (typeof agingBuckets)[number];

/** Orders that no longer wait on anything: outside the open pipeline. */
const closedStatuses = new Set(['declined', 'complete']);
/** Orders the customer confirmed: they count as sales. */
const soldStatuses = new Set(['awaiting_fulfilment', 'awaiting_payment', 'manufacturing', 'shipped', 'installed', 'complete']);

/** One collator for every comparison: a locale argument to localeCompare builds one per call. */
const greek = new Intl.Collator('el');
const asDate = (value: unknown): Date | null => (value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null);
const cents = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? toCents(value) : 0);
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/** Splits `total` cents over `weights` in proportion, exactly (largest remainder). */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const shares = raw.map((r) => Math.floor(r));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) shares[order[k]!.i]! += 1;
  return shares;
}

/** The bucket of an amount `days` past due. */
function bucketOf(days: number): Bucket {
  if (days <= 0) return 'current';
  if (days <= 30) return 'd1_30';
  if (days <= 60) return 'd31_60';
  if (days <= 90) return 'd61_90';
  return 'd90_plus';
}

const emptyBuckets = (): Record<Bucket, number> => ({ current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 });

/**
 * The aging of one customer's ledger in one currency as of a day: payments and credits, less
 * refunds, settle the oldest invoices first; what remains of each invoice is aged by the days
 * past its due date (invoice day + terms). A credit left over, or refunds beyond what was paid,
 * is current. So the buckets always add up to invoiced − paid − credits, the ledger's outstanding.
 */
export function ageLedger(entries: DigestEntry[], asOf: string, termsDays: number): Map<string, Record<Bucket, number>> {
  const byCurrency = new Map<string, { invoices: { day: string; cents: number }[]; settled: number }>();
  for (const entry of entries) {
    const day = entry.day;
    if (day > asOf) continue;
    const row = byCurrency.get(entry.currency) ?? { invoices: [], settled: 0 };
    const amount = entry.cents;
    if (entry.flow === 'invoice') row.invoices.push({ day, cents: amount });
    else row.settled += entry.flow === 'refund' ? -amount : amount;
    byCurrency.set(entry.currency, row);
  }
  const out = new Map<string, Record<Bucket, number>>();
  const asOfDay = dayNumber(asOf);
  for (const [currency, row] of byCurrency) {
    const buckets = emptyBuckets();
    let settled = row.settled;
    for (const invoice of row.invoices.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))) {
      const paid = Math.max(0, Math.min(settled, invoice.cents));
      settled -= paid;
      const remaining = invoice.cents - paid;
      if (remaining !== 0) buckets[bucketOf(asOfDay - (dayNumber(invoice.day) + termsDays))] += remaining;
    }
    buckets.current -= settled;
    out.set(currency, buckets);
  }
  return out;
}

export class ReportsService {
  constructor(
    private readonly deps: ReportsDeps,
    private readonly termsDays: number,
  ) {}

  /** The range asked for, else the year up to today (Athens). */
  range(query: ReportQuery): { from: string; to: string } {
    const to = query.to ?? athensDay(this.deps.clock.now());
    return { from: query.from ?? addDays(to, -365), to };
  }

  private inRange(at: unknown, range: { from: string; to: string }): boolean {
    const date = asDate(at);
    if (!date) return false;
    const day = athensDay(date);
    return day >= range.from && day <= range.to;
  }

  private orders(): Promise<Doc[]> {
    return this.deps.store.query({ collectionGroup: ORDERS });
  }

  async pipeline(query: ReportQuery): Promise<z.input<typeof pipelineReportSchema>> {
    const range = this.range(query);
    const limited = query.from !== undefined || query.to !== undefined;
    const rows = new Map<string, { status: string; currency: string; count: number; value: number; received: number; balance_due: number }>();
    for (const doc of await this.orders()) {
      if (limited && !this.inRange(doc.data.created_at, range)) continue;
      const status = String(doc.data.status);
      const currency = orderCurrency(doc.data);
      const key = `${status} ${currency}`;
      const row = rows.get(key) ?? { status, currency, count: 0, value: 0, received: 0, balance_due: 0 };
      const payment = (doc.data.payment_status ?? {}) as Record<string, unknown>;
      row.count += 1;
      row.value += cents(doc.data.total_price);
      row.received += cents(payment.received_amount);
      row.balance_due += cents(payment.balance_due);
      rows.set(key, row);
    }
    const rank = (status: string) => (orderStatuses as readonly string[]).indexOf(status);
    return {
      ...range,
      rows: [...rows.values()]
        .sort((a, b) => rank(a.status) - rank(b.status) || a.currency.localeCompare(b.currency))
        .map((row) => ({
          ...row,
          open: !closedStatuses.has(row.status),
          value: fromCents(row.value),
          received: fromCents(row.received),
          balance_due: fromCents(row.balance_due),
        })),
    };
  }

  /** Every customer's ledger, from the digest kept as customers are written (ledger/ledger.digest.ts). */
  private ledgers(): Promise<CustomerLedgerDigest[]> {
    return readLedgerDigests(this.deps.store, this.deps.clock.now());
  }

  async receivables(query: ReportQuery): Promise<z.input<typeof receivablesReportSchema>> {
    const asOf = query.as_of ?? athensDay(this.deps.clock.now());
    const rows: z.input<typeof receivablesReportSchema>['rows'] = [];
    const totals = new Map<string, Record<Bucket, number>>();
    for (const customer of await this.ledgers()) {
      for (const [currency, buckets] of ageLedger(customer.entries, asOf, this.termsDays)) {
        const total = agingBuckets.reduce((sum, bucket) => sum + buckets[bucket], 0);
        if (agingBuckets.every((bucket) => buckets[bucket] === 0)) continue;
        const sum = totals.get(currency) ?? emptyBuckets();
        for (const bucket of agingBuckets) sum[bucket] += buckets[bucket];
        totals.set(currency, sum);
        rows.push({ customer_id: customer.id, customer_name: customer.name, currency, ...decimal(buckets), total: fromCents(total) });
      }
    }
    rows.sort((a, b) => b.total - a.total || greek.compare(a.customer_name, b.customer_name));
    return {
      as_of: asOf,
      terms_days: this.termsDays,
      rows,
      totals: [...totals.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, buckets]) => ({ currency, ...decimal(buckets), total: fromCents(agingBuckets.reduce((s, b) => s + buckets[b], 0)) })),
    };
  }

  async sales(query: ReportQuery): Promise<z.input<typeof salesReportSchema>> {
    const range = this.range(query);
    const months = new Map<string, { month: string; currency: string; invoiced: number; refunded: number }>();
    const refundsByOrder = new Map<string, number>();
    for (const customer of await this.ledgers()) {
      for (const entry of customer.entries) {
        if (entry.flow === 'refund' && entry.order_ref) {
          const key = `${customer.id}/${entry.order_ref}/${entry.currency}`;
          refundsByOrder.set(key, (refundsByOrder.get(key) ?? 0) + entry.cents);
        }
        if ((entry.flow !== 'invoice' && entry.flow !== 'refund') || entry.day < range.from || entry.day > range.to) continue;
        const month = entry.day.slice(0, 7);
        const key = `${month} ${entry.currency}`;
        const row = months.get(key) ?? { month, currency: entry.currency, invoiced: 0, refunded: 0 };
        if (entry.flow === 'invoice') row.invoiced += entry.cents;
        else row.refunded += entry.cents;
        months.set(key, row);
      }
    }
    const categories = new Map((await this.deps.store.query({ collection: PRODUCTS })).map((doc) => [doc.id, String(doc.data.category ?? '')]));
    const products = new Map<string, { product: string; category: string; currency: string; quantity: number; net: number }>();
    for (const doc of await this.orders()) {
      if (!soldStatuses.has(String(doc.data.status)) || !this.inRange(doc.data.created_at, range)) continue;
      const ids = parseOrderPath(doc.path);
      const currency = orderCurrency(doc.data);
      const items = (Array.isArray(doc.data.items) ? doc.data.items : []) as DocData[];
      const lines = items.map((item) => cents(item.unit_price) * (typeof item.quantity === 'number' ? item.quantity : 0));
      // The order's total (after its discount) less the refunds naming it, spread over its lines.
      const refunded = ids ? (refundsByOrder.get(`${ids.customerId}/${ids.orderId}/${currency}`) ?? 0) : 0;
      const shares = allocate(cents(doc.data.total_price) - refunded, lines);
      items.forEach((item, index) => {
        const productId = typeof item.product_id === 'string' ? item.product_id : '';
        const name = String(item.product_name || item.description || item.type || '');
        const category = (productId && categories.get(productId)) || String(item.type ?? '');
        const key = `${productId || name} ${currency}`;
        const row = products.get(key) ?? { product: name, category, currency, quantity: 0, net: 0 };
        row.quantity += typeof item.quantity === 'number' ? item.quantity : 0;
        row.net += shares[index]!;
        products.set(key, row);
      });
    }
    const byCategory = new Map<string, { category: string; currency: string; net: number }>();
    for (const row of products.values()) {
      const key = `${row.category} ${row.currency}`;
      const sum = byCategory.get(key) ?? { category: row.category, currency: row.currency, net: 0 };
      sum.net += row.net;
      byCategory.set(key, sum);
    }
    return {
      ...range,
      by_month: [...months.values()]
        .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency))
        .map((row) => ({ ...row, invoiced: fromCents(row.invoiced), refunded: fromCents(row.refunded), net: fromCents(row.invoiced - row.refunded) })),
      by_product: [...products.values()].sort((a, b) => b.net - a.net).map((row) => ({ ...row, net: fromCents(row.net) })),
      by_category: [...byCategory.values()].sort((a, b) => b.net - a.net).map((row) => ({ ...row, net: fromCents(row.net) })),
    };
  }

  /** Quotes (quotes/ writes them under each customer) as their documents say; zeros while there are none. */
  async quotes(query: ReportQuery): Promise<z.input<typeof quotesReportSchema>> {
    const range = this.range(query);
    const counts = { sent: 0, accepted: 0, declined: 0, expired: 0 };
    for (const doc of await this.deps.store.query({ collectionGroup: 'quotes' })) {
      const status = String(doc.data.state ?? '');
      if (!['sent', 'accepted', 'declined', 'expired'].includes(status)) continue;
      if (!this.inRange(doc.data.sent_at ?? doc.data.created_at, range)) continue;
      counts.sent += 1;
      if (status !== 'sent') counts[status as 'accepted' | 'declined' | 'expired'] += 1;
    }
    const answered = counts.accepted + counts.declined + counts.expired;
    return { ...range, ...counts, acceptance_rate: answered === 0 ? null : Math.round((counts.accepted / answered) * 10_000) / 10_000 };
  }

  async activity(query: ReportQuery): Promise<z.input<typeof activityReportSchema>> {
    const range = this.range(query);
    const hours = await commsHourCounts(this.deps.sql, athensInstant(range.from), athensInstant(addDays(range.to, 1)));
    const rows = new Map<string, { week: string; user: string; user_uid: string; channel: string; direction: string; count: number }>();
    for (const hour of hours) {
      const week = weekStart(athensDay(hour.hour));
      const key = `${week} ${hour.user_uid} ${hour.type} ${hour.direction}`;
      const row = rows.get(key) ?? { week, user: hour.user, user_uid: hour.user_uid, channel: hour.type, direction: hour.direction, count: 0 };
      row.count += hour.count;
      if (!row.user && hour.user) row.user = hour.user;
      rows.set(key, row);
    }
    return {
      ...range,
      rows: [...rows.values()].sort(
        (a, b) => a.week.localeCompare(b.week) || a.user.localeCompare(b.user) || a.channel.localeCompare(b.channel) || a.direction.localeCompare(b.direction),
      ),
    };
  }
}

function decimal(buckets: Record<Bucket, number>): Record<Bucket, number> {
  return Object.fromEntries(agingBuckets.map((bucket) => [bucket, fromCents(buckets[bucket])])) as Record<Bucket, number>;
}
