/**
 * What every browser test shares: the SPA build it drives and one Debian Chromium. The e2e
 * project's global setup builds the SPA and starts Chromium once per run; each test file
 * connects to it (a fresh context per page), so 16 files no longer launch 16 browsers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
/** Where the global setup leaves the shared browser's address for the test files it forks. */
const SHARED_ENDPOINT = 'E2E_CHROMIUM_WS_ENDPOINT';

/** What the SPA build reads: its own sources and the API schemas it imports (`@functions/*`). */
const SPA_SOURCES = ['hosting/src', 'hosting/index.html', 'hosting/vite.config.ts', 'functions/src'];

/** Newest modification time under `path`, in ms. */
function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/** Builds the SPA when it was never built or a source changed since, so a test never drives a stale build. */
export function ensureSpaBuilt(): void {
  const built = join(repoRoot, 'hosting/dist/index.html');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : -Infinity;
  const stale = SPA_SOURCES.some((source) => newestChange(join(repoRoot, source)) > builtAt);
  if (stale) execFileSync('npm', ['run', 'build', '-w', 'hosting'], { cwd: repoRoot, stdio: 'inherit' });
}

function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error('Chromium is missing: install it with `apt-get update && apt-get install -y chromium`');
  }
}

/** Starts the Chromium the test files of this run share, and tells them where it listens. */
export async function startSharedChromium(): Promise<BrowserServer> {
  requireChromium();
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: ARGS });
  process.env[SHARED_ENDPOINT] = server.wsEndpoint();
  return server;
}

/**
 * The run's shared Chromium, or one of its own outside a test run (the SPA bench). Closing a
 * connected browser closes this caller's contexts and leaves the shared one running.
 */
export async function openBrowser(): Promise<Browser> {
  const endpoint = process.env[SHARED_ENDPOINT];
  if (endpoint) return chromium.connect(endpoint);
  requireChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
