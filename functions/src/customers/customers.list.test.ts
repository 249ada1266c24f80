import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../http/deps.js';
import { buildRoutes } from '../app/routes.js';
import type { Doc, DocStore, Transaction } from '../store/docstore.js';
import { normalizeText } from '../search/normalize.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { customerCreateSchema } from './customers.schema.js';
import { CustomersService } from './customers.service.js';

/** Counts the documents the store hands back, to prove a request reads a bounded number. */
class CountingStore {
  docsRead = 0;
  constructor(private readonly inner: DocStore) {}

  private seen<T extends Doc | null | (Doc | null)[]>(result: T): T {
    const docs = Array.isArray(result) ? result : [result];
    this.docsRead += docs.filter((doc) => doc !== null).length;
    return result;
  }

  private wrapTx(tx: Transaction): Transaction {
    return {
      get: async (path) => this.seen(await tx.get(path)),
      getAll: async (paths) => this.seen(await tx.getAll(paths)),
      query: async (query) => this.seen(await tx.query(query)),
      create: (path, data) => tx.create(path, data),
      set: (path, data, options) => tx.set(path, data, options),
      update: (path, data) => tx.update(path, data),
      delete: (path) => tx.delete(path),
    };
  }

  readonly store: DocStore = {
    get: async (path) => this.seen(await this.inner.get(path)),
    getAll: async (paths) => this.seen(await this.inner.getAll(paths)),
    query: async (query) => this.seen(await this.inner.query(query)),
    count: (query) => this.inner.count(query),
    create: (path, data) => this.inner.create(path, data),
    set: (path, data, options) => this.inner.set(path, data, options),
    update: (path, data) => this.inner.update(path, data),
    delete: (path) => this.inner.delete(path),
    runTransaction: (fn) => this.inner.runTransaction((tx) => fn(this.wrapTx(tx))),
    batch: () => this.inner.batch(),
    newId: () => this.inner.newId(),
    ping: () => this.inner.ping(),
    close: () => this.inner.close(),
  };
}

/** One minute later on every call, so created_at and updated_at order is known. */
function steppingClock(): Clock {
  let time = Date.parse('2026-01-01T00:00:00Z');
  return {
    now: () => {
      time += 60_000;
      return new Date(time);
    },
  };
}

const firstNames = ['Γιώργος', 'Μαρία', 'Νίκος', 'Ελένη', 'Κώστας', 'Αικατερίνη', 'Δημήτρης', 'Σοφία', 'Παναγιώτης', 'Ιωάννα'];
const surnames = ['Παπαδόπουλος', 'Οικονόμου', 'Γεωργίου', 'Νικολάου', 'Δημητρίου', 'Αντωνίου', 'Βασιλείου', 'Κωνσταντίνου'];
const BULK = 240;
const bulkName = (i: number) => `${firstNames[i % firstNames.length]} ${surnames[i % surnames.length]} ${i}`;

let t: TestApp;
let counter: CountingStore;
const auth = () => ({ Authorization: `Bearer ${t.tokens.viewer}` });
const editor = () => ({ Authorization: `Bearer ${t.tokens.editor}` });

async function list(query: string) {
  const res = await request(t.app).get(`/api/crm/customers${query}`).set(auth());
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { customers: { id: string; name: string }[]; total: number | null; next_cursor: string | null };
}

const names = async (query: string) => (await list(query)).customers.map((c) => c.name);

async function readsOf(query: string): Promise<{ read: number; returned: number }> {
  counter.docsRead = 0;
  const body = await list(query);
  return { read: counter.docsRead, returned: body.customers.length };
}

beforeAll(async () => {
  t = await createTestApp({
    clock: steppingClock(),
    routes: (deps) => {
      counter = new CountingStore(deps.store);
      return buildRoutes({ ...deps, store: counter.store });
    },
  });
  const service = new CustomersService(t.store, t.deps.clock);
  const actor = { name: 'Seeder', uid: 'seeder' };
  const seed = async (input: object) => service.create(customerCreateSchema.parse(input), actor);

  await seed({
    name: 'Στέλιος Μπίμπης',
    organization: 'Ενορία Αγ. Παρασκευής',
    contacts: [
      { type: 'phone', value: '+30 697 123 4567', primary: true },
      { type: 'email', value: 'info@agia-paraskevi.gr' },
    ],
    tags: ['church', 'vip'],
    relationship_status: 'active',
  });
  await seed({ name: 'Babis Sougias', organization: 'Bell Dealers Ltd', tags: ['dealer'], relationship_status: 'prospect' });
  await seed({ name: 'Ανδρέας Μπιμπίκος', organization: 'Δήμος Λαμιέων', tags: ['municipality'] });
  for (let i = 0; i < BULK; i++) {
    await seed({
      name: bulkName(i),
      organization: `Ενορία ${surnames[(i * 3) % surnames.length]}`,
      contacts: [{ type: 'phone', value: `69${String(10_000_000 + i * 7919).padStart(8, '0')}` }],
      tags: i % 4 === 0 ? ['church'] : ['dealer'],
      relationship_status: ['lead', 'prospect', 'active', 'inactive', 'churned'][i % 5],
    });
  }
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('Greek-aware search', () => {
  it.each(['μπιμπης', 'Μπίμπης', 'bibis', 'ΜΠΙΜΠΗΣ', 'mpimpis', 'stelios bibis', 'Μπίμπης Στέλιος'])(
    '%j finds "Στέλιος Μπίμπης"',
    async (query) => {
      expect(await names(`?search=${encodeURIComponent(query)}`)).toEqual(['Στέλιος Μπίμπης']);
    },
  );

  it.each(['6971234567', '+30 697 123 4567', '697 123 4567', '0030 697 1234567', '4567'])(
    '%j finds the contact "+30 697 123 4567"',
    async (query) => {
      expect(await names(`?search=${encodeURIComponent(query)}`)).toContain('Στέλιος Μπίμπης');
    },
  );

  it('searches organization and contact values', async () => {
    expect(await names(`?search=${encodeURIComponent('αγ. παρασκευης')}`)).toEqual(['Στέλιος Μπίμπης']);
    expect(await names('?search=agia-paraskevi.gr')).toEqual(['Στέλιος Μπίμπης']);
    expect(await names('?search=lamieon')).toEqual(['Ανδρέας Μπιμπίκος']);
  });

  it('matches word prefixes and keeps different names apart', async () => {
    expect(await names('?search=bibi')).toEqual(['Ανδρέας Μπιμπίκος', 'Στέλιος Μπίμπης']);
    expect(await names('?search=babis')).toEqual(['Babis Sougias']);
    expect(await names('?search=nobody-here')).toEqual([]);
  });

  it('combines search with filters', async () => {
    expect(await names('?search=bibi&tag=church')).toEqual(['Στέλιος Μπίμπης']);
    expect(await names('?search=bibi&relationship_status=lead')).toEqual(['Ανδρέας Μπιμπίκος']);
  });

  it('pages through a search that matches many customers', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?search=papadopoulos&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await list(query);
      all.push(...page.customers.map((c) => c.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(all).toHaveLength(BULK / surnames.length);
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((name) => name.includes('Παπαδόπουλος'))).toBe(true);
  });

  it('finds a renamed customer by the new name only', async () => {
    const created = await request(t.app).post('/api/crm/customers').set(editor()).send({ name: 'Θεόδωρος Ξενάκης' });
    expect(await names('?search=xenakis')).toEqual(['Θεόδωρος Ξενάκης']);
    await request(t.app).put(`/api/crm/customers/${created.body.id}`).set(editor()).send({ name: 'Θεόδωρος Ψαρράς' }).expect(200);
    expect(await names('?search=xenakis')).toEqual([]);
    expect(await names('?search=theodoros%20psaras')).toEqual(['Θεόδωρος Ψαρράς']);
    await request(t.app).delete(`/api/crm/customers/${created.body.id}`).set(editor()).expect(204);
  });
});

describe('list, sort, filter and page', () => {
  it('sorts by name by default, Greek-aware, and reports the total', async () => {
    const page = await list('?limit=200');
    expect(page.total).toBe(BULK + 3);
    const folded = page.customers.map((c) => normalizeText(c.name));
    expect(folded).toEqual([...folded].sort());
    expect(page.customers[0]!.name).toBe('Babis Sougias');
    expect(page.next_cursor).toEqual(expect.any(String));
    const desc = await names('?limit=2&dir=desc');
    expect(desc[0]).toBe('Στέλιος Μπίμπης');
    expect(normalizeText(desc[1]!) > normalizeText(page.customers[199]!.name)).toBe(true);
  });

  it('sorts by dates, newest first unless asked otherwise', async () => {
    expect(await names('?sort=created_at&limit=2')).toEqual([bulkName(BULK - 1), bulkName(BULK - 2)]);
    expect(await names('?sort=created_at&dir=asc&limit=2')).toEqual(['Στέλιος Μπίμπης', 'Babis Sougias']);
    const target = (await list('?search=sougias')).customers[0]!;
    await request(t.app).patch(`/api/crm/customers/${target.id}/relationship-status`).set(editor()).send({ status: 'prospect' });
    expect(await names('?sort=updated_at&limit=1')).toEqual(['Babis Sougias']);
  });

  it('pages through everything exactly once, in order', async () => {
    const whole = await names('?limit=200&sort=created_at&dir=asc');
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`?limit=37&sort=created_at&dir=asc${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.customers.map((c) => c.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged.slice(0, 200)).toEqual(whole);
    expect(paged).toHaveLength(BULK + 3);
  });

  it('refuses a cursor of another sort order', async () => {
    const page = await list('?limit=3');
    const res = await request(t.app).get(`/api/crm/customers?sort=created_at&cursor=${page.next_cursor}`).set(auth());
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });

  it('filters by tag, relationship status and active tickets, alone and together', async () => {
    const church = await list('?tag=church&limit=200');
    expect(church.total).toBe(BULK / 4 + 1);
    expect(church.customers).toHaveLength(BULK / 4 + 1);
    const churchLeads = await list('?tag=church&relationship_status=lead&limit=200');
    expect(churchLeads.total).toBe(BULK / 20);

    const target = (await list('?search=lamieon')).customers[0]!;
    await request(t.app).post(`/api/crm/customers/${target.id}/technical-issues`).set(editor()).send({ note: 'No sound' }).expect(201);
    await request(t.app).post(`/api/crm/customers/${target.id}/install-support`).set(editor()).send({ note: 'Mount' }).expect(201);
    expect(await names('?has_active_issue=true')).toEqual(['Ανδρέας Μπιμπίκος']);
    expect(await names('?has_active_support=true&has_active_issue=true&tag=municipality')).toEqual(['Ανδρέας Μπιμπίκος']);
    expect((await list('?has_active_issue=false')).total).toBe(BULK + 2);

    await request(t.app).patch(`/api/crm/customers/${target.id}/technical-issues/0/resolve`).set(editor()).expect(200);
    expect(await names('?has_active_issue=true')).toEqual([]);
    expect(await names('?has_active_support=true')).toEqual(['Ανδρέας Μπιμπίκος']);
  });

  it('moves a customer to the active filter when negotiations start', async () => {
    const created = await request(t.app).post('/api/crm/customers').set(editor()).send({ name: 'Νέος Διαπραγματευόμενος', tags: ['fresh'] });
    expect(await names('?tag=fresh&relationship_status=lead')).toEqual(['Νέος Διαπραγματευόμενος']);
    await request(t.app)
      .post(`/api/crm/customers/${created.body.id}/orders/init-negotiations`)
      .set(editor())
      .send({ title: 'Clock for the belfry' })
      .expect(201);
    expect(await names('?tag=fresh&relationship_status=lead')).toEqual([]);
    expect(await names('?tag=fresh&relationship_status=active')).toEqual(['Νέος Διαπραγματευόμενος']);
  });

  it('rejects bad list parameters, naming them', async () => {
    const res = await request(t.app)
      .get('/api/crm/customers?sort=email&dir=up&limit=1000&relationship_status=vip&has_active_issue=maybe')
      .set(auth());
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'dir',
      'has_active_issue',
      'limit',
      'relationship_status',
      'sort',
    ]);
  });
});

describe('documents read per request', () => {
  it('reads at most a page plus one for a list, a filter or a search', async () => {
    for (const query of [
      '?limit=20',
      '?limit=20&sort=updated_at',
      '?limit=20&tag=dealer',
      '?limit=20&relationship_status=lead&tag=dealer',
      '?limit=20&search=ελενη',
      '?limit=20&search=691',
    ]) {
      const { read, returned } = await readsOf(query);
      expect(returned, query).toBe(20);
      expect(read, query).toBeLessThanOrEqual(21);
    }
  });

  it('reads a bounded number of candidates for a multi-word search', async () => {
    const { read } = await readsOf('?limit=20&search=ελενη%20γεωργιου');
    expect(read).toBeLessThanOrEqual(4 * 21);
    const { read: filtered, returned } = await readsOf('?limit=20&search=bibis&tag=church');
    expect(returned).toBe(1);
    expect(filtered).toBeLessThanOrEqual(2);
  });

  it('reads one document for a customer', async () => {
    const id = (await list('?limit=1')).customers[0]!.id;
    counter.docsRead = 0;
    await request(t.app).get(`/api/crm/customers/${id}`).set(auth()).expect(200);
    expect(counter.docsRead).toBe(1);
  });
});
