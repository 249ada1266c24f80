import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEntry } from '../../api/calls';
import { i18n } from '../../i18n';
import { useUiStore } from '../../stores/ui';
import LogEntry from '../comms/LogEntry.vue';
import { itemFromEntry, itemFromEvent, type LogItem } from '../comms/customer-log';
import type { TimelineEvent } from '../comms/comms.types';
import { formatTalk } from './call-row';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  i18n.global.locale.value = 'en';
});

function mountRow(item: LogItem, locale: 'en' | 'el' = 'en'): VueWrapper {
  const pinia = createPinia();
  setActivePinia(pinia);
  useUiStore().setLocale(locale);
  wrapper = mount(LogEntry, { props: { item, editable: false }, global: { plugins: [pinia, i18n] } });
  return wrapper;
}

/** A call entry as GET /crm/comms sends it for a call the PBX logged (functions/src/calls/calls.service.ts). */
const logged = (extra: Partial<CallEntry> = {}): CallEntry => ({
  id: 'k1',
  customer_id: 'c1',
  type: 'call',
  direction: 'inbound',
  subject: 'Call from +306971234567',
  body: 'Answered by Maria (201) · Talk 1:35 · Line 2101234567',
  attachments: [],
  ext_message_id: 'office:1764680000.0',
  address: '+306971234567',
  address_raw: '6971234567',
  logged_by: 'Maria',
  logged_by_uid: 'u-maria',
  occurred_at: '2026-03-01T08:30:00.000Z',
  created_at: '2026-03-01T08:32:00.000Z',
  updated_at: '2026-03-01T08:32:00.000Z',
  thread_id: null,
  delivery_status: null,
  delivery_error: null,
  disposition: 'answered',
  duration_seconds: 95,
  follow_up: null,
  follow_up_closed_at: null,
  follow_up_closed_by: null,
  details: { answered_by: '201', extensions_rang: ['201'], staff: { '201': { uid: 'u-maria', name: 'Maria' } } },
  ...extra,
});

describe('a call in the Communication tab', () => {
  it('shows an answered inbound call: number, who answered, talk time as mm:ss, no missed badge', () => {
    const row = mountRow(itemFromEntry(logged(), 'Phone call')).find('.call-row');
    expect(row.exists()).toBe(true);
    expect(row.find('.call-row__number').text()).toBe('From 6971 234 567');
    expect(row.find('.call-row__who').text()).toBe('Answered by Maria (ext. 201)');
    expect(row.find('.call-row__talk').text()).toBe('Talk 01:35');
    expect(row.find('.call-row__talk time').attributes('datetime')).toBe('PT95S');
    expect(row.find('.call-row__badge').exists()).toBe(false);
    // The call row replaces the text summary.
    expect(wrapper!.find('.entry__body').exists()).toBe(false);
  });

  it('marks a missed call, a voicemail and a busy call with a badge and no talk time', () => {
    for (const [disposition, label] of [
      ['missed', 'Missed'],
      ['voicemail', 'Voicemail'],
      ['busy', 'Busy'],
    ] as const) {
      const row = mountRow(itemFromEntry(logged({ disposition, duration_seconds: 0, details: { answered_by: null, extensions_rang: ['201', '202'] } }), 'Phone call')).find('.call-row');
      expect(row.find('.call-row__badge').text(), disposition).toBe(label);
      expect(row.find(`.call-row__badge--${disposition}`).exists()).toBe(true);
      expect(row.find('.call-row__who').exists()).toBe(false);
      expect(row.find('.call-row__rang').text()).toBe('Rang: 201, 202');
      expect(row.find('.call-row__talk').exists()).toBe(false);
      wrapper!.unmount();
      wrapper = null;
    }
  });

  it('shows an outbound call by who placed it, and a withheld number as such, in Greek too', () => {
    const outbound = logged({ direction: 'outbound', address: '+302101112233', duration_seconds: 4_500, details: { answered_by: '202' } });
    let row = mountRow(itemFromEntry(outbound, 'Phone call')).find('.call-row');
    expect(row.find('.call-row__number').text()).toBe('To 210 111 2233');
    expect(row.find('.call-row__who').text()).toBe('Placed by ext. 202');
    expect(row.find('.call-row__talk').text()).toBe('Talk 75:00');
    wrapper!.unmount();

    row = mountRow(itemFromEntry(logged({ address: null, disposition: 'missed', duration_seconds: 0, details: {} }), 'Τηλεφώνημα'), 'el').find('.call-row');
    expect(row.find('.call-row__number').text()).toBe('Απόκρυψη αριθμού');
    expect(row.find('.call-row__badge').text()).toBe('Αναπάντητη');
  });

  it('keeps the generic row for a call noted by hand', () => {
    const manual = logged({ ext_message_id: null, disposition: null, duration_seconds: null, details: {}, body: 'Ρώτησε για την προσφορά' });
    const entry = mountRow(itemFromEntry(manual, 'Phone call'));
    expect(entry.find('.call-row').exists()).toBe(false);
    expect(entry.find('.entry__body').text()).toBe('Ρώτησε για την προσφορά');
  });
});

describe('a call in the timeline', () => {
  const event = (call?: NonNullable<Extract<TimelineEvent['ref'], { type: 'comms' }>['call']>): TimelineEvent => ({
    id: 'k2',
    kind: 'call',
    occurred_at: '2026-03-01T09:00:00.000Z',
    title: 'Missed call from +306988000111',
    body: 'Rang 201',
    direction: 'inbound',
    ref: { type: 'comms', id: 'k2', manual: false, ...(call ? { call } : {}) },
  });

  it('uses the same call row from the call fields the timeline sends', () => {
    let row = mountRow(
      itemFromEvent(event({ disposition: 'missed', duration_seconds: 0, address: '+306988000111', answered_by: null, answered_by_name: null, extensions_rang: ['201'] })),
    ).find('.call-row');
    expect(row.find('.call-row__number').text()).toBe('From 6988 000 111');
    expect(row.find('.call-row__badge').text()).toBe('Missed');
    expect(row.find('.call-row__rang').text()).toBe('Rang: 201');
    wrapper!.unmount();

    row = mountRow(
      itemFromEvent(event({ disposition: 'answered', duration_seconds: 61, address: '+306988000111', answered_by: '202', answered_by_name: 'Νίκος', extensions_rang: ['201', '202'] })),
    ).find('.call-row');
    expect(row.find('.call-row__who').text()).toBe('Answered by Νίκος (ext. 202)');
    expect(row.find('.call-row__talk').text()).toBe('Talk 01:01');
    expect(row.find('.call-row__rang').exists()).toBe(false);
  });

  it('falls back to the text summary when the timeline sends no call fields', () => {
    const entry = mountRow(itemFromEvent(event()));
    expect(entry.find('.call-row').exists()).toBe(false);
    expect(entry.find('.entry__body').text()).toBe('Rang 201');
  });
});

describe('formatTalk', () => {
  it('writes seconds as mm:ss', () => {
    expect([0, 9, 60, 95, 3_599, 4_500].map(formatTalk)).toEqual(['00:00', '00:09', '01:00', '01:35', '59:59', '75:00']);
  });
});
