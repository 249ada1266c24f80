/**
 * Turns customers' owned items into installations (issue 21; functions/src/installations/
 * installations.migration.ts). Idempotent: a second run changes nothing. Prints every customer
 * it changes.
 *
 *   npm run migrate-installations -- --dry-run                        (embedded file data/crm.db)
 *   npm run migrate-installations -- --store libsql --url libsql://crm.turso.io --auth-token …
 *   npm run migrate-installations -- --store firestore --project bellsystems-prod   (application default credentials)
 */
import { migrateInstallations } from '../functions/src/installations/installations.migration.js';
import { runCustomerMigration } from './store-cli.js';

await runCustomerMigration(
  { run: 'npm run migrate-installations --', appName: 'migrate-installations' },
  migrateInstallations,
  (report, dryRun) =>
    `${report.scanned} customers scanned, ${report.migrated.length} ${dryRun ? 'would change' : 'changed'}, ` +
    `${report.created} installations ${dryRun ? 'would be created (dry run: nothing written)' : 'created'}`,
);
