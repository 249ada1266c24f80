/**
 * Rewrites the list and search keys of every stored customer and product whose keys are not
 * what the current code computes (after an upgrade that changes them: archived/live scopes,
 * Greek first-name forms). Embedded mode does this at every start; run it once on Firestore
 * after a deploy. Idempotent: a second run rewrites nothing.
 *
 *   tsx scripts/reindex.ts                                         (embedded file data/crm.db)
 *   tsx scripts/reindex.ts --store firestore --project bellsystems-crm   (application default credentials)
 */
import { reindexStoredCustomers } from '../functions/src/customers/customer-index.js';
import { reindexStoredProducts } from '../functions/src/products/products.service.js';
import { parseArgs } from 'node:util';
import { exitWithUsage, openStore, storeOptions, storeUsage } from './store-cli.js';

const usage = ['usage: tsx scripts/reindex.ts', storeUsage].join('\n');
const { values } = parseArgs({ options: storeOptions });
if (values.help) exitWithUsage(usage);
const store = await openStore(values, 'reindex', usage);
try {
  const customers = await reindexStoredCustomers(store);
  const products = await reindexStoredProducts(store);
  console.log(`rewrote the keys of ${customers} customers and ${products} products`);
} finally {
  await store.close();
}
