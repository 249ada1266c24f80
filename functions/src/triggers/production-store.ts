import type { DocStore } from '../store/docstore.js';

let store: Promise<DocStore> | undefined;

/**
 * The deployed triggers' DocStore: Firestore on firebase-admin's default app, made once per
 * instance, on the first event (firebase-admin is heavy to import).
 */
export function productionStore(): Promise<DocStore> {
  store ??= (async () => {
    const [{ getApps, initializeApp }, { getFirestore }, { FirestoreDocStore }] = await Promise.all([
      import('firebase-admin/app'),
      import('firebase-admin/firestore'),
      import('../store/firestore/firestore.store.js'),
    ]);
    const app = getApps().find((a) => a.name === '[DEFAULT]') ?? initializeApp();
    return new FirestoreDocStore(getFirestore(app));
  })();
  return store;
}
