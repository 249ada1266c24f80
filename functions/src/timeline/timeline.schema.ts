import { z } from 'zod';
import { callDispositions, commsDirections, commsTypes } from '../comms/comms.enums.js';
import { isoDate } from '../shared/wire.js';
import { DEFAULT_PAGE, MAX_PAGE } from '../comms/comms.schema.js';
import { docIdSchema } from '../shared/ids.js';
import { seqCursorSchema } from '../comms/comms.seq.js';
import { paymentTypes } from '../ledger/ledger.enums.js';
import { orderEventPropsSchema } from '../orders/orders.schema.js';

/** What a customer's unified timeline merges (issue 5, "Unified timeline"). */
export const timelineKinds = [...commsTypes, 'order_event', 'transaction', 'technical_issue', 'install_support', 'activity'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

/** What the SPA's call row shows of a call the PBX logged (issue 10); absent on manual call notes. */
export const timelineCallSchema = z.object({
  disposition: z.enum(callDispositions),
  duration_seconds: z.number(),
  /** The external number in E.164; null when withheld. */
  address: z.string().nullable(),
  answered_by: z.string().nullable(),
  answered_by_name: z.string().nullable(),
  /** Extensions that rang, in order. */
  extensions_rang: z.array(z.string()),
});
export type TimelineCall = z.output<typeof timelineCallSchema>;

export const timelineRefSchema = z.union([
  /** `manual`: entered by staff, not logged by an integration (no ext_message_id); only those are edited. */
  z.object({ type: z.literal('comms'), id: z.string(), manual: z.boolean(), call: timelineCallSchema.optional() }),
  /** `props`: what the server recorded (a status move); staff's words are the event's `body`. */
  z.object({
    type: z.literal('order'),
    order_id: z.string(),
    order_number: z.string().nullable(),
    order_title: z.string().nullable(),
    entry_id: z.string(),
    event_type: z.string(),
    props: orderEventPropsSchema.optional(),
  }),
  z.object({
    type: z.literal('transaction'),
    id: z.string(),
    flow: z.string(),
    amount: z.number(),
    currency: z.string(),
    payment_type: z.enum(paymentTypes).nullable(),
    order_ref: z.string().nullable(),
  }),
  z.object({ type: z.enum(['technical_issue', 'install_support']), id: z.string(), event: z.enum(['opened', 'resolved']), active: z.boolean() }),
  /** A domain's event as data (timeline-source.ts): `doc` is its document's path, e.g. `customers/<id>/quotes/<id>`. */
  z.object({
    type: z.literal('activity'),
    event: z.string(),
    doc: z.string(),
    props: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
]);
export type TimelineRef = z.output<typeof timelineRefSchema>;

export const timelineEventSchema = z.object({
  /** Unique across kinds. */
  id: z.string(),
  kind: z.enum(timelineKinds),
  occurred_at: isoDate,
  /**
   * Only words someone wrote: a comms entry's subject. Every other event is data (`kind` and
   * `ref`), titled by the SPA in the reader's language.
   */
  title: z.string().optional(),
  body: z.string().optional(),
  direction: z.enum(commsDirections).optional(),
  /** Who logged, recorded, opened or resolved it, when known. */
  by: z.string().optional(),
  ref: timelineRefSchema,
});
export type TimelineEvent = z.output<typeof timelineEventSchema>;

export const timelinePageSchema = z.object({ events: z.array(timelineEventSchema), next_cursor: z.string().nullable() });
export type TimelinePage = z.output<typeof timelinePageSchema>;

export const timelineParamsSchema = z.object({ id: docIdSchema });

export const timelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor: seqCursorSchema.optional(),
});
