/**
 * The `api` function's dependencies in production: Firestore behind the DocStore, Turso for
 * comms and media, Firebase Auth, Nextcloud for files, Cloud Logging. Loaded by the handler on
 * the first request, never at import.
 */
import { createClient } from '@libsql/client';
import { getApps, initializeApp, type App } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore } from 'firebase-admin/firestore';
import * as cloudLogger from 'firebase-functions/logger';
import { firebaseAuthVerifier, firebaseUserDirectory } from '../auth/firebase-auth.js';
import { systemClock, type Logger } from '../http/deps.js';
import type { AppDeps } from '../app/deps.js';
import { withRequestContext } from '../http/request-context.js';
import { registerSecret, scrubbingLogger } from '../shared/secrets.js';
import { createNextcloudClient } from '../nextcloud/nextcloud.client.js';
import { nextcloudConfigFromParams, nextcloudUrl, type NextcloudConfig } from '../nextcloud/nextcloud.config.js';
import { tursoAuthToken, tursoUrl } from './params.js';
import { integrationsInUse } from './integrations.js';
import { FirestoreDocStore } from '../store/firestore/firestore.store.js';
import { migrateSql } from '../sql/migrations.js';

export interface ProductionConfig {
  tursoUrl: string;
  /** Empty for a local `file:` database. */
  tursoAuthToken: string;
  /** Null when Nextcloud is not configured: the file routes then answer 503. */
  nextcloud: NextcloudConfig | null;
}

export function createProductionDeps(config: ProductionConfig): AppDeps {
  if (!config.tursoUrl) throw new Error('TURSO_URL is not set: the comms log needs a libSQL database');
  registerSecret(config.tursoAuthToken);
  // In Cloud Functions the default app finds its project and credentials in the environment.
  const app: App = getApps().find((candidate) => candidate.name === '[DEFAULT]') ?? initializeApp();
  const auth = getAuth(app);
  return {
    store: new FirestoreDocStore(getFirestore(app)),
    sql: createClient({ url: config.tursoUrl, authToken: config.tursoAuthToken || undefined }),
    clock: systemClock,
    auth: firebaseAuthVerifier(auth),
    users: firebaseUserDirectory(auth),
    // Every line of a request carries its id, user and route.
    logger: scrubbingLogger(withRequestContext(structuredLogger)),
    ...(config.nextcloud ? { files: createNextcloudClient(config.nextcloud) } : {}),
  };
}

let fromParams: Promise<AppDeps> | undefined;

/**
 * The production dependencies from the deployed params and secrets, made once per instance,
 * with the libSQL schema migrated: the repositories trust it from then on. Call inside a
 * handler whose function lists `tursoAuthToken` and `nextcloudAppPassword` in its `secrets`.
 * A failure is not remembered, so the next call tries again.
 */
export function productionDepsFromParams(): Promise<AppDeps> {
  fromParams ??= withSqlSchema(
    createProductionDeps({
      tursoUrl: tursoUrl.value(),
      tursoAuthToken: tursoAuthToken.value(),
      nextcloud: integrationsInUse().has('nextcloud') && nextcloudUrl.value() ? nextcloudConfigFromParams() : null,
    }),
  ).catch((err: unknown) => {
    fromParams = undefined;
    throw err;
  });
  return fromParams;
}

async function withSqlSchema(deps: AppDeps): Promise<AppDeps> {
  await migrateSql(deps.sql);
  return deps;
}

/** Cloud Logging keeps the fields as structured JSON (jsonPayload). */
const structuredLogger: Logger = {
  info: (message, fields) => cloudLogger.info(message, fields ?? {}),
  warn: (message, fields) => cloudLogger.warn(message, fields ?? {}),
  error: (message, fields) => cloudLogger.error(message, fields ?? {}),
};
