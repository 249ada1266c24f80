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
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { parseArgs } from 'node:util';
import { migrateCustomerFlags } from '../functions/src/customers/customer-flags.migration.js';
import type { DocStore } from '../functions/src/store/docstore.js';
import { FirestoreDocStore } from '../functions/src/store/firestore/firestore.store.js';
import { loadIndexConfig } from '../functions/src/store/indexes.js';
import { LibsqlDocStore } from '../functions/src/store/libsql/libsql.store.js';

const usage = [
  'usage: tsx scripts/migrate-customer-flags.ts [--dry-run]',
  '         [--store libsql] [--url file:data/crm.db] [--auth-token <token>]',
  '         --store firestore --project <id>   (FIRESTORE_EMULATOR_HOST for an emulator, else application default credentials)',
].join('\n');

const { values } = parseArgs({
  options: {
    'dry-run': { type: 'boolean', default: false },
    store: { type: 'string', default: 'libsql' },
    url: { type: 'string', default: 'file:data/crm.db' },
    'auth-token': { type: 'string' },
    project: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

async function openStore(): Promise<DocStore> {
  if (values.store === 'libsql') {
    const authToken = values['auth-token'] ?? process.env.TURSO_AUTH_TOKEN;
    return LibsqlDocStore.open({ url: values.url, ...(authToken ? { authToken } : {}) });
  }
  if (values.store === 'firestore') {
    const projectId = values.project ?? process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT;
    if (!projectId) {
      console.error(`--store firestore needs --project\n${usage}`);
      process.exit(2);
    }
    const app = initializeApp({ projectId }, 'migrate-customer-flags');
    return new FirestoreDocStore(getFirestore(app), { indexes: loadIndexConfig() });
  }
  console.error(`unknown --store ${values.store}\n${usage}`);
  process.exit(2);
}

const dryRun = values['dry-run'];
const store = await openStore();
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
