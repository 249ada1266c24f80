import type { Clock } from '../http/deps.js';
import { writeStamp } from '../shared/actor.js';
import { conflict, notFound } from '../http/errors.js';
import { facetKey, facetKeys } from '../search/facet-keys.js';
import { scopedListKeys } from '../search/archive-scope.js';
import { normalizeText } from '../search/normalize.js';
import { listByKeys } from '../search/keyed-list.js';
import { textSearchKeys } from '../search/search-keys.js';
import { cursorAfter, type Cursor, type DocData, type DocStore, type Transaction } from '../store/docstore.js';
import { valuesEqual } from '../store/values.js';
import { PRODUCTS, productPath } from '../shared/collections.js';
import { assertVersion, docVersion, type Precondition } from '../http/versions.js';
import {
  mergeCosts,
  mergeStock,
  readProduct,
  withAvailable,
  withCostTotal,
  zeroCosts,
  zeroStock,
} from './product-read.js';
import {
  PRODUCT_SKUS,
  type Product,
  type ProductCreate,
  type ProductListQuery,
  type ProductPage,
  type ProductUpdate,
} from './products.schema.js';

const skuPath = (sku: string): string => `${PRODUCT_SKUS}/${sku}`;

const byName = [{ field: 'name_sort', direction: 'asc' as const }];

interface ProductFilter {
  category?: string | undefined;
  active?: boolean | undefined;
}

/** Facets: c = category, a = active (one letter: every product stores a key per combination). */
function filterKey(filter: ProductFilter): string | null {
  return facetKey([
    ['c', filter.category],
    ['a', filter.active === undefined ? undefined : String(filter.active)],
  ]);
}

/** What the list and search query: name_sort, list_keys, search_keys. */
function indexFields(product: Product): DocData {
  return {
    name_sort: normalizeText(product.name),
    list_keys: scopedListKeys(
      facetKeys([
        ['c', [product.category]],
        ['a', [String(product.active)]],
      ]),
      product.archived_at !== null,
    ),
    search_keys: [...new Set([...textSearchKeys(product.name), ...textSearchKeys(product.sku ?? '')])],
  };
}

/** The index fields for stored product data, for code that writes a product outside this service (a restored field). */
export function productIndexFieldsOf(id: string, data: DocData): DocData {
  return indexFields(readProduct(id, data));
}

/** The API view without its id, plus its index fields. */
function storedForm(product: Product): DocData {
  const { id: _id, version: _version, ...fields } = product;
  return { ...fields, ...indexFields(product) };
}

/**
 * Brings every stored product's index fields up to date, a page at a time, writing only the
 * products whose fields differ: run when the way keys are computed changes (the `live` list
 * key, archive-scope.ts), since documents otherwise keep the keys of their last write.
 * Returns how many products it rewrote.
 */
export async function reindexStoredProducts(store: DocStore, pageSize = 200): Promise<number> {
  let rewritten = 0;
  let startAfter: Cursor | undefined;
  for (;;) {
    const page = await store.query({ collection: PRODUCTS, limit: pageSize, ...(startAfter ? { startAfter } : {}) });
    for (const doc of page) {
      const fields = indexFields(readProduct(doc.id, doc.data));
      if (Object.entries(fields).every(([name, value]) => valuesEqual(doc.data[name], value))) continue;
      const wrote = await store.runTransaction(async (tx) => {
        const current = await tx.get(doc.path);
        if (!current) return false;
        tx.update(doc.path, indexFields(readProduct(current.id, current.data)));
        return true;
      });
      if (wrote) rewritten += 1;
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return rewritten;
    startAfter = cursorAfter(last);
  }
}

export class ProductsService {
  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
  ) {}

  /** Products by name; filters and search are index lookups, as for customers (keyed-list.ts). */
  async list(query: ProductListQuery): Promise<ProductPage> {
    const page = await listByKeys(this.store, {
      collection: PRODUCTS,
      orderBy: byName,
      search: query.search,
      filterKey: filterKey(query),
      archived: query.archived,
      limit: query.limit,
      cursor: query.cursor,
    });
    return {
      products: page.docs.map((doc) => readProduct(doc.id, doc.data)),
      total: page.total,
      next_cursor: page.next_cursor,
    };
  }

  async get(id: string): Promise<Product> {
    const doc = await this.store.get(productPath(id));
    if (!doc) throw notFound('Product');
    return readProduct(doc.id, doc.data);
  }

  async create(body: ProductCreate): Promise<Product> {
    const now = this.clock.now();
    const id = this.store.newId();
    const product: Product = {
      id,
      name: body.name,
      sku: body.sku,
      category: body.category,
      description: body.description,
      price: body.price,
      currency: body.currency,
      costs: withCostTotal(mergeCosts(zeroCosts, body.costs)),
      stock: withAvailable(mergeStock(zeroStock, body.stock)),
      nextcloud_folder: null,
      linked_device_type: body.linked_device_type,
      warranty_months: body.warranty_months,
      active: body.active,
      archived_at: null,
      created_at: now,
      updated_at: now,
      version: '',
    };
    return this.store.runTransaction(async (tx) => {
      if (product.sku) {
        await this.assertSkuFree(tx, product.sku, id);
        tx.create(skuPath(product.sku), { product_id: id });
      }
      const stored = { ...storedForm(product), ...writeStamp() };
      tx.create(productPath(id), stored);
      return { ...product, version: docVersion(stored) };
    });
  }

  async update(id: string, body: ProductUpdate, precondition?: Precondition): Promise<Product> {
    return this.store.runTransaction(async (tx) => {
      const doc = await tx.get(productPath(id));
      if (!doc) throw notFound('Product');
      const current = readProduct(doc.id, doc.data);
      assertVersion(precondition, doc.data, () => current);
      const { costs, stock, ...fields } = body;
      const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      const next: Product = {
        ...current,
        ...given,
        costs: costs ? withCostTotal(mergeCosts(current.costs, costs)) : current.costs,
        stock: stock ? withAvailable(mergeStock(current.stock, stock)) : current.stock,
        updated_at: this.clock.now(),
      };
      if (next.sku !== current.sku) {
        if (next.sku) await this.assertSkuFree(tx, next.sku, id);
        if (current.sku) tx.delete(skuPath(current.sku));
        if (next.sku) tx.create(skuPath(next.sku), { product_id: id });
      }
      const stored = { ...storedForm(next), ...writeStamp() };
      tx.update(doc.path, stored);
      return { ...next, version: docVersion({ ...doc.data, ...stored }) };
    });
  }

  /**
   * Archives the product (what an editor's delete does): orders naming it keep a product that
   * exists, it leaves the list and the orders' product picker, and it keeps its SKU so a
   * restore never clashes. Only an admin's purge (product-purge.ts) removes a product.
   */
  async archive(id: string, precondition?: Precondition): Promise<Product> {
    return this.setArchived(id, true, precondition);
  }

  async restore(id: string, precondition?: Precondition): Promise<Product> {
    return this.setArchived(id, false, precondition);
  }

  private async setArchived(id: string, archived: boolean, precondition?: Precondition): Promise<Product> {
    return this.store.runTransaction(async (tx) => {
      const doc = await tx.get(productPath(id));
      if (!doc) throw notFound('Product');
      const current = readProduct(doc.id, doc.data);
      assertVersion(precondition, doc.data, () => current);
      if ((current.archived_at !== null) === archived) return current;
      const now = this.clock.now();
      const next: Product = { ...current, archived_at: archived ? now : null, updated_at: now };
      const stored = { ...storedForm(next), ...writeStamp() };
      tx.update(doc.path, stored);
      return { ...next, version: docVersion({ ...doc.data, ...stored }) };
    });
  }

  /**
   * The reservation document makes concurrent creates of one SKU conflict in the store; the
   * query also catches products written before reservations existed (the old system's data).
   */
  private async assertSkuFree(tx: Transaction, sku: string, productId: string): Promise<void> {
    const reservation = await tx.get(skuPath(sku));
    const holders = await tx.query({ collection: PRODUCTS, where: [{ field: 'sku', op: '==', value: sku }], limit: 2 });
    const owner = reservation ? String(reservation.data.product_id) : holders.find((d) => d.id !== productId)?.id;
    if (owner && owner !== productId) throw conflict(`SKU ${sku} is already used by product ${owner}`);
  }
}
