/**
 * The body of the `api` function, apart from its trigger so tests and benchmarks call it
 * directly. It stays light at import: the Express app and the production dependencies (and
 * with them firebase-admin, libSQL, the domain services) load on the first request, once.
 */
import type { Request, Response } from 'express';
import { lazyHandler } from '../http/lazy-handler.js';

type RequestListener = (req: Request, res: Response) => void;

async function loadApi(): Promise<RequestListener> {
  const [{ createApp }, { productionDepsFromParams }, { withWhatsAppFromParams }, { FirestoreDocStore }, { deletionIntentHook }] = await Promise.all([
    import('./app.js'),
    import('../config/production-deps.js'),
    import('../whatsapp/whatsapp.config.js'),
    import('../store/firestore/firestore.store.js'),
    import('../history/history.deletions.js'),
  ]);
  const deps = withWhatsAppFromParams(await productionDepsFromParams());
  // Firestore's delete events name no author: the API's deletes leave who made them (history of changes).
  if (deps.store instanceof FirestoreDocStore) deps.store.addWriteHook(deletionIntentHook());
  return createApp(deps);
}

export const handleApi = lazyHandler('api', loadApi, (app, req, res) =>
  // Cloud Functions holds the instance until the response is finished.
  new Promise<void>((resolve) => {
    res.once('finish', resolve);
    res.once('close', resolve);
    app(req, res);
  }),
);
