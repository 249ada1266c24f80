/**
 * The embedded mode: one Node process serving the SPA and the API on one port, documents and
 * comms in a libSQL file under the data folder, files in a local WebDAV folder, sign-in checked
 * by the server itself (accounts in the same file, sessions it signs: functions/src/auth/local-auth.ts)
 * through the same origin. `npm start` runs it; the browser tests start it in-process.
 */
import express from 'express';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createHmac } from 'node:crypto';
import { createApp } from '../../functions/src/app/app.js';
import { systemClock, type Logger } from '../../functions/src/http/deps.js';
import type { AppDeps } from '../../functions/src/app/deps.js';
import { LibsqlDocStore } from '../../functions/src/store/libsql/libsql.store.js';
import { migrateSql } from '../../functions/src/sql/migrations.js';
import { spaSecurityHeaders } from '../../functions/src/http/spa-headers.js';
import { LocalAuth } from '../../functions/src/auth/local-auth.js';
import { localUserDirectory } from '../../functions/src/auth/local-directory.js';
import { loadSessionKey } from '../../functions/src/auth/session-token.js';
import { hashPassword, verifyPassword } from '../../functions/src/auth/password-hash.js';
import { dispatchChange } from '../../functions/src/triggers/dispatch.js';
import { recordHistory } from '../../functions/src/history/history.wiring.js';
import { drainAllJournals } from '../../functions/src/app/journal-processors.js';
import { buildRepositories } from '../../functions/src/app/repositories.js';
import { startMailTimer } from '../../functions/src/mail/mail.timer.js';
import { expireSentQuotes } from '../../functions/src/quotes/quote-expiry.js';
import { autoTaskSourcesFrom, runTaskDigests } from '../../functions/src/app/auto-tasks.js';
import { runAutoTasks } from '../../functions/src/tasks/tasks.auto.js';
import { startJobTimer } from '../../functions/src/tasks/tasks.timer.js';
import { seedDemoData } from '../../functions/src/seed/demo-data.js';
import { CommsLog } from '../../functions/src/comms/comms.log.js';
import { reindexStoredCustomers } from '../../functions/src/customers/customer-index.js';
import { reindexStoredProducts } from '../../functions/src/products/products.service.js';
import { startEmbeddedWebdav } from '../../functions/src/nextcloud/embedded-webdav.js';
import { createNextcloudClient } from '../../functions/src/nextcloud/nextcloud.client.js';
import { mountCallsWebhook } from '../../functions/src/calls/calls.webhook.js';
import { whatsappConfigFrom } from '../../functions/src/whatsapp/whatsapp.config.js';
import { mountWhatsAppWebhook } from '../../functions/src/whatsapp/whatsapp.webhook.js';
import type { Role } from '../../functions/src/auth/auth.types.js';
import { SERVER_LOCK } from '../backup.js';
import { importEmulatorAccounts } from './auth-import.js';
import { scrubbingLogger } from '../../functions/src/shared/secrets.js';

export const PROJECT_ID = 'demo-bellsystems';
export const repoRoot = resolve(import.meta.dirname, '../..');

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** The address to listen on: 127.0.0.1 (this machine only) unless told, 0.0.0.0 for the office LAN. */
  host?: string;
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
  /** The URL on this machine (loopback, or the host listened on). */
  url: string;
  /** The port listened on. */
  port: number;
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
  // No line it writes carries a secret the server holds (functions/src/shared/secrets.ts).
  const logger = scrubbingLogger(options.logger ?? consoleLogger);
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => logger.error('stop failed', { err: String(err) }));
  };

  try {
    const store = await LibsqlDocStore.open({ url: `file:${join(dataDir, 'crm.db')}` });
    cleanups.push(() => store.close());
    await migrateSql(store.client);
    const sessionKey = loadSessionKey(dataDir);
    const localAuth = new LocalAuth({ sql: store.client, key: sessionKey });
    const imported = await importEmulatorAccounts(dataDir, localAuth);
    if (imported > 0) logger.info('sign-in accounts moved from the Auth emulator export into the database', { imported });
    // The history of changes is written in each write's own transaction (functions/src/history/).
    cleanups.push(await recordHistory(store).then((stop) => async () => stop()));

    const webdav = await startEmbeddedWebdav({ root: join(dataDir, 'files') });
    cleanups.push(() => webdav.stop());

    const deps: AppDeps = {
      store,
      sql: store.client,
      clock: systemClock,
      auth: localAuth,
      users: localUserDirectory(localAuth),
      localAuth,
      logger,
      files: createNextcloudClient(webdav.config),
      // The same names as the deployed params and secrets; unset, WhatsApp answers 503.
      ...whatsappDepsFromEnv(),
    };
    // The timers' repositories and comms log, one of each for the process (the app builds its own in buildRoutes).
    const repos = buildRepositories(store.client);
    const comms = new CommsLog(deps);
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
    // The scheduled `expireQuotes` of production: sent quotes past their validity (QUOTE_EXPIRY_SECONDS, default 3600).
    const expireQuotesNow = () => {
      expireSentQuotes(deps.store, deps.clock).catch((err: unknown) => logger.error('quote expiry failed', { err: String(err) }));
    };
    expireQuotesNow();
    const expiryTimer = setInterval(expireQuotesNow, Number(process.env.QUOTE_EXPIRY_SECONDS ?? 3600) * 1000);
    expiryTimer.unref();
    cleanups.push(async () => clearInterval(expiryTimer));
    // The history's retention, if an admin set one: entries older than it go once a day.
    const purgeTimer = setInterval(() => {
      repos.history.purgeExpired(new Date()).catch((err: unknown) => logger.error('history purge failed', { err: String(err) }));
    }, 86_400_000);
    purgeTimer.unref();
    cleanups.push(async () => clearInterval(purgeTimer));
    // The scheduled `pollMail` of production: reads the mail accounts (MAIL_POLL_SECONDS, default 120).
    cleanups.push(startMailTimer(deps, comms, repos, dataDir, Number(process.env.MAIL_POLL_SECONDS ?? 120), logger));
    // The scheduled `runAutomaticTasks` of production (TASKS_RUN_SECONDS, default 300).
    const taskSources = autoTaskSourcesFrom(process.env);
    cleanups.push(startJobTimer('automatic tasks', () => runAutoTasks(deps, taskSources, deps.clock.now()), Number(process.env.TASKS_RUN_SECONDS ?? 300), logger));

    const logins = await ensureDemoUsers(localAuth, sessionKey);
    if (options.seed) await seedOnce(deps, dataDir, logger, () => runAutoTasks(deps, taskSources, deps.clock.now()));
    // Customers stored before the search keys gained a form keep stale keys until rewritten.
    void reindexStoredCustomers(store)
      .then((rewritten) => rewritten > 0 && logger.info('customers reindexed', { rewritten }))
      .catch((err: unknown) => logger.error('customer reindex failed', { err: String(err) }));
    void reindexStoredProducts(store)
      .then((rewritten) => rewritten > 0 && logger.info('products reindexed', { rewritten }))
      .catch((err: unknown) => logger.error('product reindex failed', { err: String(err) }));

    const host = options.host ?? '127.0.0.1';
    const server = await listen(spaAndApi(deps), options.port, host);
    cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
    const { port } = server.address() as AddressInfo;
    // Listening on every address: this machine still reaches it on loopback.
    const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
    // Tells `npm run restore` that this folder is in use.
    // The scheduled `sendTaskDigests` of production (TASKS_DIGEST_SECONDS, default 60).
    const publicUrl = `http://127.0.0.1:${port}`;
    cleanups.push(startJobTimer('task digest', () => runTaskDigests(deps, process.env, publicUrl), Number(process.env.TASKS_DIGEST_SECONDS ?? 60), logger));
    const lock = join(dataDir, SERVER_LOCK);
    writeFileSync(lock, JSON.stringify({ pid: process.pid, url }));
    cleanups.push(async () => rmSync(lock, { force: true }));
    return { url, port, logins, deps, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function spaAndApi(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const dist = join(repoRoot, 'hosting/dist');
  // Firebase Hosting serves this reserved URL in production; here it tells the SPA to sign in
  // through this origin (POST /api/auth/sign-in) instead of at Firebase Auth.
  app.get('/__/firebase/init.json', (_req, res) => {
    res.json({ apiKey: 'demo-key', authDomain: `${PROJECT_ID}.firebaseapp.com`, projectId: PROJECT_ID, authMode: 'local' });
  });
  // Before the API's JSON parser: the bridge's signature is checked on the raw bytes.
  mountCallsWebhook(app, { ...deps, signingSecret: process.env.CALLS_SIGNING_SECRET ?? '' });
  // Meta's signature is checked on the raw bytes too.
  mountWhatsAppWebhook(app, deps);
  app.use(createApp(deps));
  // The SPA's security headers, as firebase.json sets them in production; sign-in is same-origin.
  const spaHeaders = spaSecurityHeaders();
  app.use((_req, res, next) => {
    res.set(spaHeaders);
    next();
  });
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.get(/.*/, (_req, res) => res.sendFile(join(dist, 'index.html')));
  return app;
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer(app);
    server.once('error', fail);
    server.listen(port, host, () => done(server));
  });
}

/**
 * The demo accounts' password: derived from the session key, so it is the same at every start
 * and no file holds it (whoever can read the key can sign in anyway).
 */
function demoPassword(key: Buffer, email: string): string {
  return createHmac('sha256', key).update(`demo-login:${email}`).digest('base64url').slice(0, 12);
}

/** Creates the three demo accounts on first run; answers those whose demo password still works. */
async function ensureDemoUsers(auth: LocalAuth, key: Buffer): Promise<DemoLogin[]> {
  const by = { uid: 'script:embedded', name: 'embedded server' };
  const logins: DemoLogin[] = [];
  for (const user of demoUsers) {
    const password = demoPassword(key, user.email);
    const account = await auth.get(user.email);
    if (!account) await auth.create({ ...user, password }, by);
    // An account imported without a password (the old demo login) gets the demo one.
    else if (account.passwordHash === null) await auth.update(account.uid, { password_hash: await hashPassword(password) }, by);
    const current = account?.passwordHash ?? null;
    // Someone who changed a demo account's password made it a real account: it is no longer printed.
    if (current === null || (await verifyPassword(password, current))) logins.push({ ...user, password });
  }
  return logins;
}

async function seedOnce(deps: AppDeps, dataDir: string, logger: Logger, runTasks: () => Promise<unknown>): Promise<void> {
  const marker = join(dataDir, 'seeded');
  if (existsSync(marker)) return;
  await seedDemoData(deps);
  // The demo's missed calls and unanswered messages are tasks from the first screen, not after the timer's first run.
  await runTasks();
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
