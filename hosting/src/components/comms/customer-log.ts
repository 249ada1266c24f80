import { api } from '../../api';
import { callRowFromEntry, callRowFromTimeline, type CallRowInfo } from '../calls/call-row';
import type { Page } from '../../composables/usePagedList';
import {
  isCommsType,
  type CommsDirection,
  type CommsEntry,
  type CommsPage,
  type CommsType,
  type TimelineEvent,
  type TimelineKind,
  type TimelinePage,
} from './comms.types';
import { endOfDay, startOfDay } from './local-dates';
import { isStatusChange, type OrderStatusChange } from '../../api/orders';

/** What the Communication tab can narrow its list to. Empty strings mean "any". */
export interface LogFilters {
  /** A comms type, or one of the document kinds ('ticket' covers both ticket kinds). */
  kind: '' | CommsType | 'order_event' | 'transaction' | 'ticket';
  direction: '' | CommsDirection;
  /** `YYYY-MM-DD` days in local time, both included. */
  from: string;
  to: string;
  /** Full-text search over subjects and bodies. */
  q: string;
}

export const noFilters: LogFilters = { kind: '', direction: '', from: '', to: '', q: '' };

export const filterKinds: LogFilters['kind'][] = ['email', 'whatsapp', 'call', 'sms', 'note', 'in_person', 'order_event', 'transaction', 'ticket'];

/** One row of the Communication tab, from the timeline or from the comms list. */
export interface LogItem {
  key: string;
  kind: TimelineKind;
  occurredAt: string;
  /** What someone wrote as its title (a subject); '' for events the UI words from their data. */
  title: string;
  body: string | null;
  direction: CommsDirection | null;
  by: string | null;
  /** The comms entry behind the row; null for order, ledger and ticket events. */
  commsId: string | null;
  /** A manual entry staff may edit or delete; logged e-mails, messages and calls are kept as they came. */
  editable: boolean;
  /** A ledger event's amount, shown as money in the UI's locale. */
  money?: { flow: string; amount: number; currency: string; method: string | null };
  /** An order's timeline entry: its order, its type and the status move it records. */
  order?: { number: string | null; title: string | null; type: string; change: OrderStatusChange | null };
  /** The opening or resolving of a support ticket. */
  ticket?: { event: 'opened' | 'resolved' };
  /** A call the PBX logged: shown as a call row (CallRow.vue) instead of the body. */
  call?: CallRowInfo;
  /** A domain's event as data (quotes, tasks, installations): titled `activity.<event>` in the reader's language. */
  activity?: { event: string; props: Record<string, string | number | boolean | null> };
}

export function itemFromEvent(event: TimelineEvent): LogItem {
  const comms = event.ref.type === 'comms' ? event.ref : null;
  const ref = event.ref;
  return {
    key: event.id,
    kind: event.kind,
    occurredAt: event.occurred_at,
    title: event.title ?? '',
    body: event.body ?? null,
    direction: event.direction ?? null,
    by: event.by ?? null,
    commsId: comms?.id ?? null,
    editable: comms ? comms.manual : false,
    ...(ref.type === 'transaction' ? { money: { flow: ref.flow, amount: ref.amount, currency: ref.currency, method: ref.payment_type } } : {}),
    ...(ref.type === 'order'
      ? { order: { number: ref.order_number, title: ref.order_title, type: ref.event_type, change: isStatusChange(ref.props) ? ref.props : null } }
      : {}),
    ...(ref.type === 'technical_issue' || ref.type === 'install_support' ? { ticket: { event: ref.event } } : {}),
    ...withCall(callRowFromTimeline(event.direction, comms?.call)),
    ...(event.ref.type === 'activity' ? { activity: { event: event.ref.event, props: event.ref.props } } : {}),
  };
}

/** `typeLabel` names an entry without a subject (the timeline does the same on the server). */
export function itemFromEntry(entry: CommsEntry, typeLabel: string): LogItem {
  return {
    key: entry.id,
    kind: entry.type,
    occurredAt: entry.occurred_at,
    title: entry.subject?.trim() || typeLabel,
    body: entry.body,
    direction: entry.direction,
    by: entry.logged_by,
    commsId: entry.id,
    editable: entry.ext_message_id === null,
    ...withCall(callRowFromEntry(entry)),
  };
}

function withCall(call: CallRowInfo | null): { call?: CallRowInfo } {
  return call ? { call } : {};
}

/**
 * Only the comms log knows directions and words, so a filter on those (or on a comms type) is
 * answered by GET /crm/comms; everything else reads the unified timeline.
 */
export function needsCommsList(filters: LogFilters): boolean {
  return filters.q.trim() !== '' || filters.direction !== '' || (filters.kind !== '' && isCommsType(filters.kind));
}

/** Timeline pages read per "load more" at most, looking for events that pass the filters. */
const MAX_TIMELINE_READS = 10;
const PAGE_SIZE = 50;

function kindMatches(kind: TimelineKind, wanted: LogFilters['kind']): boolean {
  if (wanted === '') return true;
  if (wanted === 'ticket') return kind === 'technical_issue' || kind === 'install_support';
  return kind === wanted;
}

export interface LogPageOptions {
  customerId: string;
  filters: LogFilters;
  cursor: string | null;
  signal: AbortSignal;
  typeLabel: (type: CommsType) => string;
  /**
   * Only conversations: what was said or written (comms entries: e-mails, messages, calls,
   * notes), without the automatic order, ledger and ticket events. A kind filter overrides it.
   */
  conversationsOnly?: boolean;
}

/** One page of the Communication tab's list, newest first. */
export async function loadLogPage({ customerId, filters, cursor, signal, typeLabel, conversationsOnly = false }: LogPageOptions): Promise<Page<LogItem>> {
  const wanted = (kind: TimelineKind): boolean =>
    filters.kind !== '' ? kindMatches(kind, filters.kind) : !conversationsOnly || isCommsType(kind);
  const from = startOfDay(filters.from);
  const to = endOfDay(filters.to);
  if (needsCommsList(filters)) {
    const page = await api.get<CommsPage>('/crm/comms', {
      query: {
        customer_id: customerId,
        type: filters.kind || undefined,
        direction: filters.direction || undefined,
        q: filters.q.trim() || undefined,
        from: from?.toISOString(),
        // The API's `to` includes the instant it names.
        to: to ? new Date(to.getTime() - 1).toISOString() : undefined,
        limit: PAGE_SIZE,
        cursor,
      },
      signal,
    });
    return { items: page.entries.map((entry) => itemFromEntry(entry, typeLabel(entry.type))), nextCursor: page.next_cursor };
  }

  // The timeline has no filters of its own: read on until something passes, the list ends,
  // or (newest first) the events are older than the range.
  const items: LogItem[] = [];
  let next = cursor;
  for (let read = 0; read < MAX_TIMELINE_READS; read += 1) {
    const page = await api.get<TimelinePage>(`/crm/customers/${encodeURIComponent(customerId)}/timeline`, {
      query: { limit: PAGE_SIZE, cursor: next },
      signal,
    });
    for (const event of page.events) {
      const at = new Date(event.occurred_at);
      if (wanted(event.kind) && (!from || at >= from) && (!to || at < to)) items.push(itemFromEvent(event));
    }
    next = page.next_cursor;
    const oldest = page.events.at(-1);
    if (from && oldest && new Date(oldest.occurred_at) < from) next = null;
    if (items.length > 0 || next === null) break;
  }
  return { items, nextCursor: next };
}
