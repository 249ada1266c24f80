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
import { runCustomerMigration } from './store-cli.js';

await runCustomerMigration(
  { run: 'tsx scripts/migrate-customer-flags.ts', appName: 'migrate-customer-flags' },
  migrateCustomerFlags,
  (report, dryRun) => `${report.scanned} customers scanned, ${report.migrated.length} ${dryRun ? 'would change (dry run: nothing written)' : 'changed'}`,
);
