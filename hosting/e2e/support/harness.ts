/**
 * Browser tests run the real embedded server (API, SPA, its own sign-in, libSQL, WebDAV) on a
 * free loopback port and drive Debian's Chromium with playwright-core.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureSpaBuilt, openBrowser } from './browser.js';
import { repoRoot, startEmbedded, type DemoLogin, type Embedded } from '../../../scripts/embedded/server.js';

export const screenshotDir = join(repoRoot, 'test-results/screenshots');

/** A call to the API as a signed-in demo user, for arranging and checking data beside the UI. */
export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export interface E2E {
  server: Embedded;
  /** The API as this role, with a session from POST /api/auth/sign-in as the SPA gets it. */
  api(role: DemoLogin['role']): Promise<ApiCall>;
  /**
   * A connection to the run's shared Chromium (support/browser.ts): read a download with
   * `createReadStream()` or `saveAs()`, since `path()` exists only for a browser launched locally.
   */
  browser: Browser;
  login(role: DemoLogin['role']): DemoLogin;
  /** A page in a fresh browser context; English at 1400×900 unless told otherwise. */
  newPage(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<Page>;
  signIn(page: Page, role: DemoLogin['role']): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startE2E(options: { seed?: boolean } = {}): Promise<E2E> {
  ensureSpaBuilt();
  mkdirSync(screenshotDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-e2e-'));
  const silent = { info: () => {}, warn: () => {}, error: (m: string, f?: unknown) => console.error(m, f) };
  const server = await startEmbedded({
    dataDir,
    port: 0,
    seed: options.seed ?? false,
    logger: silent,
  });
  const browser = await openBrowser();

  const login = (role: DemoLogin['role']) => {
    const found = server.logins.find((l) => l.role === role);
    if (!found) throw new Error(`no demo login for ${role}`);
    return found;
  };

  return {
    server,
    browser,
    login,
    async api(role) {
      const { email, password } = login(role);
      const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (!signIn.ok) throw new Error(`sign-in as ${role}: ${signIn.status} ${await signIn.text()}`);
      const { token: idToken } = (await signIn.json()) as { token: string };
      return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
        const response = await fetch(`${server.url}/api${path}`, {
          method,
          headers: { Authorization: `Bearer ${idToken}`, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
        return (response.status === 204 ? undefined : await response.json()) as T;
      };
    },
    async newPage(options = {}) {
      // en-GB asks for English on purpose (en-US, every browser's default, gets the Greek UI).
      const { locale = 'en-GB', viewport = { width: 1400, height: 900 } } = options;
      const context = await browser.newContext({ viewport, locale });
      return context.newPage();
    },
    async signIn(page, role) {
      const { email, password } = login(role);
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel(/email/i).fill(email);
      await page.getByLabel(/password/i).fill(password);
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
