import type { AppDeps } from '../app/deps.js';
import { conflict, notFound } from '../http/errors.js';
import { cursorAfter, type Cursor } from '../store/docstore.js';
import { productPath } from '../shared/collections.js';
import { PRODUCT_SKUS, type ProductPurgeResult } from './products.schema.js';

/**
 * Purging a product (admin only): the document, its SKU reservation, its media rows and its
 * Nextcloud folder (Nextcloud's trash keeps the files). Refused (409) while any order item
 * names it: an order is the business's record, and an archived product keeps it whole.
 *
 * Orders do not index the products they name, so the check reads the orders a page at a
 * time; a purge is a rare admin action, never part of a list.
 */

type PurgeDeps = Pick<AppDeps, 'store' | 'sql' | 'files' | 'logger'>;

const ORDER_PAGE = 500;


function namesProduct(items: unknown, id: string): boolean {
  return Array.isArray(items) && items.some((item) => typeof item === 'object' && item !== null && (item as { product_id?: unknown }).product_id === id);
}

/** Paths of up to `max` orders with an item naming the product. */
async function ordersNaming(deps: PurgeDeps, id: string, max: number): Promise<string[]> {
  const found: string[] = [];
  let startAfter: Cursor | undefined;
  for (;;) {
    const page = await deps.store.query({ collectionGroup: 'orders', limit: ORDER_PAGE, ...(startAfter ? { startAfter } : {}) });
    for (const order of page) {
      if (namesProduct(order.data.items, id)) found.push(order.path);
      if (found.length >= max) return found;
    }
    const last = page.at(-1);
    if (!last || page.length < ORDER_PAGE) return found;
    startAfter = cursorAfter(last);
  }
}

export async function purgeProduct(deps: PurgeDeps, id: string): Promise<ProductPurgeResult> {
  const path = productPath(id);
  if (!(await deps.store.get(path))) throw notFound('Product');
  const orders = await ordersNaming(deps, id, 3);
  if (orders.length > 0) {
    throw conflict(`Orders still name this product (${orders.join(', ')}): archive it instead, so they keep it`);
  }
  const folder = await deps.store.runTransaction(async (tx) => {
    const doc = await tx.get(path);
    if (!doc) throw notFound('Product');
    const sku = doc.data.sku;
    if (typeof sku === 'string' && sku !== '') {
      const reservation = await tx.get(`${PRODUCT_SKUS}/${sku}`);
      if (reservation?.data.product_id === id) tx.delete(reservation.path);
    }
    tx.delete(path);
    const stored = doc.data.nextcloud_folder;
    return typeof stored === 'string' && stored !== '' ? stored : null;
  });
  const media = await deps.sql.execute({ sql: 'DELETE FROM crm_media WHERE product_id = ?', args: [id] });
  let removedFolder: string | null = null;
  if (folder && deps.files) {
    await deps.files.remove(folder);
    removedFolder = folder;
  } else if (folder) {
    deps.logger.warn('purged product folder left on Nextcloud: no file storage configured', { productId: id, folder });
  }
  deps.logger.info('product purged', { productId: id, media: media.rowsAffected, folder: removedFolder });
  return { media_removed: media.rowsAffected, folder_removed: removedFolder };
}
