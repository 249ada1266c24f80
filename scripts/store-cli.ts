/**
 * The `--store` options the one-off maintenance scripts share: the embedded libSQL file (the
 * default), a Turso database, or Firestore (a project, or the emulator through FIRESTORE_EMULATOR_HOST).
 */
import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { DocStore } from '../functions/src/store/docstore.js';
import { FirestoreDocStore } from '../functions/src/store/firestore/firestore.store.js';
import { loadIndexConfig } from '../functions/src/store/indexes.js';
import { LibsqlDocStore } from '../functions/src/store/libsql/libsql.store.js';
import { recordHistory } from '../functions/src/history/history.wiring.js';
import { migrateSql } from '../functions/src/sql/migrations.js';

export const storeOptions = {
  store: { type: 'string', default: 'libsql' },
  url: { type: 'string', default: 'file:data/crm.db' },
  'auth-token': { type: 'string' },
  project: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const storeUsage = [
  '         [--store libsql] [--url file:data/crm.db] [--auth-token <token>]',
  '         --store firestore --project <id>   (FIRESTORE_EMULATOR_HOST for an emulator, else application default credentials)',
].join('\n');

export function exitWithUsage(usage: string): never {
  console.log(usage);
  process.exit(0);
}

export async function openStore(
  values: { store?: string; url?: string; 'auth-token'?: string; project?: string },
  appName: string,
  usage: string,
): Promise<DocStore> {
  if (values.store === 'libsql') {
    const authToken = values['auth-token'] ?? process.env.TURSO_AUTH_TOKEN;
    const store = await LibsqlDocStore.open({ url: values.url ?? 'file:data/crm.db', ...(authToken ? { authToken } : {}) });
    // A script's writes are history too, in the same transaction as on the server: its table must exist.
    await migrateSql(store.client);
    await recordHistory(store);
    return store;
  }
  if (values.store === 'firestore') {
    const projectId = values.project ?? process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT;
    if (!projectId) {
      console.error(`--store firestore needs --project\n${usage}`);
      process.exit(2);
    }
    const app = initializeApp({ projectId }, appName);
    return new FirestoreDocStore(getFirestore(app), { indexes: loadIndexConfig() });
  }
  console.error(`unknown --store ${values.store}\n${usage}`);
  process.exit(2);
}

/** A customer migration as functions/src defines them: a store and options in, a report out. */
type CustomerMigrate<Report> = (
  store: DocStore,
  options: { dryRun: boolean; now: () => Date; onCustomer: (customer: { id: string; name: string; changes: string[] }) => void },
) => Promise<Report>;

/**
 * A customer migration's command line: `--dry-run` and the store options, every customer it
 * changes printed as it goes, then the migration's own summary line.
 */
export async function runCustomerMigration<Report>(
  command: { run: string; appName: string },
  migrate: CustomerMigrate<Report>,
  summary: (report: Report, dryRun: boolean) => string,
): Promise<void> {
  const usage = [`usage: ${command.run} [--dry-run]`, storeUsage].join('\n');
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, ...storeOptions } });
  if (values.help) exitWithUsage(usage);
  const dryRun = values['dry-run'];
  const store = await openStore(values, command.appName, usage);
  try {
    const report = await migrate(store, {
      dryRun,
      now: () => new Date(),
      onCustomer: (customer) => {
        console.log(`${dryRun ? 'would change' : 'changed'} crm_customers/${customer.id} (${customer.name}):`);
        for (const change of customer.changes) console.log(`  - ${change}`);
      },
    });
    console.log(summary(report, dryRun));
  } finally {
    await store.close();
  }
}
