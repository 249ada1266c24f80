/**
 * Real documents for tests that walk the route table: a product, a customer with an open
 * technical issue, install-support ticket and ledger entry, an order, a comms entry, a file and
 * a spare user account, each created through the API when its create route exists. `valueFor`
 * turns a path parameter into the id of the fixture it names, so generic requests reach real
 * documents instead of stopping at 404.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { RouteDef } from '../http/route.js';
import type { PathParam } from './route-paths.js';
import type { TestApp } from './test-app.js';

export interface Fixtures {
  /** Fixture ids by kind: customer, product, order, transaction, comm, media, user. */
  ids: Record<string, string>;
  valueFor(param: PathParam): string;
  /** Cleans up what lives outside the test app's database (the spare account). */
  close(): Promise<void>;
}

/** The path segment before a parameter, and the parameter's own name, to the fixture it points at. */
const kindBySegment: Record<string, string> = {
  customers: 'customer',
  products: 'product',
  orders: 'order',
  transactions: 'transaction',
  comms: 'comm',
  media: 'media',
  users: 'user',
  'technical-issues': 'ticket',
  'install-support': 'ticket',
};
const kindByParam: Record<string, string> = {
  customerId: 'customer',
  productId: 'product',
  orderId: 'order',
  txId: 'transaction',
  uid: 'user',
  indexOrId: 'ticket',
};

export const MISSING_ID = 'fixture-missing-id';

export async function createFixtures(t: TestApp, routes: RouteDef[]): Promise<Fixtures> {
  const has = (method: RouteDef['method'], path: string) => routes.some((r) => r.method === method && r.path === path);
  const auth = { Authorization: `Bearer ${t.tokens.admin}` };
  const ids: Record<string, string> = { ticket: '0' };

  async function create(kind: string, method: RouteDef['method'], pattern: string, path: string, body: object) {
    if (!has(method, pattern)) return;
    const res = await request(t.app)[method](`/api${path}`).set(auth).send(body);
    if (res.status >= 300 || typeof res.body?.id !== 'string') {
      throw new Error(`fixture ${kind}: ${method.toUpperCase()} ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
    }
    ids[kind] = res.body.id;
  }

  await create('product', 'post', '/crm/products', '/crm/products', { name: 'Fixture controller', category: 'controller' });
  await create('customer', 'post', '/crm/customers', '/crm/customers', {
    name: 'Ενορία Fixture',
    contacts: [{ type: 'email', value: 'fixture@example.gr' }],
  });
  const customer = ids.customer;
  if (customer) {
    for (const ticket of ['technical-issues', 'install-support']) {
      const pattern = `/crm/customers/:id/${ticket}`;
      if (!has('post', pattern)) continue;
      const res = await request(t.app).post(`/api/crm/customers/${customer}/${ticket}`).set(auth).send({ note: 'Fixture ticket' });
      if (res.status >= 300) throw new Error(`fixture ${ticket}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await create('order', 'post', '/crm/customers/:id/orders', `/crm/customers/${customer}/orders`, { title: 'Fixture order' });
    await create('transaction', 'post', '/crm/customers/:id/transactions', `/crm/customers/${customer}/transactions`, {
      flow: 'invoice',
      amount: 100,
    });
    await create('comm', 'post', '/crm/comms', '/crm/comms', {
      customer_id: customer,
      type: 'note',
      direction: 'internal',
      body: 'Fixture note',
    });
    if (has('post', '/crm/customers/:id/files')) {
      const res = await request(t.app)
        .post(`/api/crm/customers/${customer}/files?filename=fixture.txt`)
        .set(auth)
        .set('Content-Type', 'text/plain')
        .send('fixture file');
      if (res.status >= 300 || typeof res.body?.id !== 'string') {
        throw new Error(`fixture media: ${res.status} ${JSON.stringify(res.body)}`);
      }
      ids.media = res.body.id;
    }
  }

  const uid = `fixture-${randomBytes(5).toString('hex')}`;
  await t.accounts.create({ uid, email: `${uid}@bellsystems.test`, name: `Fixture ${uid}`, role: 'viewer' }, { uid: 'script:fixtures', name: 'fixtures' });
  ids.user = uid;

  return {
    ids,
    valueFor(param) {
      const kind = kindByParam[param.name] ?? (param.after ? kindBySegment[param.after] : undefined);
      return (kind && ids[kind]) || MISSING_ID;
    },
    close: async () => {
      await t.accounts.sql.execute({ sql: 'DELETE FROM auth_users WHERE uid = ?', args: [uid] });
    },
  };
}
