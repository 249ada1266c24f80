import type { Clock } from '../http/deps.js';
import { conflict, notFound } from '../http/errors.js';
import { facetKey, facetKeys } from '../search/facet-keys.js';
import { normalizeText } from '../search/normalize.js';
import { decodeCursor, encodeCursor, orderingName, scanPage } from '../search/paging.js';
import { matchesTerms, mostSelectiveTerm, parseSearchQuery, textSearchKeys } from '../search/search-keys.js';
import type { Doc, DocData, DocStore, Query, Transaction, Where } from '../store/docstore.js';
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
  PRODUCTS,
  type Product,
  type ProductCreate,
  type ProductListQuery,
  type ProductPage,
  type ProductUpdate,
} from './products.schema.js';

const productPath = (id: string): string => `${PRODUCTS}/${id}`;
const skuPath = (sku: string): string => `${PRODUCT_SKUS}/${sku}`;

const byName = [{ field: 'name_sort', direction: 'asc' as const }];
const MAX_SEARCH_BATCHES = 4;

interface ProductFilter {
  category?: string | undefined;
  active?: boolean | undefined;
}

function filterKey(filter: ProductFilter): string | null {
  return facetKey([
    ['category', filter.category],
    ['active', filter.active === undefined ? undefined : String(filter.active)],
  ]);
}

/** The API view without its id, plus what the list and search query: name_sort, list_keys, search_keys. */
function storedForm(product: Product): DocData {
  const { id: _id, ...fields } = product;
  return {
    ...fields,
    name_sort: normalizeText(product.name),
    list_keys: facetKeys([
      ['category', [product.category]],
      ['active', [String(product.active)]],
    ]),
    search_keys: [...new Set([...textSearchKeys(product.name), ...textSearchKeys(product.sku ?? '')])],
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export class ProductsService {
  constructor(
    private readonly store: DocStore,
    private readonly clock: Clock,
  ) {}

  /** Products by name; filters and search are index lookups, as for customers. */
  async list(query: ProductListQuery): Promise<ProductPage> {
    const key = filterKey(query);
    const terms = query.search ? parseSearchQuery(query.search) : [];
    let where: Where[] = [];
    let accept: ((doc: Doc) => boolean) | undefined;
    if (terms.length > 0) {
      const main = mostSelectiveTerm(terms);
      const keys = terms[main]!.keys;
      where = [
        keys.length === 1
          ? { field: 'search_keys', op: 'array-contains', value: keys[0] }
          : { field: 'search_keys', op: 'array-contains-any', value: keys },
      ];
      const rest = terms.filter((_, index) => index !== main);
      if (rest.length > 0 || key) {
        accept = (doc) =>
          (rest.length === 0 || matchesTerms(new Set(strings(doc.data.search_keys)), rest)) &&
          (!key || strings(doc.data.list_keys).includes(key));
      }
    } else if (key) {
      where = [{ field: 'list_keys', op: 'array-contains', value: key }];
    }
    const storeQuery: Query = { collection: PRODUCTS, where, orderBy: byName };
    const ordering = orderingName(storeQuery);
    const [page, total] = await Promise.all([
      scanPage(this.store, storeQuery, {
        limit: query.limit,
        ...(query.cursor ? { startAfter: decodeCursor(query.cursor, ordering, PRODUCTS) } : {}),
        ...(accept ? { accept, maxBatches: MAX_SEARCH_BATCHES } : {}),
      }),
      accept ? Promise.resolve(null) : this.store.count({ collection: PRODUCTS, where }),
    ]);
    return {
      products: page.docs.map((doc) => readProduct(doc.id, doc.data)),
      total,
      next_cursor: page.next ? encodeCursor(page.next, ordering) : null,
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
      nextcloud_folder: body.nextcloud_folder,
      linked_device_type: body.linked_device_type,
      active: body.active,
      created_at: now,
      updated_at: now,
    };
    return this.store.runTransaction(async (tx) => {
      if (product.sku) {
        await this.assertSkuFree(tx, product.sku, id);
        tx.create(skuPath(product.sku), { product_id: id });
      }
      tx.create(productPath(id), storedForm(product));
      return product;
    });
  }

  async update(id: string, body: ProductUpdate): Promise<Product> {
    return this.store.runTransaction(async (tx) => {
      const doc = await tx.get(productPath(id));
      if (!doc) throw notFound('Product');
      const current = readProduct(doc.id, doc.data);
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
      tx.update(doc.path, storedForm(next));
      return next;
    });
  }

  async remove(id: string): Promise<void> {
    await this.store.runTransaction(async (tx) => {
      const doc = await tx.get(productPath(id));
      if (!doc) throw notFound('Product');
      const sku = readProduct(doc.id, doc.data).sku;
      if (sku) {
        const reservation = await tx.get(skuPath(sku));
        if (reservation?.data.product_id === id) tx.delete(reservation.path);
      }
      tx.delete(doc.path);
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
