/**
 * The contract suite on the Firestore adapter, against `@firestore-emulator/server` (an
 * in-process gRPC stand-in, because the real emulator needs Java 21 and a download we cannot
 * do here), and against a real emulator when FIRESTORE_EMULATOR_HOST is set.
 */
import { randomBytes } from 'node:crypto';
import { Firestore } from 'firebase-admin/firestore';
import { afterAll } from 'vitest';
import { docStoreContract } from '../test-support/docstore.contract.js';
import { startStandIn } from '../test-support/firestore-stand-in.js';
import type { IndexConfig } from '../indexes.js';
import { FirestoreDocStore } from './firestore.store.js';

const NO_COLLECTION_GROUPS = 'it has no collection-group queries (allDescendants is ignored)';
const NO_CURSORS = 'it ignores startAfter cursors, so every page is the first page';
const NOT_ATOMIC = "it applies a commit's writes one by one, so a failing write leaves the earlier ones applied";

/**
 * The stand-in's gaps, each checked against its source (node_modules/@firestore-emulator/
 * server/src/FirestoreState): the cases it cannot run, and why. They run on the libSQL
 * adapter and on a real emulator.
 */
const STAND_IN_GAPS: Record<string, string> = {
  'a collection-group query finds documents under every parent': NO_COLLECTION_GROUPS,
  'a collection-group query pages by full path': NO_COLLECTION_GROUPS,
  'several transforms in one write': 'it applies only one field transform per write',
  'transforms apply to nested field paths': 'getField() throws "Not implemented" for dotted paths',
  'filters reach nested fields by dotted path': 'getField() throws "Not implemented" for dotted paths',
  'set replaces the whole document': 'a write without an update mask merges into the document instead of replacing it',
  'delete removes a field in update (dotted) and in set with merge':
    'fields named in the update mask but absent from the data (FieldValue.delete) are kept',
  '== null matches fields holding null only': 'it ignores unary filters (IS_NULL), so == null matches every document',
  'range filters match only values of the same type and exclude missing fields':
    'an integer and a double never compare (2.5 > 1 is false)',
  '!= and not-in exclude null and missing fields': 'it keeps null in != / not-in and never compares integers with doubles',
  'orderBy excludes documents missing the field and orders across types': 'orderBy keeps documents that lack the field',
  'startAfter pages through ties without repeating or skipping': NO_CURSORS,
  'startAfter pages a descending order': NO_CURSORS,
  'startAfter with no orderBy pages by document path': NO_CURSORS,
  'startAfter pages an equality plus orderBy query': NO_CURSORS,
  'a transaction whose commit fails writes nothing': NOT_ATOMIC,
  'a batch with a failing write writes nothing': NOT_ATOMIC,
  '50 concurrent transactional increments end at exactly 50':
    'transactions are not isolated: no locks and no aborts, so concurrent increments overwrite each other',
};

function firestoreAt(host: string, projectId: string): Firestore {
  return new Firestore({ projectId, host, ssl: false });
}

let standIn: { host: string; stop(): void } | undefined;
afterAll(() => standIn?.stop());

for (const [name, gap] of Object.entries(STAND_IN_GAPS)) console.info(`stand-in emulator skips "${name}": ${gap}`);

docStoreContract('Firestore adapter on @firestore-emulator/server', {
  open: async (indexes: IndexConfig) => {
    standIn = await startStandIn();
    return new FirestoreDocStore(firestoreAt(standIn.host, 'demo-contract'), { indexes, maxTransactionAttempts: 100 });
  },
  skip: STAND_IN_GAPS,
});

const realEmulator = process.env.FIRESTORE_EMULATOR_HOST;
if (realEmulator) {
  docStoreContract(`Firestore adapter on the Firestore emulator at ${realEmulator}`, {
    open: async (indexes: IndexConfig) =>
      new FirestoreDocStore(firestoreAt(realEmulator, `demo-contract-${randomBytes(3).toString('hex')}`), {
        indexes,
        maxTransactionAttempts: 100,
      }),
  });
}
