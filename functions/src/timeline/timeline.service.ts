import { encodeSeqCursor, SEQ_SLOTS, seqBase, type SeqCursor } from '../comms/comms.seq.js';
import type { CommsDeps, CommsLog, SequencedEntry } from '../comms/comms.log.js';
import type { CommsEntry } from '../comms/comms.schema.js';
import { readCustomer } from '../customers/customer-read.js';
import { CUSTOMERS } from '../shared/collections.js';
import type { Ticket, TicketKind } from '../customers/customers.schema.js';
import { notFound } from '../http/errors.js';
import type { TransactionEntry } from '../ledger/ledger.schema.js';
import { orderEventPropsSchema } from '../orders/orders.schema.js';
import type { Doc, DocData } from '../store/docstore.js';
import type { TimelineCall, TimelineEvent, TimelinePage } from './timeline.schema.js';
import type { TimelineSource } from './timeline-source.js';

/** A comms body in the timeline is a preview; the entry itself has all of it. */
const MAX_PREVIEW = 1_000;

/**
 * An event and its place in the timeline: comms entries by their seq (comms.seq.ts), other
 * events at the top of their millisecond, tied by id. The cursor is the last one's place.
 */
interface Placed {
  event: TimelineEvent;
  seq: number;
  tiebreak: string;
}

function placeDocument(event: TimelineEvent): Placed {
  return { event, seq: seqBase(event.occurred_at) + SEQ_SLOTS - 1, tiebreak: event.id };
}

function placeComms({ entry, seq }: SequencedEntry): Placed {
  return { event: commsEvent(entry), seq, tiebreak: '' };
}

function newestFirst(a: Placed, b: Placed): number {
  if (a.seq !== b.seq) return b.seq - a.seq;
  return a.tiebreak < b.tiebreak ? 1 : a.tiebreak > b.tiebreak ? -1 : 0;
}

function isAfter(placed: Placed, cursor: SeqCursor): boolean {
  return placed.seq < cursor.seq || (placed.seq === cursor.seq && placed.tiebreak < cursor.tiebreak);
}

/**
 * One customer's history, newest first: comms entries (libSQL) merged with the timeline
 * events of their orders, their ledger entries and the opening and resolving of their
 * support tickets (DocStore). Only the comms log can be long, so only it is read a page at
 * a time.
 */
export class TimelineService {
  constructor(
    private readonly deps: CommsDeps,
    private readonly sources: TimelineSource[],
    private readonly comms: CommsLog,
  ) {}

  async page(customerId: string, limit: number, cursor?: SeqCursor): Promise<TimelinePage> {
    const doc = await this.deps.store.get(`${CUSTOMERS}/${customerId}`);
    if (!doc) throw notFound(`Customer ${customerId}`);
    const customer = readCustomer(customerId, doc.data);
    const orders = await this.deps.store.query({ collection: `${CUSTOMERS}/${customerId}/orders` });
    const sourced = await Promise.all(this.sources.map((source) => source(this.deps.store, customerId)));
    const documentEvents = [
      ...sourced.flat(),
      ...orders.flatMap(orderEvents),
      ...customer.transaction_history.map(transactionEvent),
      ...ticketEvents('technical_issues', customer.technical_issues),
      ...ticketEvents('install_support', customer.install_support),
    ]
      .map(placeDocument)
      .filter((placed) => !cursor || isAfter(placed, cursor));
    const comms = await this.comms.list({ customer_id: customerId }, limit + 1, cursor);
    const merged = [...documentEvents, ...comms.map(placeComms)].sort(newestFirst);
    const page = merged.slice(0, limit);
    const last = page.at(-1);
    return {
      events: page.map((placed) => placed.event),
      next_cursor: merged.length > limit && last ? encodeSeqCursor({ seq: last.seq, tiebreak: last.tiebreak }) : null,
    };
  }
}

function commsEvent(entry: CommsEntry): TimelineEvent {
  const body = entry.body ?? '';
  return {
    id: entry.id,
    kind: entry.type,
    occurred_at: entry.occurred_at,
    ...(entry.subject ? { title: entry.subject } : {}),
    ...(body !== '' ? { body: body.length > MAX_PREVIEW ? `${body.slice(0, MAX_PREVIEW)}…` : body } : {}),
    direction: entry.direction,
    ...(entry.logged_by ? { by: entry.logged_by } : {}),
    ref: { type: 'comms', id: entry.id, manual: entry.ext_message_id === null, ...callOf(entry) },
  };
}

/** A logged call's fields for the SPA's call row (calls.service.ts writes `details`). */
function callOf(entry: CommsEntry): { call?: TimelineCall } {
  if (entry.type !== 'call' || !entry.disposition) return {};
  const answeredBy = typeof entry.details.answered_by === 'string' ? entry.details.answered_by : null;
  const staff = entry.details.staff as Record<string, { name?: unknown } | undefined> | undefined;
  const name = answeredBy ? staff?.[answeredBy]?.name : undefined;
  return {
    call: {
      disposition: entry.disposition,
      duration_seconds: entry.duration_seconds ?? 0,
      address: entry.address,
      answered_by: answeredBy,
      answered_by_name: typeof name === 'string' ? name : null,
      extensions_rang: Array.isArray(entry.details.extensions_rang) ? entry.details.extensions_rang.filter((e): e is string => typeof e === 'string') : [],
    },
  };
}

function dateOf(value: unknown): Date | null {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** Order timeline entries, read as stored (legacy entries may lack ids or hold ISO strings). */
function orderEvents(order: Doc): TimelineEvent[] {
  const timeline = Array.isArray(order.data.timeline) ? (order.data.timeline as unknown[]) : [];
  const orderNumber = typeof order.data.order_number === 'string' ? order.data.order_number : null;
  const orderTitle = typeof order.data.title === 'string' && order.data.title !== '' ? order.data.title : null;
  return timeline.flatMap((raw, index) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const entry = raw as DocData;
    const at = dateOf(entry.date);
    if (!at) return [];
    const entryId = typeof entry.id === 'string' && entry.id !== '' ? entry.id : `legacy-${index}`;
    const type = typeof entry.type === 'string' ? entry.type : 'note';
    const note = typeof entry.note === 'string' ? entry.note : '';
    const by = typeof entry.updated_by === 'string' ? entry.updated_by : '';
    const props = orderEventPropsSchema.safeParse(entry.props);
    const event: TimelineEvent = {
      id: `order:${order.id}:${entryId}`,
      kind: 'order_event',
      occurred_at: at,
      ...(note !== '' ? { body: note } : {}),
      ...(by !== '' ? { by } : {}),
      ref: {
        type: 'order',
        order_id: order.id,
        order_number: orderNumber,
        order_title: orderTitle,
        entry_id: entryId,
        event_type: type,
        ...(props.success ? { props: props.data } : {}),
      },
    };
    return [event];
  });
}

function transactionEvent(entry: TransactionEntry): TimelineEvent {
  return {
    id: `transaction:${entry.id}`,
    kind: 'transaction',
    occurred_at: entry.date,
    ...(entry.note !== '' ? { body: entry.note } : {}),
    ...(entry.recorded_by ? { by: entry.recorded_by } : {}),
    ref: {
      type: 'transaction',
      id: entry.id,
      flow: entry.flow,
      amount: entry.amount,
      currency: entry.currency,
      payment_type: entry.payment_type ?? null,
      order_ref: entry.order_ref,
    },
  };
}

function ticketEvents(kind: TicketKind, tickets: Ticket[]): TimelineEvent[] {
  const eventKind = kind === 'technical_issues' ? 'technical_issue' : 'install_support';
  return tickets.flatMap((ticket) => {
    const opened: TimelineEvent = {
      id: `${eventKind}:${ticket.id}:opened`,
      kind: eventKind,
      occurred_at: ticket.opened_date,
      ...(ticket.note !== '' ? { body: ticket.note } : {}),
      ...(ticket.opened_by ? { by: ticket.opened_by } : {}),
      ref: { type: eventKind, id: ticket.id, event: 'opened', active: ticket.active },
    };
    if (!ticket.resolved_date) return [opened];
    const resolved: TimelineEvent = {
      id: `${eventKind}:${ticket.id}:resolved`,
      kind: eventKind,
      occurred_at: ticket.resolved_date,
      ...(ticket.resolved_by ? { by: ticket.resolved_by } : {}),
      ref: { type: eventKind, id: ticket.id, event: 'resolved', active: ticket.active },
    };
    return [opened, resolved];
  });
}
