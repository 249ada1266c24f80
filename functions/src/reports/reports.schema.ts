import { z } from 'zod';
import { calendarDaySchema } from '../tasks/tasks.schema.js';

/** The five reports of issue 22, item 5. */
export const reportNames = ['pipeline', 'receivables', 'sales', 'quotes', 'activity'] as const;
export type ReportName = (typeof reportNames)[number];

const MAX_YEARS = 5;

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/**
 * `from` and `to` bound a report's range (Athens days, both included); `as_of` is the day a
 * balance is taken on. `format=csv` answers a CSV download (UTF-8 with BOM) instead of JSON.
 */
export const reportQuerySchema = z
  .object({
    from: calendarDaySchema.optional(),
    to: calendarDaySchema.optional(),
    as_of: calendarDaySchema.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from > query.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    if (query.from && query.to && dayNumber(query.to) - dayNumber(query.from) > MAX_YEARS * 366) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the range must be at most ${MAX_YEARS} years` });
    }
  });
export type ReportQuery = z.output<typeof reportQuerySchema>;

const range = { from: z.string(), to: z.string() };
const money = z.number();

export const pipelineReportSchema = z.object({
  ...range,
  rows: z.array(
    z.object({
      status: z.string(),
      /** Whether orders in this state are still open (not declined, not complete). */
      open: z.boolean(),
      currency: z.string(),
      count: z.number(),
      value: money,
      received: money,
      balance_due: money,
    }),
  ),
});

export const agingBuckets = ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
const bucketFields = Object.fromEntries(agingBuckets.map((bucket) => [bucket, money])) as Record<(typeof agingBuckets)[number], typeof money>;

export const receivablesReportSchema = z.object({
  as_of: z.string(),
  /** Days after an invoice its payment is due. */
  terms_days: z.number(),
  rows: z.array(z.object({ customer_id: z.string(), customer_name: z.string(), currency: z.string(), ...bucketFields, total: money })),
  totals: z.array(z.object({ currency: z.string(), ...bucketFields, total: money })),
});

export const salesReportSchema = z.object({
  ...range,
  by_month: z.array(z.object({ month: z.string(), currency: z.string(), invoiced: money, refunded: money, net: money })),
  by_product: z.array(z.object({ product: z.string(), category: z.string(), currency: z.string(), quantity: z.number(), net: money })),
  by_category: z.array(z.object({ category: z.string(), currency: z.string(), net: money })),
});

export const quotesReportSchema = z.object({
  ...range,
  sent: z.number(),
  accepted: z.number(),
  declined: z.number(),
  expired: z.number(),
  /** accepted / (accepted + declined + expired); null before any quote was answered or expired. */
  acceptance_rate: z.number().nullable(),
});

export const activityReportSchema = z.object({
  ...range,
  rows: z.array(
    z.object({
      /** The Monday (Athens) of the week. */
      week: z.string(),
      user: z.string(),
      user_uid: z.string(),
      channel: z.string(),
      direction: z.string(),
      count: z.number(),
    }),
  ),
});
