import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

// A fixed "now" (15 June 2025, Athens) so due, overdue and future dates are known.
const NOW = new Date('2025-06-15T09:00:00.000Z');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: { now: () => NOW } });
});
afterAll(async () => {
  await t.close();
});

const as = (role: 'admin' | 'editor' | 'viewer') => ({ Authorization: `Bearer ${t.tokens[role]}` });

async function customer(name: string, extra: object = {}): Promise<string> {
  const res = await request(t.app).post('/api/crm/customers').set(as('editor')).send({ name, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function product(body: object): Promise<string> {
  const res = await request(t.app).post('/api/crm/products').set(as('editor')).send({ category: 'controller', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const site = {
  name: 'Ι.Ν. Αγίου Νικολάου – καμπαναριό',
  address: 'Πλατεία Ηρώων 1',
  city: 'Καλαμάτα',
  region: 'Μεσσηνία',
  lat: 37.0389,
  lng: 22.1142,
};

async function install(customerId: string, body: object) {
  return request(t.app).post(`/api/crm/customers/${customerId}/installations`).set(as('editor')).send({ site, installed_on: '2024-02-29', ...body });
}

describe('installations', () => {
  let vesper: string;
  let parish: string;
  beforeAll(async () => {
    vesper = await product({ name: 'Vesper Plus', sku: 'VSP-PLUS', warranty_months: 24, stock: { on_hand: 3, reserved: 1 } });
    parish = await customer('Ενορία Αγίου Νικολάου Καλαμάτας', { contacts: [{ type: 'phone', value: '+30 6971234567', primary: true }] });
  });

  it('records a unit with warranty from the product and a 12-month plan from a leap day, and derives owned_items', async () => {
    const res = await install(parish, { product_id: vesper, serial_number: 'VSP-24-0117', firmware_version: '3.1.0', installed_by: 'Γιώργος Τεχνικός' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      customer_id: parish,
      product_id: vesper,
      product_name: 'Vesper Plus',
      device_id: null,
      serial_number: 'VSP-24-0117',
      site,
      installed_on: '2024-02-29',
      warranty_until: '2026-02-28',
      service_interval_months: 12,
      last_service_on: null,
      next_service_due: '2025-02-28',
      state: 'active',
      firmware_version: '3.1.0',
      photos_folder: 'Εγκαταστάσεις/VSP-24-0117',
      updated_by: t.users.editor.name,
    });
    expect(res.body.firmware_history).toEqual([
      expect.objectContaining({ version: '3.1.0', previous: null, by_uid: t.users.editor.uid, visit_id: null }),
    ]);
    const read = await request(t.app).get(`/api/crm/installations/${res.body.id}`).set(as('viewer'));
    expect(read.body).toEqual(res.body);

    const owner = await request(t.app).get(`/api/crm/customers/${parish}`).set(as('viewer'));
    expect(owner.body.owned_items).toEqual([
      { id: `inst-p-${vesper}`, type: 'product', product_id: vesper, product_name: 'Vesper Plus', quantity: 1, serial_numbers: ['VSP-24-0117'] },
    ]);
    for (const search of ['VSP-24-0117', '0117', '240117', 'vsp240117']) {
      const found = await request(t.app).get(`/api/crm/customers?search=${encodeURIComponent(search)}`).set(as('viewer'));
      expect(found.body.customers.map((c: { id: string }) => c.id), search).toEqual([parish]);
    }
  });

  it.each([
    [{ serial_number: 'VSP\u0007001' }, 'serial_number'],
    [{ serial_number: 'VSP\u202E001' }, 'serial_number'],
    [{ service_interval_months: 0 }, 'service_interval_months'],
    [{ service_interval_months: 121 }, 'service_interval_months'],
    [{ service_interval_months: 6.5 }, 'service_interval_months'],
    [{ installed_on: '2025-02-29' }, 'installed_on'],
    [{ product_id: null, device_id: null }, 'product_id'],
    [{ site: { ...site, name: '' } }, 'site.name'],
    [{ site: { ...site, lat: 91 } }, 'site.lat'],
    [{ colour: 'red' }, ''],
  ])('refuses bad input naming the field (%#: %s)', async (body, path) => {
    const res = await install(parish, { product_id: vesper, serial_number: 'BAD-INPUT-1', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    const list = await request(t.app).get('/api/crm/installations?serial=BAD-INPUT-1').set(as('viewer'));
    expect(list.body.installations).toEqual([]);
  });

  it('refuses an installation for an archived customer and an unknown product, writing nothing', async () => {
    const archived = await customer('Μονή Αρχειοθετημένη');
    await request(t.app).post(`/api/crm/customers/${archived}/archive`).set(as('editor')).send({}).expect(200);
    const res = await install(archived, { product_id: vesper, serial_number: 'ARCH-0001' });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: 'customer_id', message: 'is archived' }]);
    const unknown = await install(parish, { product_id: 'noSuchProduct', serial_number: 'ARCH-0001' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].path).toBe('product_id');
    // The serial was not reserved by either refusal.
    expect((await install(parish, { product_id: vesper, serial_number: 'ARCH-0001' })).status).toBe(201);
  });

  it('keeps a serial unique per product across customers, naming the holder, whatever its spelling', async () => {
    const other = await customer('Δήμος Μεσσήνης');
    const res = await install(other, { product_id: vesper, serial_number: 'vsp 24/0117' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('Ενορία Αγίου Νικολάου Καλαμάτας');
    expect(res.body.error.details).toEqual([{ path: 'serial_number', message: 'already installed at Ενορία Αγίου Νικολάου Καλαμάτας' }]);
    // Another product may carry the same serial.
    const striker = await product({ name: 'Κρουστήρας EMS-200', sku: 'EMS-200', category: 'striker' });
    expect((await install(other, { product_id: striker, serial_number: 'VSP-24-0117' })).status).toBe(201);
  });

  it('lets one of 20 concurrent creates of one serial win', async () => {
    const customers = await Promise.all(Array.from({ length: 4 }, (_, i) => customer(`Ενορία Ταυτόχρονη ${i}`)));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => install(customers[i % 4]!, { product_id: vesper, serial_number: 'RACE-0020' })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const list = await request(t.app).get('/api/crm/installations?serial=RACE-0020').set(as('viewer'));
    expect(list.body.installations).toHaveLength(1);
  });

  it('needs editor to write and admin to delete; refuses a delete while visits exist', async () => {
    const res = await install(parish, { device_id: 'BS-CRF-0042', serial_number: 'CRF-0042' });
    expect(res.status).toBe(201);
    expect(res.body.service_interval_months).toBeNull();
    const asViewer = await request(t.app)
      .post(`/api/crm/customers/${parish}/installations`)
      .set(as('viewer'))
      .send({ site, installed_on: '2024-02-29', device_id: 'BS-X' });
    expect(asViewer.status).toBe(403);
    const path = `/api/crm/installations/${res.body.id}`;
    expect((await request(t.app).delete(path).set(as('editor'))).status).toBe(403);
    const visit = await request(t.app).post(`${path}/visits`).set(as('editor')).send({ date: '2025-06-01', kind: 'inspection' });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const refused = await request(t.app).delete(path).set(as('admin'));
    expect(refused.status).toBe(409);

    const bare = await install(parish, { device_id: 'BS-CRF-0099', serial_number: 'CRF-0099' });
    expect((await request(t.app).delete(`/api/crm/installations/${bare.body.id}`).set(as('admin'))).status).toBe(204);
    expect((await request(t.app).get(`/api/crm/installations/${bare.body.id}`).set(as('viewer'))).status).toBe(404);
    // Its serial is free again.
    expect((await install(parish, { device_id: 'BS-CRF-0099', serial_number: 'CRF-0099' })).status).toBe(201);
  });

  it('retires and replaces units, linking the replacement, and owned_items follow', async () => {
    const church = await customer('Ι.Ν. Αγίας Τριάδος Πύργου');
    const old = await install(church, { product_id: vesper, serial_number: 'VSP-19-0001' });
    const replacement = await install(church, { product_id: vesper, serial_number: 'VSP-25-0002', installed_on: '2025-05-02' });
    const path = `/api/crm/installations/${old.body.id}`;
    const missingLink = await request(t.app).put(path).set(as('editor')).send({ state: 'replaced' });
    expect(missingLink.status).toBe(400);
    expect(missingLink.body.error.details[0].path).toBe('replaced_by');
    const self = await request(t.app).put(path).set(as('editor')).send({ state: 'replaced', replaced_by: old.body.id });
    expect(self.status).toBe(422);
    const replaced = await request(t.app).put(path).set(as('editor')).send({ state: 'replaced', replaced_by: replacement.body.id, firmware_version: '2.0' });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body).toMatchObject({ state: 'replaced', replaced_by: replacement.body.id, next_service_due: null, firmware_version: '2.0' });
    expect(replaced.body.firmware_history.at(-1)).toMatchObject({ version: '2.0', previous: null, by: t.users.editor.name });
    const owner = await request(t.app).get(`/api/crm/customers/${church}`).set(as('viewer'));
    expect(owner.body.owned_items).toEqual([expect.objectContaining({ quantity: 1, serial_numbers: ['VSP-25-0002'] })]);
    const listed = await request(t.app).get(`/api/crm/customers/${church}/installations`).set(as('viewer'));
    expect(listed.body.installations.map((i: { state: string }) => i.state)).toEqual(['active', 'replaced']);
  });
});

describe('installation photos', () => {
  it("files a photo under the customer's folder in Εγκαταστάσεις/<serial>/, and refuses another customer's installation", async () => {
    const owner = await customer('Ι.Ν. Παμμεγίστων Ταξιαρχών Αρεόπολης');
    const stranger = await customer('Δήμος Ανατολικής Μάνης');
    const unit = await install(owner, { device_id: 'BS-ARE-0001', serial_number: 'ARE-0001' });
    const upload = (customerId: string) =>
      request(t.app)
        .post(`/api/crm/customers/${customerId}/files`)
        .query({ filename: 'καμπάνα βόρεια.jpg', installation_id: unit.body.id })
        .set(as('editor'))
        .set('Content-Type', 'image/jpeg')
        .send(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const res = await upload(owner);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.nextcloud_path).toMatch(/\/Εγκαταστάσεις\/ARE-0001\/καμπάνα βόρεια\.jpg$/);
    const refused = await upload(stranger);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([{ path: 'installation_id', message: 'is not an installation of this customer' }]);
  });
});

describe('service visits', () => {
  let part: string;
  let installationId: string;
  let customerId: string;
  beforeAll(async () => {
    part = await product({ name: 'Ρελέ κρουστήρα 24V', sku: 'RLY-24', category: 'part', stock: { on_hand: 2, reserved: 1 } });
    const controller = await product({ name: 'Tower Clock TC-1', sku: 'TC-1' });
    customerId = await customer('Δημαρχείο Ναυπλίου');
    const issue = await request(t.app).post(`/api/crm/customers/${customerId}/technical-issues`).set(as('editor')).send({ note: 'Το ρολόι πάει πίσω' });
    expect(issue.status).toBe(201);
    const res = await install(customerId, { product_id: controller, serial_number: 'TC1-LEAP', firmware_version: '1.0' });
    installationId = res.body.id;
  });

  const visit = (body: object) => request(t.app).post(`/api/crm/installations/${installationId}/visits`).set(as('editor')).send(body);

  it('refuses a visit dated after today, an unknown technician and a firmware update without its version', async () => {
    const future = await visit({ date: '2025-06-16', kind: 'maintenance' });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([{ path: 'date', message: 'must not be after today (2025-06-15)' }]);
    const nobody = await visit({ date: '2025-06-15', kind: 'maintenance', technician_uid: 'no-such-user' });
    expect(nobody.status).toBe(422);
    expect(nobody.body.error.details[0].path).toBe('technician_uid');
    const firmware = await visit({ date: '2025-06-15', kind: 'firmware_update' });
    expect(firmware.status).toBe(400);
    expect(firmware.body.error.details[0].path).toBe('firmware_version');
    const list = await request(t.app).get(`/api/crm/installations/${installationId}/visits`).set(as('viewer'));
    expect(list.body.visits).toEqual([]);
  });

  it('moves the next due date from a maintenance visit across month ends, and warns when parts exceed stock', async () => {
    const before = await request(t.app).get(`/api/crm/installations/${installationId}`).set(as('viewer'));
    expect(before.body.next_service_due).toBe('2025-02-28');
    const res = await visit({
      date: '2025-03-31',
      kind: 'maintenance',
      technician_uid: t.users.admin.uid,
      work_done: 'Λίπανση μηχανισμού, έλεγχος «ρελέ»',
      parts: [{ product_id: part, quantity: 3 }],
      minutes_on_site: 95,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.visit).toMatchObject({ technician_uid: t.users.admin.uid, technician_name: t.users.admin.name, outcome: 'ok', minutes_on_site: 95 });
    expect(res.body.installation).toMatchObject({ last_service_on: '2025-03-31', next_service_due: '2026-03-31' });
    expect(res.body.warnings).toEqual([
      { path: 'parts.0.quantity', message: '3 of Ρελέ κρουστήρα 24V used but only 1 available in stock; recorded anyway, check the stock count' },
    ]);
    const stock = await request(t.app).get(`/api/crm/products/${part}`).set(as('viewer'));
    expect(stock.body.stock).toEqual({ on_hand: 0, reserved: 1, available: -1 });

    // Editing the visit's parts gives back the difference.
    const edited = await request(t.app).put(`/api/crm/visits/${res.body.visit.id}`).set(as('editor')).send({ parts: [{ product_id: part, quantity: 1 }], date: '2025-04-30' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.warnings).toEqual([]);
    expect(edited.body.installation.next_service_due).toBe('2026-04-30');
    const restocked = await request(t.app).get(`/api/crm/products/${part}`).set(as('viewer'));
    expect(restocked.body.stock.on_hand).toBe(2);
  });

  it('records a firmware update in the history and links a visit to the issue it resolves', async () => {
    const owner = await request(t.app).get(`/api/crm/customers/${customerId}`).set(as('viewer'));
    const issueId = owner.body.technical_issues[0].id as string;
    const wrongIssue = await visit({ date: '2025-06-15', kind: 'repair', issue_id: 'notAnIssue' });
    expect(wrongIssue.status).toBe(422);
    expect(wrongIssue.body.error.details[0].path).toBe('issue_id');
    const res = await visit({ date: '2025-06-15', kind: 'firmware_update', firmware_version: '1.4.2', issue_id: issueId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.visit.issue_id).toBe(issueId);
    expect(res.body.installation.firmware_version).toBe('1.4.2');
    expect(res.body.installation.firmware_history.at(-1)).toMatchObject({ version: '1.4.2', previous: '1.0', visit_id: res.body.visit.id });
    // Not a maintenance visit: the plan stays where it was.
    expect(res.body.installation.next_service_due).toBe('2026-04-30');
    const list = await request(t.app).get(`/api/crm/installations/${installationId}/visits`).set(as('viewer'));
    expect(list.body.visits.map((v: { kind: string }) => v.kind)).toEqual(['firmware_update', 'maintenance']);
  });
});
