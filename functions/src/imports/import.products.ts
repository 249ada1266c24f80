/**
 * A product import's store side: the index of existing products it matches against, the run
 * (one transaction: products and their SKU reservations, `crm_product_skus/{SKU}`, as
 * ProductsService writes them) and its undo. The upload, mapping and state machine are the
 * import service's, shared with customer imports.
 */
import type { AppDeps } from '../app/deps.js';
import { conflict } from '../http/errors.js';
import { mergeStock, readProduct, withAvailable, withCostTotal, zeroCosts, zeroStock } from '../products/product-read.js';
import { PRODUCT_SKUS } from '../products/products.schema.js';
import { productIndexFieldsOf } from '../products/products.service.js';
import { writeStamp } from '../shared/actor.js';
import { PRODUCTS, productPath } from '../shared/collections.js';
import { DEFAULT_CURRENCY } from '../shared/money.js';
import { cursorAfter, type Cursor, type DocData, type TransactionLimits } from '../store/docstore.js';
import { parseStoredJson, valuesEqual } from '../store/values.js';
import { emptyProductIndex, planProductRows, type ProductIndex, type ProductPlannedRow } from './import.products.plan.js';
import { chunkUnits, jsonBytes, type ChunkUnit } from './import.chunks.js';
import type { StoredImport, Written } from './import.repository.js';

const PAGE = 500;
/** What a stored product adds to its row's fields (stamps, stock, costs, index fields). */
const PRODUCT_BYTES = 8 * 1024;
const isProduct = (w: Written): boolean => w.path.startsWith(`${PRODUCTS}/`);
const skuPath = (sku: string): string => `${PRODUCT_SKUS}/${sku}`;
const json = (value: unknown): unknown => parseStoredJson(JSON.stringify(value ?? null));

export class ProductImports {
  constructor(private readonly deps: Pick<AppDeps, 'store' | 'clock'>) {}

  /** Every stored product (archived ones too: they keep their SKU), read once a page at a time. */
  private async index(): Promise<ProductIndex> {
    const index = emptyProductIndex();
    let startAfter: Cursor | undefined;
    for (;;) {
      const page = await this.deps.store.query({ collection: PRODUCTS, limit: PAGE, ...(startAfter ? { startAfter } : {}) });
      for (const doc of page) {
        const externalId = typeof doc.data.external_id === 'string' ? doc.data.external_id.trim() : '';
        if (externalId && !index.external_id.has(externalId)) index.external_id.set(externalId, doc.id);
        if (typeof doc.data.sku === 'string' && doc.data.sku) {
          index.sku.set(doc.data.sku, doc.id);
          index.skuOf.set(doc.id, doc.data.sku);
        }
      }
      if (page.length < PAGE) return index;
      startAfter = cursorAfter(page[page.length - 1]!);
    }
  }

  async plan(item: StoredImport): Promise<ProductPlannedRow[]> {
    return planProductRows(item.headers, item.rows, item.mapping, await this.index(), item.choices);
  }

  /**
   * The planned rows in chunks for the store (import.chunks.ts): the rows updating one product
   * together, then each created one; a product counts with the SKU reservations it may write
   * (an update may give one up and take another).
   */
  chunks(planned: ProductPlannedRow[], limits: TransactionLimits | undefined): ProductPlannedRow[][] {
    const updates = new Map<string, ProductPlannedRow[]>();
    for (const r of planned) {
      if (r.action !== 'update' || !r.match) continue;
      const rows = updates.get(r.match.id) ?? [];
      rows.push(r);
      updates.set(r.match.id, rows);
    }
    const bytes = (rows: ProductPlannedRow[]) => PRODUCT_BYTES + rows.reduce((sum, r) => sum + 3 * jsonBytes(r.body), 0);
    const units: ChunkUnit<ProductPlannedRow>[] = [
      ...[...updates.values()].map((rows) => ({ items: rows, writes: 3, bytes: bytes(rows) })),
      ...planned.filter((r) => r.action === 'create').map((r) => ({ items: [r], writes: r.body?.sku ? 2 : 1, bytes: bytes([r]) })),
    ];
    return chunkUnits(units, limits);
  }

  /** Writes the planned rows (a chunk of them, or all) in one transaction; what each written document was before, for the undo. */
  async write(item: StoredImport, planned: ProductPlannedRow[]): Promise<Written[]> {
    const reason = `import:${item.id}`;
    return this.deps.store.runTransaction(async (tx) => {
      const updates = planned.filter((r) => r.action === 'update' && r.match);
      const creates = planned.filter((r) => r.action === 'create');
      const paths = [...new Set(updates.map((r) => productPath(r.match!.id)))];
      const docs = paths.length ? await tx.getAll(paths) : [];
      // Reservations the run may take (the rows' SKUs) or give up (the SKUs the updated products hold now).
      const held = docs.flatMap((doc) => (doc && typeof doc.data.sku === 'string' && doc.data.sku ? [doc.data.sku] : []));
      const rowSkus = planned.flatMap((r) => ((r.action === 'create' || r.action === 'update') && r.body?.sku ? [r.body.sku] : []));
      const skus = [...new Set([...held, ...rowSkus])];
      const reservations = new Map((skus.length ? await tx.getAll(skus.map(skuPath)) : []).flatMap((doc) => (doc ? [[doc.id, doc.data] as const] : [])));
      const now = this.deps.clock.now();
      const stamp = { updated_at: now, ...writeStamp(), updated_reason: reason };

      const working = new Map<string, { id: string; before: DocData; data: DocData }>();
      for (const doc of docs) if (doc) working.set(doc.path, { id: doc.id, before: doc.data, data: doc.data });
      // Each touched SKU's reservation as the run leaves it (null: removed).
      const skuAfter = new Map<string, DocData | null>();
      const reserve = (sku: string, productId: string, row: number) => {
        const holder = skuAfter.has(sku) ? skuAfter.get(sku) : reservations.get(sku);
        if (holder && holder.product_id !== productId) throw conflict(`Row ${row}: SKU ${sku} was taken meanwhile; run the import again`);
        skuAfter.set(sku, { product_id: productId });
      };

      for (const r of updates) {
        const target = working.get(productPath(r.match!.id));
        if (!target) throw conflict(`Row ${r.row}: the matched product was deleted meanwhile; run the import again`);
        const current = readProduct(target.id, target.data);
        const { stock, ...given } = r.body ?? {};
        const fields = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
        const next: DocData = { ...target.data, ...fields, ...(r.external_id ? { external_id: r.external_id } : {}), ...stamp };
        if (stock) next.stock = withAvailable(mergeStock(current.stock, stock));
        if (given.sku !== undefined && given.sku !== current.sku) {
          if (current.sku) skuAfter.set(current.sku, null);
          if (given.sku) reserve(given.sku, target.id, r.row);
        }
        target.data = { ...next, ...productIndexFieldsOf(target.id, next) };
      }
      const written: Written[] = [];
      for (const [path, target] of working) {
        const changed = Object.fromEntries(Object.entries(target.data).filter(([key, value]) => !valuesEqual(target.before[key], value)));
        if (Object.keys(changed).length > 0) tx.update(path, changed);
        written.push({ path, before: target.before, after: target.data });
      }
      for (const r of creates) {
        const id = this.deps.store.newId();
        const body = r.body ?? {};
        const data: DocData = {
          name: body.name,
          sku: body.sku ?? null,
          category: body.category,
          description: body.description ?? '',
          price: body.price ?? 0,
          currency: body.currency ?? DEFAULT_CURRENCY,
          costs: withCostTotal(zeroCosts),
          stock: withAvailable(mergeStock(zeroStock, body.stock ?? {})),
          nextcloud_folder: null,
          linked_device_type: body.linked_device_type ?? '',
          warranty_months: body.warranty_months ?? null,
          active: body.active ?? true,
          archived_at: null,
          created_at: now,
          ...(r.external_id ? { external_id: r.external_id } : {}),
          ...stamp,
        };
        const stored = { ...data, ...productIndexFieldsOf(id, data) };
        tx.create(productPath(id), stored);
        written.push({ path: productPath(id), before: null, after: stored });
        if (body.sku) reserve(body.sku, id, r.row);
      }
      for (const [sku, after] of skuAfter) {
        const path = skuPath(sku);
        const before = reservations.get(sku) ?? null;
        if (after && before) tx.set(path, after);
        else if (after) tx.create(path, after);
        else if (before) tx.delete(path);
        if (before || after) written.push({ path, before, after });
      }
      return written;
    });
  }

  /** Ids of the given products that an order's item names (orders do not index them: read a page at a time, as a purge does). */
  private async namedByOrders(ids: Set<string>): Promise<Set<string>> {
    const named = new Set<string>();
    if (ids.size === 0) return named;
    let startAfter: Cursor | undefined;
    for (;;) {
      const page = await this.deps.store.query({ collectionGroup: 'orders', limit: PAGE, ...(startAfter ? { startAfter } : {}) });
      for (const order of page) {
        for (const line of Array.isArray(order.data.items) ? (order.data.items as DocData[]) : []) {
          if (typeof line.product_id === 'string' && ids.has(line.product_id)) named.add(line.product_id);
        }
      }
      if (page.length < PAGE) return named;
      startAfter = cursorAfter(page[page.length - 1]!);
    }
  }

  /**
   * Undoes a run, one transaction per chunk of what it wrote: created products are deleted with
   * their SKU reservation (archived, keeping it, when an order now names them), updated ones and
   * moved reservations get their previous document back; each only if it is as the import left
   * it. What is not undone is returned with the reason.
   */
  async undo(item: StoredImport, chunks: Written[][]): Promise<{ id: string; reason: string }[]> {
    const createdIds = new Set(chunks.flat().filter((w) => w.before === null && isProduct(w)).map((w) => w.path.split('/').pop()!));
    const named = await this.namedByOrders(createdIds);
    const skipped: { id: string; reason: string }[] = [];
    for (const chunk of chunks) skipped.push(...(await this.undoChunk(item, chunk, named)));
    return skipped;
  }

  private undoChunk(item: StoredImport, written: Written[], named: Set<string>): Promise<{ id: string; reason: string }[]> {
    return this.deps.store.runTransaction(async (tx) => {
      const current = written.length ? await tx.getAll(written.map((w) => w.path)) : [];
      const now = this.deps.clock.now();
      const skipped: { id: string; reason: string }[] = [];
      written.forEach((w, i) => {
        const doc = current[i];
        const docId = w.path.split('/').pop()!;
        if (w.after === null) {
          if (doc) return skipped.push({ id: docId, reason: 'changed since the import' });
          return tx.set(w.path, json(w.before) as DocData);
        }
        if (!doc) return skipped.push({ id: docId, reason: 'deleted since the import' });
        if (!valuesEqual(json(doc.data), json(w.after))) return skipped.push({ id: docId, reason: 'changed since the import' });
        if (w.before !== null) return tx.set(w.path, json(w.before) as DocData);
        const owner = isProduct(w) ? docId : String((w.after as DocData).product_id);
        if (!named.has(owner)) return tx.delete(w.path);
        if (!isProduct(w)) return undefined;
        const archived = { ...doc.data, archived_at: now, updated_at: now, ...writeStamp(), updated_reason: `import-undo:${item.id}` };
        tx.update(w.path, { archived_at: now, updated_at: now, ...writeStamp(), updated_reason: `import-undo:${item.id}`, ...productIndexFieldsOf(docId, archived) });
        skipped.push({ id: docId, reason: 'archived, not removed: an order names it' });
        return undefined;
      });
      return skipped;
    });
  }
}
