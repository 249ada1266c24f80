import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commsEntryFixture } from '../test-support/comms-fixtures';
import { installFakeApi } from '../test-support/fake-api';
import { useCommsStore } from './comms';

const entry = (extra: object = {}) =>
  commsEntryFixture({
  id: 'm1',
  customer_id: 'c1',
  type: 'note',
  direction: 'internal',
  subject: 'Επίσκεψη',
  body: null,
  attachments: [],
  ext_message_id: null,
  address: null,
  address_raw: null,
  logged_by: 'Demo editor',
  logged_by_uid: 'u-editor',
  occurred_at: '2026-03-01T08:00:00.000Z',
  created_at: '2026-03-01T08:00:00.000Z',
  updated_at: '2026-03-01T08:00:00.000Z',
  ...extra,
  });

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

describe('comms store', () => {
  it('creates an entry for the customer and moves that customer’s revision only', async () => {
    const api = installFakeApi({ 'POST /api/crm/comms': (request) => ({ status: 201, body: entry(request.body as object) }) });
    const comms = useCommsStore();
    const input = { type: 'call', direction: 'inbound', subject: null, body: 'Ρώτησε για την προσφορά', occurred_at: '2026-03-02T09:30:00.000Z' } as const;
    const created = await comms.create('c1', input);
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/api/crm/comms', { customer_id: 'c1', ...input }]]);
    expect(created).toMatchObject({ type: 'call', body: 'Ρώτησε για την προσφορά' });
    expect(comms.revision('c1')).toBe(1);
    expect(comms.revision('c2')).toBe(0);
  });

  it('patches, deletes and assigns, moving the revisions of the customers concerned', async () => {
    const api = installFakeApi({
      'PATCH /api/crm/comms/m1': (request) => ({ status: 200, body: entry(request.body as object) }),
      'DELETE /api/crm/comms/m1': () => ({ status: 204 }),
      'POST /api/crm/comms/m2/assign': () => ({ status: 200, body: { entry: entry({ id: 'm2', customer_id: 'c2' }), assigned_count: 3 } }),
    });
    const comms = useCommsStore();
    await comms.update({ id: 'm1', customer_id: 'c1' }, { subject: 'Νέο θέμα' });
    await comms.remove({ id: 'm1', customer_id: 'c1' });
    const assigned = await comms.assign('m2', 'c2');
    expect(assigned.assigned_count).toBe(3);
    expect(api.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? null)}`)).toEqual([
      'PATCH /api/crm/comms/m1 {"subject":"Νέο θέμα"}',
      'DELETE /api/crm/comms/m1 null',
      'POST /api/crm/comms/m2/assign {"customer_id":"c2"}',
    ]);
    expect(comms.revision('c1')).toBeGreaterThanOrEqual(2);
    expect(comms.revision('c2')).toBe(1);
  });

  it('leaves the revision alone when the server refuses', async () => {
    installFakeApi({
      'DELETE /api/crm/comms/m1': () => ({ status: 403, body: { error: { code: 'forbidden', message: 'This needs the editor role', details: [] } } }),
    });
    const comms = useCommsStore();
    await expect(comms.remove({ id: 'm1', customer_id: 'c1' })).rejects.toMatchObject({ status: 403, message: 'This needs the editor role' });
    expect(comms.revision('c1')).toBe(0);
  });
});
