/**
 * One-time migration of the legacy customer flags (spec 002, section 5):
 * `negotiating: true` → a negotiating order + relationship active; `has_problem: true` → an
 * active technical issue; both flags removed; missing index fields stored. Idempotent: a
 * second run changes nothing. Prints every customer it changes.
 *
 *   tsx scripts/migrate-customer-flags.ts --dry-run                   (embedded file data/crm.db)
 *   tsx scripts/migrate-customer-flags.ts --store libsql --url file:other.db
 *   tsx scripts/migrate-customer-flags.ts --store libsql --url libsql://crm.turso.io --auth-token …
 */
import { parseArgs } from 'node:util';
import { migrateCustomerFlags } from '../functions/src/customers/customer-flags.migration.js';
import { LibsqlDocStore } from '../functions/src/store/libsql/libsql.store.js';

const usage = `usage: tsx scripts/migrate-customer-flags.ts [--dry-run] [--store libsql] [--url file:data/crm.db] [--auth-token <token>]`;

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    store: { type: 'string', default: 'libsql' },
    url: { type: 'string', default: 'file:data/crm.db' },
    'auth-token': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.store !== 'libsql') {
  console.error(`unknown --store ${values.store}\n${usage}`);
  process.exit(2);
}

const dryRun = values['dry-run'];
const authToken = values['auth-token'] ?? process.env.TURSO_AUTH_TOKEN;
const store = await LibsqlDocStore.open({ url: values.url, ...(authToken ? { authToken } : {}) });
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
