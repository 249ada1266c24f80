/**
 * Turns customers' owned items into installations (issue 21; functions/src/installations/
 * installations.migration.ts). Idempotent: a second run changes nothing. Prints every customer
 * it changes.
 *
 *   npm run migrate-installations -- --dry-run                        (embedded file data/crm.db)
 *   npm run migrate-installations -- --store libsql --url libsql://crm.turso.io --auth-token …
 *   npm run migrate-installations -- --store firestore --project bellsystems-prod   (application default credentials)
 */
import { parseArgs } from 'node:util';
import { migrateInstallations } from '../functions/src/installations/installations.migration.js';
import { exitWithUsage, openStore, storeOptions, storeUsage } from './store-cli.js';

const usage = ['usage: npm run migrate-installations -- [--dry-run]', storeUsage].join('\n');
const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, ...storeOptions } });
if (values.help) exitWithUsage(usage);

const dryRun = values['dry-run'];
const store = await openStore(values, 'migrate-installations', usage);
try {
  const report = await migrateInstallations(store, {
    dryRun,
    now: () => new Date(),
    onCustomer: (customer) => {
      console.log(`${dryRun ? 'would change' : 'changed'} crm_customers/${customer.id} (${customer.name}):`);
      for (const change of customer.changes) console.log(`  - ${change}`);
    },
  });
  console.log(
    `${report.scanned} customers scanned, ${report.migrated.length} ${dryRun ? 'would change' : 'changed'}, ` +
      `${report.created} installations ${dryRun ? 'would be created (dry run: nothing written)' : 'created'}`,
  );
} finally {
  await store.close();
}
