/** Comms entries in the API's response shape, complete, as the fake API only answers what the schemas allow. */
import type { CommsEntry } from '../components/comms/comms.types';

export function commsEntryFixture(overrides: Partial<CommsEntry> = {}): CommsEntry {
  return {
    id: 'm1',
    customer_id: 'c1',
    type: 'note',
    direction: 'internal',
    subject: null,
    body: null,
    attachments: [],
    ext_message_id: null,
    address: null,
    address_raw: null,
    logged_by: null,
    logged_by_uid: null,
    occurred_at: '2026-03-04T10:00:00.000Z',
    created_at: '2026-03-04T10:00:00.000Z',
    updated_at: '2026-03-04T10:00:00.000Z',
    thread_id: null,
    delivery_status: null,
    delivery_error: null,
    disposition: null,
    duration_seconds: null,
    follow_up: null,
    follow_up_closed_at: null,
    follow_up_closed_by: null,
    details: {},
    ...overrides,
  };
}
