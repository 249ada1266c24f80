/**
 * `npm run move-to-production -- --from data/ --project <firebase project> --turso-url <url>`:
 * moves an office that started with `npm start` to Firebase and Turso. Copies every document of
 * the embedded store to Firestore, every row of the comms log, media index, journals, history and
 * the other libSQL tables to Turso (same rowids, so the timeline's order and the full-text index
 * stay as they were), and the sign-in accounts to Firebase Auth with their roles (passwords are
 * not moved: each new account gets a link to set one). Files stay where Nextcloud has them.
 *
 * Safe to interrupt and to run again: documents are written whole (a second write is the same
 * write), rows only where their rowid is not there yet, accounts only when missing, and the
 * progress file in --from lets a second run skip what is done. It ends with a verification: per
 * collection and per table, the count and a content hash on both sides.
 *
 * Credentials: TURSO_AUTH_TOKEN from the environment; Firestore and Firebase Auth from application
 * default credentials (`gcloud auth application-default login`), or their emulators through
 * FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST. Run it before the first deploy (or
 * with the functions not yet taking traffic), so nothing writes while it copies.
 */
import { createClient, type Client } from '@libsql/client';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import type { DocStore } from '../../functions/src/store/docstore.js';
import { FirestoreDocStore } from '../../functions/src/store/firestore/firestore.store.js';
import { loadIndexConfig } from '../../functions/src/store/indexes.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import { copyAccounts, verifyAccounts } from './accounts.js';
import { copyDocuments, verifyDocuments } from './documents.js';
import { copyTables, verifyTables } from './tables.js';
import type { Progress } from './progress.js';
import { runningServer } from '../backup.js';

const usage = 'usage: npm run move-to-production -- --from <data dir> --project <firebase project id> --turso-url <libsql://…>';
const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    project: { type: 'string' },
    'turso-url': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.from || !values.project || !values['turso-url']) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}

const from = resolve(values.from);
const database = join(from, 'crm.db');
if (!existsSync(database)) {
  console.error(`${database} does not exist: --from names the embedded data folder (DATA_DIR, default data/)`);
  process.exit(2);
}
const server = runningServer(from);
if (server) {
  console.error(`the embedded server (pid ${server.pid}) is running on ${from}: stop it first, so nothing changes while it is copied`);
  process.exit(2);
}

const progressFile = join(from, 'move-to-production.json');
const progress: Progress = existsSync(progressFile) ? (JSON.parse(readFileSync(progressFile, 'utf8')) as Progress) : { documents: null, tables: {} };
const saveProgress = () => writeFileSync(progressFile, JSON.stringify(progress, null, 2));

const source = await LibsqlDocStore.open({ url: `file:${database}` });
const turso: Client = createClient({ url: values['turso-url'], authToken: process.env.TURSO_AUTH_TOKEN, timeout: 30_000 });
const app = initializeApp({ projectId: values.project }, 'move-to-production');
const firestore: DocStore = new FirestoreDocStore(getFirestore(app), { indexes: loadIndexConfig() });
const auth = getAuth(app);

try {
  console.log(`moving ${from} to Firestore and Firebase Auth of ${values.project} and to ${values['turso-url']}`);
  const { applied, current } = await migrateSql(turso);
  console.log(`Turso schema ${applied.length > 0 ? `migrated to ${current}` : `already at ${current}`}`);
  await copyDocuments(source, firestore, progress, saveProgress);
  await copyTables(source.client, turso, progress, saveProgress);
  const invitations = await copyAccounts(source.client, auth);
  for (const invitation of invitations) console.log(`  invite ${invitation.email}: ${invitation.link}`);

  console.log('\nverification (source | target):');
  const checks = [...(await verifyDocuments(source, firestore)), ...(await verifyTables(source.client, turso)), await verifyAccounts(source.client, auth)];
  for (const check of checks) {
    const same = check.source.count === check.target.count && check.source.hash === check.target.hash;
    console.log(`  ${same ? 'ok  ' : 'DIFF'} ${check.name.padEnd(36)} ${check.source.count} ${check.source.hash.slice(0, 16)} | ${check.target.count} ${check.target.hash.slice(0, 16)}`);
  }
  const differing = checks.filter((check) => check.source.count !== check.target.count || check.source.hash !== check.target.hash);
  if (differing.length > 0) {
    console.error(`\n${differing.length} differ: run the command again (it resumes); if they still differ, something wrote to a side meanwhile`);
    process.exitCode = 1;
  } else {
    console.log('\neverything is in production. Next: deploy (npm run deploy), send the invitations above, point staff at the new address.');
  }
} finally {
  await source.close();
  turso.close();
}
