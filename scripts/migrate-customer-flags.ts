/**
 * One-time migration of the legacy customer flags (spec 002, section 5):
 * `negotiating: true` → a negotiating order + relationship active; `has_problem: true` → an
 * active technical issue; both flags removed; missing index fields stored. Idempotent: a
 * second run changes nothing. Prints every customer it changes.
 *
 *   tsx scripts/migrate-customer-flags.ts --dry-run                   (embedded file data/crm.db)
 *   tsx scripts/migrate-customer-flags.ts --store libsql --url file:other.db
 *   tsx scripts/migrate-customer-flags.ts --store libsql --url libsql://crm.turso.io --auth-token …
 *   FIRESTORE_EMULATOR_HOST=127.0.0.1:8080 tsx scripts/migrate-customer-flags.ts --store firestore --project demo-bellsystems
 *   tsx scripts/migrate-customer-flags.ts --store firestore --project bellsystems-prod   (application default credentials)
 */
import { migrateCustomerFlags } from '../functions/src/customers/customer-flags.migration.js';
import { parseArgs } from 'node:util';
import { exitWithUsage, openStore, storeOptions, storeUsage } from './store-cli.js';

const usage = ['usage: tsx scripts/migrate-customer-flags.ts [--dry-run]', storeUsage].join('\n');
const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, ...storeOptions } });
if (values.help) exitWithUsage(usage);

const dryRun = values['dry-run'];
const store = await openStore(values, 'migrate-customer-flags', usage);
try {
  const report = await migrateCustomerFlags(store, {
    dryRun,
    now: () => new Date(),
    onCustomer: (customer) => {
      console.log(`${dryRun ? 'would change' : 'changed'} crm_customers/${customer.id} (${customer.name}):`);
      for (const change of customer.changes) console.log(`  - ${change}`);
    },
  });
  console.log(
    `${report.scanned} customers scanned, ${report.migrated.length} ${dryRun ? 'would change (dry run: nothing written)' : 'changed'}`,
  );
} finally {
  await store.close();
}
