/**
 * The API in-process for tests: a temp libSQL file behind the DocStore and `deps.sql`, files on
 * the embedded WebDAV server in a temp folder, real firebase-admin token verification against
 * the Auth emulator, and signed-in users of each role.
 *
 *   const t = await createTestApp();
 *   await request(t.app).get('/api/me').set('Authorization', `Bearer ${t.tokens.editor}`);
 *   await t.close();
 */
import type { Auth } from 'firebase-admin/auth';
import type { Express } from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { Role } from '../auth/auth.types.js';
import { adminAuth, firebaseAuthVerifier, firebaseUserDirectory } from '../auth/firebase-auth.js';
import { createApp } from '../app/app.js';
import { systemClock, type AppDeps, type Clock, type Logger } from '../http/deps.js';
import type { RouteDef } from '../http/route.js';
import { startEmbeddedWebdav } from '../nextcloud/embedded-webdav.js';
import { createNextcloudClient } from '../nextcloud/nextcloud.client.js';
import { migrateSql } from '../sql/migrations.js';
import { recordHistory } from '../history/history.wiring.js';
import { LibsqlDocStore } from '../store/libsql/libsql.store.js';
import { DEMO_PROJECT_ID, startAuthEmulator, waitForAuthEmulator, type AuthEmulator } from '../auth/auth-emulator.js';
import { mintIdToken, type TokenClaims } from './tokens.js';

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
  /** A valid ID token per role; `noRole` is an account without a role claim. */
  tokens: Record<TestRole, string>;
  users: Record<TestRole, TestUser>;
  /** firebase-admin Auth on the emulator, for tests that manage accounts. */
  auth: Auth;
  /** What the app logged (the logger is otherwise silent). */
  logs: LogEntry[];
  /** A token for one of this app's users with other claims, e.g. an expired one. */
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
    const emulatorHost = await authEmulatorHost(cleanups);
    process.env.FIREBASE_AUTH_EMULATOR_HOST = emulatorHost;
    // Mail accounts encrypt their passwords under this key, as embedded mode does with its generated one.
    process.env.MAIL_CREDENTIALS_KEY ??= randomBytes(32).toString('base64');
    const auth = adminAuth(DEMO_PROJECT_ID);

    const dir = mkdtempSync(join(tmpdir(), 'bellsystems-test-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const store = await LibsqlDocStore.open({ url: `file:${join(dir, 'crm.db')}` });
    cleanups.push(() => store.close());
    await migrateSql(store.client);
    // Every write is recorded in the history of changes, as on the embedded server.
    await recordHistory(store);
    const webdav = await startEmbeddedWebdav({ root: join(dir, 'files') });
    cleanups.push(() => webdav.stop());

    const users = await createUsers(auth);
    cleanups.push(async () => {
      await auth.deleteUsers(Object.values(users).map((user) => user.uid));
    });
    const tokenFor = (role: TestRole, claims: Partial<TokenClaims> = {}) => {
      const user = users[role];
      return mintIdToken({ uid: user.uid, email: user.email, name: user.name, role: user.role ?? undefined, ...claims });
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
      auth: firebaseAuthVerifier(auth),
      users: firebaseUserDirectory(auth),
      logger,
      files: createNextcloudClient(webdav.config),
    };
    const app = createApp(deps, options.routes?.(deps), { checkResponses: true });
    return { app, deps, store, tokens, users, auth, logs, tokenFor, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The run's shared emulator (global-setup.ts), or one of our own when run without it. */
async function authEmulatorHost(cleanups: (() => Promise<void>)[]): Promise<string> {
  const shared = inject('authEmulatorHost');
  if (shared) {
    await waitForAuthEmulator(shared, 55_000);
    return shared;
  }
  const own: AuthEmulator = await startAuthEmulator();
  cleanups.push(() => own.stop());
  return own.host;
}

async function createUsers(auth: Auth): Promise<Record<TestRole, TestUser>> {
  // Unique per app: test files share one emulator and run in parallel.
  const suffix = randomBytes(5).toString('hex');
  const entries = await Promise.all(
    (Object.keys(roleOf) as TestRole[]).map(async (key): Promise<[TestRole, TestUser]> => {
      const role = roleOf[key];
      const uid = `${key.toLowerCase()}-${suffix}`;
      const user: TestUser = { uid, email: `${uid}@bellsystems.test`, name: `Test ${key} ${suffix}`, role };
      await auth.createUser({ uid, email: user.email, displayName: user.name });
      if (role) await auth.setCustomUserClaims(uid, { role });
      return [key, user];
    }),
  );
  return Object.fromEntries(entries) as Record<TestRole, TestUser>;
}
