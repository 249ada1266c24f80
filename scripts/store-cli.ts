/**
 * The `--store` options the one-off maintenance scripts share: the embedded libSQL file (the
 * default), a Turso database, or Firestore (a project, or the emulator through FIRESTORE_EMULATOR_HOST).
 */
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
