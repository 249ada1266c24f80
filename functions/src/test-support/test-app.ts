/**
 * The API in-process for tests: a temp libSQL file behind the DocStore and `deps.sql`, files on
 * the embedded WebDAV server in a temp folder, embedded mode's own sign-in (accounts in that
 * file, sessions signed with a key of this app), and signed-in users of each role. The Firebase
 * path has its own tests (auth/firebase-auth.test.ts), which start an Auth emulator.
 *
 *   const t = await createTestApp();
 *   await request(t.app).get('/api/me').set('Authorization', `Bearer ${t.tokens.editor}`);
 *   await t.close();
 */
import type { Express } from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Role } from '../auth/auth.types.js';
import { LocalAuth } from '../auth/local-auth.js';
import { localUserDirectory } from '../auth/local-directory.js';
import { createApp } from '../app/app.js';
import { systemClock, type Clock, type Logger } from '../http/deps.js';
import type { AppDeps } from '../app/deps.js';
import type { RouteDef } from '../http/route.js';
import { startEmbeddedWebdav } from '../nextcloud/embedded-webdav.js';
import { createNextcloudClient } from '../nextcloud/nextcloud.client.js';
import { migrateSql } from '../sql/migrations.js';
import { recordHistory } from '../history/history.wiring.js';
import { LibsqlDocStore } from '../store/libsql/libsql.store.js';
import type { TokenClaims } from './tokens.js';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export interface TestUser {
  uid: string;
  email: string;
  name: string;
  role: Role | null;
}

export type TestRole = Role | 'noRole';

export interface TestApp {
  app: Express;
  deps: AppDeps;
  store: LibsqlDocStore;
  /** A valid session per role; `noRole` is an account without a role. */
  tokens: Record<TestRole, string>;
  users: Record<TestRole, TestUser>;
  /** The accounts and sessions behind `deps.auth` and `deps.users`, for tests that manage accounts. */
  accounts: LocalAuth;
  /** The key this app's sessions are signed with, for tests that forge or re-sign tokens. */
  sessionKey: Buffer;
  /** What the app logged (the logger is otherwise silent). */
  logs: LogEntry[];
  /**
   * A session for one of this app's users, issued at `issuedAt` and living `lifetime` seconds
   * (e.g. an expired one). Other claims are ignored: the role, name and e-mail come from the account.
   */
  tokenFor(role: TestRole, claims?: Partial<TokenClaims>): string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Defaults to the system clock. */
  clock?: Clock;
  /** Defaults to every route of `buildRoutes`. */
  routes?: (deps: AppDeps) => RouteDef[];
}

const roleOf: Record<TestRole, Role | null> = { admin: 'admin', editor: 'editor', viewer: 'viewer', noRole: null };

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // Mail accounts encrypt their passwords under this key, as embedded mode does with its generated one.
    process.env.MAIL_CREDENTIALS_KEY ??= randomBytes(32).toString('base64');

    const dir = mkdtempSync(join(tmpdir(), 'bellsystems-test-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
    cleanups.push(() => store.close());
    await migrateSql(store.client);
    // Every write is recorded in the history of changes, as on the embedded server.
    await recordHistory(store);
    const webdav = await startEmbeddedWebdav({ root: join(dir, 'files') });
    cleanups.push(() => webdav.stop());

    const sessionKey = randomBytes(32);
    const accounts = new LocalAuth({ sql: store.client, key: sessionKey });
    const users = await createUsers(accounts);
    const tokenFor = (role: TestRole, claims: Partial<TokenClaims> = {}) => {
      const nowMs = Date.now();
      const issuedMs = claims.issuedAt === undefined ? nowMs : claims.issuedAt * 1000;
      const lifetimeMs = (claims.lifetime ?? 3600) * 1000;
      const user = users[role];
      const account = { uid: user.uid, email: user.email, name: user.name, role: user.role, disabled: false, mustChangePassword: false, sessionsValidAfter: 0, passwordHash: null };
      return accounts.issueSession(account, { issuedMs, lifetimeMs }).token;
    };
    const tokens = {
      admin: tokenFor('admin'),
      editor: tokenFor('editor'),
      viewer: tokenFor('viewer'),
      noRole: tokenFor('noRole'),
    };

    const logs: LogEntry[] = [];
    const logger: Logger = {
      info: (message, fields) => logs.push({ level: 'info', message, fields }),
      warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
      error: (message, fields) => logs.push({ level: 'error', message, fields }),
    };
    const deps: AppDeps = {
      store,
      sql: store.client,
      clock: options.clock ?? systemClock,
      auth: accounts,
      users: localUserDirectory(accounts),
      localAuth: accounts,
      logger,
      files: createNextcloudClient(webdav.config),
    };
    const app = createApp(deps, options.routes?.(deps), { checkResponses: true });
    return { app, deps, store, tokens, users, accounts, sessionKey, logs, tokenFor, close };
  } catch (err) {
    await close();
    throw err;
  }
}

async function createUsers(accounts: LocalAuth): Promise<Record<TestRole, TestUser>> {
  const suffix = randomBytes(5).toString('hex');
  const by = { uid: 'script:test-app', name: 'test-app' };
  const entries = await Promise.all(
    (Object.keys(roleOf) as TestRole[]).map(async (key): Promise<[TestRole, TestUser]> => {
      const role = roleOf[key];
      const uid = `${key.toLowerCase()}-${suffix}`;
      const user: TestUser = { uid, email: `${uid}@bellsystems.test`, name: `Test ${key} ${suffix}`, role };
      await accounts.create({ uid, email: user.email, name: user.name, role }, by);
      return [key, user];
    }),
  );
  return Object.fromEntries(entries) as Record<TestRole, TestUser>;
}
