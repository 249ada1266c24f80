/**
 * What each export holds: a header and the rows, read a page at a time through the same
 * services and filters as the API's lists, so an export equals its list and never holds more
 * than a page.
 */
import type { AppDeps } from '../app/deps.js';
import type { Customer, CustomerListQuery } from '../customers/customers.schema.js';
import { CustomersService } from '../customers/customers.service.js';
import { OrdersService } from '../orders/orders.service.js';
import type { OrdersQuery } from '../orders/orders.schema.js';
import { ProductsService } from '../products/products.service.js';
import type { ProductListQuery } from '../products/products.schema.js';
import { cursorAfter, type Cursor, type DocData } from '../store/docstore.js';
import { listInstallations } from '../installations/installations.lists.js';
import { INSTALLATIONS, type InstallationListQuery } from '../installations/installations.schema.js';
import { athensDate } from '../installations/service-dates.js';
import { money, type Cell } from './export.csv.js';

export interface CsvSource {
  header: readonly string[];
  rows: AsyncIterable<readonly Cell[]>;
}

/** Rows per page read from the store. */
const PAGE = 200;

/** The planning list's largest page (installationListQuerySchema). */
const MAX_INSTALLATIONS = 2000;

type CustomerFilters = Omit<CustomerListQuery, 'limit' | 'cursor'>;

async function* customerPages(deps: AppDeps, filters: CustomerFilters): AsyncGenerator<Customer> {
  const customers = new CustomersService(deps.store, deps.clock);
  let cursor: string | undefined;
  do {
    const page = await customers.list({ ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) });
    yield* page.customers;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}

const firstContact = (customer: Customer, type: string) =>
  (customer.contacts.find((c) => c.type === type && c.primary) ?? customer.contacts.find((c) => c.type === type))?.value ?? null;

export function customersCsv(deps: AppDeps, filters: CustomerFilters): CsvSource {
  return {
    header: ['id', 'name', 'title', 'organization', 'religion', 'relationship_status', 'tags', 'language', 'email', 'phone', 'city', 'region', 'country', 'archived_at', 'created_at', 'updated_at'],
    rows: (async function* () {
      for await (const c of customerPages(deps, filters)) {
        yield [c.id, c.name, c.title, c.organization, c.religion, c.relationship_status, c.tags.join('|'), c.language.join('|'), firstContact(c, 'email'), firstContact(c, 'phone'), c.location?.city, c.location?.region, c.location?.country, c.archived_at, c.created_at, c.updated_at];
      }
    })(),
  };
}

export function contactsCsv(deps: AppDeps, filters: CustomerFilters): CsvSource {
  return {
    header: ['customer_id', 'customer_name', 'id', 'type', 'label', 'value', 'e164', 'primary'],
    rows: (async function* () {
      for await (const c of customerPages(deps, filters)) {
        for (const contact of c.contacts) yield [c.id, c.name, contact.id, contact.type, contact.label, contact.value, contact.e164, contact.primary];
      }
    })(),
  };
}

/** One customer (its Financials tab): a 404 before the first byte when it does not exist. */
async function* oneCustomer(customer: Customer): AsyncGenerator<Customer> {
  yield customer;
}

export async function ledgerCsv(
  deps: AppDeps,
  scope: CustomerFilters | { customerId: string },
  range: { from?: Date | undefined; to?: Date | undefined },
): Promise<CsvSource> {
  const customers = 'customerId' in scope ? oneCustomer(await new CustomersService(deps.store, deps.clock).get(scope.customerId)) : customerPages(deps, scope);
  return {
    header: ['customer_id', 'customer_name', 'id', 'date', 'flow', 'payment_type', 'category', 'amount', 'currency', 'invoice_ref', 'order_ref', 'recorded_by', 'note'],
    rows: (async function* () {
      for await (const c of customers) {
        for (const e of c.transaction_history) {
          if ((range.from && e.date < range.from) || (range.to && e.date >= range.to)) continue;
          yield [c.id, c.name, e.id, e.date, e.flow, e.payment_type, e.category, money(e.amount), e.currency, e.invoice_ref, e.order_ref, e.recorded_by, e.note];
        }
      }
    })(),
  };
}

export function ordersCsv(deps: AppDeps, filters: Omit<OrdersQuery, 'limit' | 'cursor'>): CsvSource {
  const orders = new OrdersService(deps.store, deps.clock);
  return {
    header: ['id', 'order_number', 'customer_id', 'customer_name', 'title', 'status', 'currency', 'subtotal', 'total_price', 'required_amount', 'received_amount', 'balance_due', 'payment_complete', 'created_at', 'updated_at'],
    rows: (async function* () {
      let cursor: string | undefined;
      do {
        const page = await orders.listAll({ ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) });
        for (const o of page.orders) {
          const paid = o.payment_status;
          yield [o.id, o.order_number, o.customer_id, o.customer_name, o.title, o.status, o.currency, money(o.subtotal), money(o.total_price), money(paid?.required_amount), money(paid?.received_amount), money(paid?.balance_due), paid?.payment_complete, o.created_at, o.updated_at];
        }
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    })(),
  };
}

export function productsCsv(deps: AppDeps, filters: Omit<ProductListQuery, 'limit' | 'cursor'>): CsvSource {
  const products = new ProductsService(deps.store, deps.clock);
  return {
    header: ['id', 'name', 'sku', 'category', 'description', 'price', 'currency', 'cost_total', 'stock_on_hand', 'stock_reserved', 'stock_available', 'active', 'archived_at', 'created_at', 'updated_at'],
    rows: (async function* () {
      let cursor: string | undefined;
      do {
        const page = await products.list({ ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) });
        for (const p of page.products) {
          yield [p.id, p.name, p.sku, p.category, p.description, money(p.price), p.currency, money(p.costs.total), p.stock.on_hand, p.stock.reserved, p.stock.available, p.active, p.archived_at, p.created_at, p.updated_at];
        }
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
    })(),
  };
}

/** A value of a document another domain owns, as one cell: scalars as they are, the rest as JSON. */
function anyCell(value: unknown): Cell {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return value;
  }
  return JSON.stringify(value);
}

const INTERNAL_FIELDS = ['search_keys', 'list_keys', 'name_sort'];

/** `id` and the top-level fields of `sample`, in name order, for documents whose shape this export does not know. */
function genericColumns(sample: readonly { data: DocData }[]): { header: string[]; row: (id: string, data: DocData) => Cell[] } {
  const fields = [...new Set(sample.flatMap((doc) => Object.keys(doc.data)))].filter((f) => !INTERNAL_FIELDS.includes(f)).sort();
  return { header: ['id', ...fields], row: (id, data) => [id, ...fields.map((f) => anyCell(data[f]))] };
}

/**
 * Whatever documents a collection holds (installations, tasks: other domains' documents whose
 * shape this export does not know): `id` and the top-level fields of the first page, in name order.
 */
export async function collectionCsv(deps: AppDeps, collection: string): Promise<CsvSource> {
  const first = await deps.store.query({ collection, limit: PAGE });
  const { header, row } = genericColumns(first);
  return {
    header,
    rows: (async function* () {
      let page = first;
      while (page.length > 0) {
        for (const doc of page) yield row(doc.id, doc.data);
        if (page.length < PAGE) return;
        const startAfter: Cursor = cursorAfter(page[page.length - 1]!);
        page = await deps.store.query({ collection, limit: PAGE, startAfter });
      }
    })(),
  };
}

/**
 * Installations: all of them, or with the planning list's filters (the Service page) the
 * installations that list finds, in its order, up to its largest page.
 */
export async function installationsCsv(deps: AppDeps, filters: Omit<InstallationListQuery, 'limit'>): Promise<CsvSource> {
  if (Object.values(filters).every((value) => value === undefined)) return collectionCsv(deps, INSTALLATIONS);
  const list = await listInstallations(deps.store, { ...filters, limit: MAX_INSTALLATIONS }, athensDate(deps.clock.now()));
  const docs = (await deps.store.getAll(list.installations.map((i) => `${INSTALLATIONS}/${i.id}`))).flatMap((doc) => (doc ? [doc] : []));
  const { header, row } = genericColumns(docs);
  return {
    header,
    rows: (async function* () {
      for (const doc of docs) yield row(doc.id, doc.data);
    })(),
  };
}
