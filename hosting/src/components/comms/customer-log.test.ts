import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commsEntryFixture } from '../../test-support/comms-fixtures';
import { installFakeApi, type FakeRequest } from '../../test-support/fake-api';
import type { TimelineEvent } from './comms.types';
import { loadLogPage, needsCommsList, noFilters, type LogFilters } from './customer-log';

const typeLabel = (type: string) => `label:${type}`;
const signal = new AbortController().signal;

function event(id: string, kind: TimelineEvent['kind'], at: string, extra: Partial<TimelineEvent> = {}): TimelineEvent {
  const ref: TimelineEvent['ref'] =
    kind === 'order_event'
      ? { type: 'order', order_id: 'o1', order_number: '2026-001', order_title: 'Καμπάνα 300 κιλών', entry_id: id, event_type: 'quote_sent' }
      : kind === 'transaction'
        ? { type: 'transaction', id, flow: 'payment', amount: 100, currency: 'EUR', payment_type: 'bank_transfer', order_ref: null }
        : kind === 'technical_issue' || kind === 'install_support'
          ? { type: kind, id, event: 'opened', active: true }
          : { type: 'comms', id, manual: true };
  // Only comms entries carry a title (their subject): the rest is data.
  return { id, kind, occurred_at: at, ...(ref.type === 'comms' ? { title: `title ${id}` } : {}), ref, ...extra };
}

/** A timeline answered in pages of `size`, newest first, as the API pages it. */
function timelineRoute(events: TimelineEvent[], size: number) {
  return (request: FakeRequest) => {
    const start = Number(request.query.get('cursor') ?? 0);
    const page = events.slice(start, start + size);
    return { status: 200, body: { events: page, next_cursor: start + size < events.length ? String(start + size) : null } };
  };
}

const filters = (extra: Partial<LogFilters>): LogFilters => ({ ...noFilters, ...extra });

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

describe('which list answers', () => {
  it('reads the comms log for words, directions and comms types, the timeline otherwise', () => {
    expect(needsCommsList(noFilters)).toBe(false);
    expect(needsCommsList(filters({ kind: 'order_event', from: '2026-01-01' }))).toBe(false);
    expect(needsCommsList(filters({ kind: 'ticket' }))).toBe(false);
    expect(needsCommsList(filters({ kind: 'call' }))).toBe(true);
    expect(needsCommsList(filters({ direction: 'inbound' }))).toBe(true);
    expect(needsCommsList(filters({ q: ' καμπάνα ' }))).toBe(true);
    expect(needsCommsList(filters({ q: '   ' }))).toBe(false);
  });
});

describe('the timeline', () => {
  it('turns events into rows: comms rows editable when manual, document events never', async () => {
    installFakeApi({
      'GET /api/crm/customers/c1/timeline': timelineRoute(
        [
          event('e1', 'email', '2026-03-05T10:00:00.000Z', { direction: 'inbound', body: 'Καλημέρα', by: 'imap', ref: { type: 'comms', id: 'e1', manual: false } }),
          event('n1', 'note', '2026-03-04T10:00:00.000Z', { direction: 'internal' }),
          event('o1', 'order_event', '2026-03-03T10:00:00.000Z'),
        ],
        50,
      ),
    });
    const page = await loadLogPage({ customerId: 'c1', filters: noFilters, cursor: null, signal, typeLabel });
    expect(page.nextCursor).toBeNull();
    expect(page.items).toEqual([
      { key: 'e1', kind: 'email', occurredAt: '2026-03-05T10:00:00.000Z', title: 'title e1', body: 'Καλημέρα', direction: 'inbound', by: 'imap', commsId: 'e1', editable: false },
      { key: 'n1', kind: 'note', occurredAt: '2026-03-04T10:00:00.000Z', title: 'title n1', body: null, direction: 'internal', by: null, commsId: 'n1', editable: true },
      {
        key: 'o1', kind: 'order_event', occurredAt: '2026-03-03T10:00:00.000Z', title: '', body: null, direction: null, by: null, commsId: null, editable: false,
        order: { number: '2026-001', title: 'Καμπάνα 300 κιλών', type: 'quote_sent', change: null },
      },
    ]);
  });

  it('filters document kinds itself, reading on until something passes, and hands on the cursor', async () => {
    const events = [
      ...Array.from({ length: 5 }, (_, i) => event(`c${i}`, 'call', `2026-03-${String(20 - i).padStart(2, '0')}T10:00:00.000Z`)),
      event('t1', 'technical_issue', '2026-03-10T10:00:00.000Z'),
      event('s1', 'install_support', '2026-03-09T10:00:00.000Z'),
      event('p1', 'transaction', '2026-03-08T10:00:00.000Z'),
      event('t2', 'technical_issue', '2026-03-07T10:00:00.000Z'),
    ];
    const api = installFakeApi({ 'GET /api/crm/customers/c1/timeline': timelineRoute(events, 2) });
    const first = await loadLogPage({ customerId: 'c1', filters: filters({ kind: 'ticket' }), cursor: null, signal, typeLabel });
    // Pages [c0 c1] [c2 c3] [c4 t1]: the third is the first with a ticket.
    expect(first.items.map((i) => i.key)).toEqual(['t1']);
    expect(first.nextCursor).toBe('6');
    expect(api.requests).toHaveLength(3);
    const second = await loadLogPage({ customerId: 'c1', filters: filters({ kind: 'ticket' }), cursor: first.nextCursor, signal, typeLabel });
    expect(second.items.map((i) => i.key)).toEqual(['s1']);
    const third = await loadLogPage({ customerId: 'c1', filters: filters({ kind: 'ticket' }), cursor: second.nextCursor, signal, typeLabel });
    expect(third.items.map((i) => i.key)).toEqual(['t2']);
    expect(third.nextCursor).toBeNull();
  });

  it('keeps a local date range, and stops reading once the events are older than it', async () => {
    const local = (d: number, h: number) => new Date(2026, 2, d, h).toISOString();
    const events = [
      event('late', 'note', local(12, 0)),
      event('in2', 'order_event', local(11, 23)),
      event('in1', 'note', local(10, 0)),
      event('early', 'note', local(9, 23)),
      event('older', 'note', local(1, 12)),
    ];
    const api = installFakeApi({ 'GET /api/crm/customers/c1/timeline': timelineRoute(events, 4) });
    const page = await loadLogPage({ customerId: 'c1', filters: filters({ from: '2026-03-10', to: '2026-03-11' }), cursor: null, signal, typeLabel });
    expect(page.items.map((i) => i.key)).toEqual(['in2', 'in1']);
    expect(page.nextCursor).toBeNull();
    expect(api.requests).toHaveLength(1);
  });
});

describe('the comms log', () => {
  it('asks the server with the filters, local days as instants, and names untitled entries by type', async () => {
    const api = installFakeApi({
      'GET /api/crm/comms': () => ({
        status: 200,
        body: {
          entries: [
            commsEntryFixture({
              id: 'm1', customer_id: 'c1', type: 'call', direction: 'inbound', subject: null, body: 'Για την καμπάνα', attachments: [],
              ext_message_id: 'ami-1', address: '+306971234567', address_raw: '6971234567', logged_by: null, logged_by_uid: null,
              occurred_at: '2026-03-10T08:00:00.000Z', created_at: '2026-03-10T08:00:00.000Z', updated_at: '2026-03-10T08:00:00.000Z',
            }),
          ],
          next_cursor: 'next',
        },
      }),
    });
    const page = await loadLogPage({
      customerId: 'c1',
      filters: filters({ kind: 'call', direction: 'inbound', from: '2026-03-10', to: '2026-03-11', q: ' καμπάνα ' }),
      cursor: 'abc',
      signal,
      typeLabel,
    });
    const query = Object.fromEntries(api.requests[0]!.query);
    expect(query).toEqual({
      customer_id: 'c1',
      type: 'call',
      direction: 'inbound',
      q: 'καμπάνα',
      from: new Date(2026, 2, 10).toISOString(),
      to: new Date(new Date(2026, 2, 12).getTime() - 1).toISOString(),
      limit: '50',
      cursor: 'abc',
    });
    expect(page.nextCursor).toBe('next');
    expect(page.items).toEqual([
      { key: 'm1', kind: 'call', occurredAt: '2026-03-10T08:00:00.000Z', title: 'label:call', body: 'Για την καμπάνα', direction: 'inbound', by: null, commsId: 'm1', editable: false },
    ]);
  });
});
