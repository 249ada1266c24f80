/**
 * The embedded mode: one Node process serving the SPA and the API on one port, documents and
 * comms in a libSQL file under the data folder, files in a local WebDAV folder, sign-in on the
 * Firebase Auth emulator. `npm start` runs it; the browser tests start it in-process.
 */
import express from 'express';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApp } from '../../functions/src/app/app.js';
import { systemClock, type AppDeps, type Logger } from '../../functions/src/http/deps.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import { spaSecurityHeaders } from '../../functions/src/http/spa-headers.js';
import { startAuthEmulator } from '../../functions/src/auth/auth-emulator.js';
import { adminAuth, firebaseAuthVerifier, firebaseUserDirectory } from '../../functions/src/auth/firebase-auth.js';
import { dispatchChange } from '../../functions/src/triggers/dispatch.js';
import { recordHistory } from '../../functions/src/history/history.wiring.js';
import { HistoryRepository } from '../../functions/src/history/history.repository.js';
import { drainAllJournals } from '../../functions/src/app/journal-processors.js';
import { startMailTimer } from '../../functions/src/mail/mail.timer.js';
import { seedDemoData } from '../../functions/src/seed/demo-data.js';
import { reindexStoredCustomers } from '../../functions/src/customers/customer-index.js';
import { reindexStoredProducts } from '../../functions/src/products/products.service.js';
import { startEmbeddedWebdav } from '../../functions/src/nextcloud/embedded-webdav.js';
import { createNextcloudClient } from '../../functions/src/nextcloud/nextcloud.client.js';
import { mountCallsWebhook } from '../../functions/src/calls/calls.webhook.js';
import { whatsappConfigFrom } from '../../functions/src/whatsapp/whatsapp.config.js';
import { mountWhatsAppWebhook } from '../../functions/src/whatsapp/whatsapp.webhook.js';
import type { Role } from '../../functions/src/auth/auth.types.js';
import { SERVER_LOCK } from '../backup.js';

export const PROJECT_ID = 'demo-bellsystems';
export const repoRoot = resolve(import.meta.dirname, '../..');

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  authPort: number;
  /** Fill an empty store with the demo data set. */
  seed: boolean;
  logger?: Logger;
}

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
  name: string;
}

export interface Embedded {
  url: string;
  logins: DemoLogin[];
  deps: AppDeps;
  stop(): Promise<void>;
}

const demoUsers: Omit<DemoLogin, 'password'>[] = [
  { role: 'admin', email: 'admin@bellsystems.gr', name: 'Μαρία Παπαδοπούλου' },
  { role: 'editor', email: 'editor@bellsystems.gr', name: 'Γιώργος Νικολάου' },
  { role: 'viewer', email: 'viewer@bellsystems.gr', name: 'Ελένη Δημητρίου' },
];

export async function startEmbedded(options: EmbeddedOptions): Promise<Embedded> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(join(dataDir, 'files'), { recursive: true });
  const logger = options.logger ?? consoleLogger;
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => logger.error('stop failed', { err: String(err) }));
  };

  try {
    const emulator = await startAuthEmulator({ port: options.authPort, dataDir: join(dataDir, 'auth') });
    cleanups.push(() => emulator.stop());
    process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;

    const store = await LibsqlDocStore.open({ url: `file:${join(dataDir, 'crm.db')}` });
    cleanups.push(() => store.close());
    await migrateSql(store.client);
    // The history of changes is written in each write's own transaction (functions/src/history/).
    cleanups.push(await recordHistory(store).then((stop) => async () => stop()));

    const webdav = await startEmbeddedWebdav({ root: join(dataDir, 'files') });
    cleanups.push(() => webdav.stop());

    const auth = adminAuth(PROJECT_ID);
    const deps: AppDeps = {
      store,
      sql: store.client,
      clock: systemClock,
      auth: firebaseAuthVerifier(auth),
      users: firebaseUserDirectory(auth),
      logger,
      files: createNextcloudClient(webdav.config),
      // The same names as the deployed params and secrets; unset, WhatsApp answers 503.
      ...whatsappDepsFromEnv(),
    };
    // Firestore triggers run in-process in this mode (DESIGN.md, "Triggers run everywhere").
    const unsubscribe = store.onChange((change) => dispatchChange(store, change));
    cleanups.push(async () => unsubscribe());

    // The scheduled `drainJournals` of production: retries integration deliveries that failed.
    const drainEveryMs = Number(process.env.JOURNAL_RETRY_SECONDS ?? 60) * 1000;
    const drainTimer = setInterval(() => {
      drainAllJournals(deps).catch((err: unknown) => logger.error('journal drain failed', { err: String(err) }));
    }, drainEveryMs);
    drainTimer.unref();
    cleanups.push(async () => clearInterval(drainTimer));
    // The history's retention, if an admin set one: entries older than it go once a day.
    const history = new HistoryRepository(store.client);
    const purgeTimer = setInterval(() => {
      history.purgeExpired(new Date()).catch((err: unknown) => logger.error('history purge failed', { err: String(err) }));
    }, 86_400_000);
    purgeTimer.unref();
    cleanups.push(async () => clearInterval(purgeTimer));
    // The scheduled `pollMail` of production: reads the mail accounts (MAIL_POLL_SECONDS, default 120).
    cleanups.push(startMailTimer(deps, dataDir, Number(process.env.MAIL_POLL_SECONDS ?? 120), logger));

    const logins = await ensureDemoUsers(deps, dataDir);
    if (options.seed) await seedOnce(deps, dataDir, logger);
    // Customers stored before the search keys gained a form keep stale keys until rewritten.
    void reindexStoredCustomers(store)
      .then((rewritten) => rewritten > 0 && logger.info('customers reindexed', { rewritten }))
      .catch((err: unknown) => logger.error('customer reindex failed', { err: String(err) }));
    void reindexStoredProducts(store)
      .then((rewritten) => rewritten > 0 && logger.info('products reindexed', { rewritten }))
      .catch((err: unknown) => logger.error('product reindex failed', { err: String(err) }));

    const server = await listen(spaAndApi(deps, emulator.host), options.port);
    cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
    const { port } = server.address() as AddressInfo;
    // Tells `npm run restore` that this folder is in use.
    const lock = join(dataDir, SERVER_LOCK);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, url: `http://127.0.0.1:${port}` }));
    cleanups.push(async () => rmSync(lock, { force: true }));
    return { url: `http://127.0.0.1:${port}`, logins, deps, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function spaAndApi(deps: AppDeps, authEmulatorHost: string): express.Express {
  const app = express();
  const dist = join(repoRoot, 'hosting/dist');
  // Firebase Hosting serves this reserved URL in production; here it also points at the emulator.
  app.get('/__/firebase/init.json', (_req, res) => {
    res.json({
      apiKey: 'demo-key',
      authDomain: `${PROJECT_ID}.firebaseapp.com`,
      projectId: PROJECT_ID,
      authEmulatorHost: `http://${authEmulatorHost}`,
    });
  });
  // Before the API's JSON parser: the bridge's signature is checked on the raw bytes.
  mountCallsWebhook(app, { ...deps, signingSecret: process.env.CALLS_SIGNING_SECRET ?? '' });
  // Meta's signature is checked on the raw bytes too.
  mountWhatsAppWebhook(app, deps);
  app.use(createApp(deps));
  // The SPA's security headers, as firebase.json sets them in production; the browser also calls the Auth emulator.
  const spaHeaders = spaSecurityHeaders([`http://${authEmulatorHost}`]);
  app.use((_req, res, next) => {
    res.set(spaHeaders);
    next();
  });
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.get(/.*/, (_req, res) => res.sendFile(join(dist, 'index.html')));
  return app;
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer(app);
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

/** Creates the three demo accounts on first run; their passwords live in the data folder. */
async function ensureDemoUsers(deps: AppDeps, dataDir: string): Promise<DemoLogin[]> {
  const file = join(dataDir, 'demo-logins.json');
  const saved: DemoLogin[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const auth = adminAuth(PROJECT_ID);
  const logins: DemoLogin[] = [];
  for (const user of demoUsers) {
    const known = saved.find((s) => s.email === user.email);
    const password = known?.password ?? randomBytes(6).toString('base64url');
    const existing = await auth.getUserByEmail(user.email).catch(() => null);
    const record = existing
      ? await auth.updateUser(existing.uid, { password, displayName: user.name })
      : await auth.createUser({ email: user.email, password, displayName: user.name });
    await deps.users.setRole(record.uid, user.role);
    logins.push({ ...user, password });
  }
  writeFileSync(file, JSON.stringify(logins, null, 2));
  return logins;
}

async function seedOnce(deps: AppDeps, dataDir: string, logger: Logger): Promise<void> {
  const marker = join(dataDir, 'seeded');
  if (existsSync(marker)) return;
  await seedDemoData(deps);
  writeFileSync(marker, new Date().toISOString());
  logger.info('demo data seeded');
}

const consoleLogger: Logger = {
  info: (message, fields) => {
    if (message !== 'request') console.log(message, fields ?? '');
  },
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

function whatsappDepsFromEnv(): Pick<AppDeps, 'whatsapp'> {
  const whatsapp = whatsappConfigFrom(process.env);
  return whatsapp ? { whatsapp } : {};
}
