/**
 * One-time migration of the order timelines (issue 17.3): the sentences the server wrote
 * ("Status: Negotiating → Manufacturing") become the status move as data, worded by the SPA in
 * the reader's language; any other text stays the entry's note. Idempotent: a second run
 * changes nothing. Prints every order it changes.
 *
 *   npm run migrate-timeline-events -- --dry-run                      (embedded file data/crm.db)
 *   npm run migrate-timeline-events -- --store libsql --url libsql://crm.turso.io --auth-token …
 *   npm run migrate-timeline-events -- --store firestore --project bellsystems-prod   (application default credentials)
 */
import { parseArgs } from 'node:util';
import { migrateTimelineEvents } from '../functions/src/orders/timeline-events.migration.js';
import { exitWithUsage, openStore, storeOptions, storeUsage } from './store-cli.js';

const usage = ['usage: npm run migrate-timeline-events -- [--dry-run]', storeUsage].join('\n');
const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, ...storeOptions } });
if (values.help) exitWithUsage(usage);

const dryRun = values['dry-run'];
const store = await openStore(values, 'migrate-timeline-events', usage);
try {
  const report = await migrateTimelineEvents(store, {
    dryRun,
    now: () => new Date(),
    onOrder: (order) => {
      console.log(`${dryRun ? 'would change' : 'changed'} ${order.path}:`);
      for (const change of order.changes) console.log(`  - ${change}`);
    },
  });
  console.log(`${report.scanned} orders scanned, ${report.migrated.length} ${dryRun ? 'would change (dry run: nothing written)' : 'changed'}`);
} finally {
  await store.close();
}
