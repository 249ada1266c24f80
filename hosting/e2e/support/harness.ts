/**
 * Browser tests run the real embedded server (API, SPA, its own sign-in, libSQL, WebDAV) on a
 * free loopback port and drive Debian's Chromium with playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot, startEmbedded, type DemoLogin, type Embedded } from '../../../scripts/embedded/server.js';

const CHROMIUM = '/usr/bin/chromium';
export const screenshotDir = join(repoRoot, 'test-results/screenshots');

/** A call to the API as a signed-in demo user, for arranging and checking data beside the UI. */
export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

export interface E2E {
  server: Embedded;
  /** The API as this role, with a session from POST /api/auth/sign-in as the SPA gets it. */
  api(role: DemoLogin['role']): Promise<ApiCall>;
  browser: Browser;
  login(role: DemoLogin['role']): DemoLogin;
  /** A page in a fresh browser context; English at 1400×900 unless told otherwise. */
  newPage(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<Page>;
  signIn(page: Page, role: DemoLogin['role']): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** What the SPA build reads: its own sources and the API schemas it imports (`@functions/*`). */
const SPA_SOURCES = ['hosting/src', 'hosting/index.html', 'hosting/vite.config.ts', 'functions/src'];

/** Newest modification time under `path`, in ms. */
function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** Builds the SPA when it was never built or a source changed since, so a test never drives a stale build. */
function ensureSpaBuilt(): void {
  const built = join(repoRoot, 'hosting/dist/index.html');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : -Infinity;
  const stale = SPA_SOURCES.some((source) => newestChange(join(repoRoot, source)) > builtAt);
  if (stale) execFileSync('npm', ['run', 'build', '-w', 'hosting'], { cwd: repoRoot, stdio: 'inherit' });
}

export async function startE2E(options: { seed?: boolean } = {}): Promise<E2E> {
  if (!existsSync(CHROMIUM)) {
    throw new Error('Chromium is missing: install it with `apt-get update && apt-get install -y chromium`');
  }
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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });

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
