/**
 * Runs the Firebase Auth emulator (firebase-tools, no Java) as a child process on free
 * loopback ports, for the tests of the Firebase path (test-support/firebase-test-auth.ts) and
 * `npm run emulators`. Embedded mode no longer uses it: it checks passwords itself (local-auth.ts).
 * Not part of the deployed functions (nothing they export imports it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const DEMO_PROJECT_ID = 'demo-bellsystems';

export interface AuthEmulatorOptions {
  /** The Auth emulator's port; a free one when omitted. */
  port?: number;
  /** Accounts are imported from here at start (when present) and exported here on stop. */
  dataDir?: string;
  projectId?: string;
  /** Receives the emulator's output, line by line. */
  onOutput?: (line: string) => void;
  /** How long to wait for the emulator to answer (its start compiles a large schema: ~10 s of CPU). */
  readyTimeoutMs?: number;
}

export interface AuthEmulator {
  /** `127.0.0.1:PORT`, the value of FIREBASE_AUTH_EMULATOR_HOST. */
  host: string;
  projectId: string;
  /** Writes the accounts to `dataDir` now (stop also does); needs a dataDir. */
  exportData(): Promise<void>;
  /** Stops the emulator (exporting to dataDir first, when given). Safe to call twice. */
  stop(): Promise<void>;
}

interface LaunchedAuthEmulator extends AuthEmulator {
  /** Settles when the emulator answers, or rejects when it exits or times out first. */
  ready: Promise<void>;
}

/** Starts the emulator and resolves once it answers requests. */
export async function startAuthEmulator(options: AuthEmulatorOptions = {}): Promise<AuthEmulator> {
  const emulator = await launchAuthEmulator(options);
  try {
    await emulator.ready;
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  return emulator;
}

async function launchAuthEmulator(options: AuthEmulatorOptions = {}): Promise<LaunchedAuthEmulator> {
  const projectId = options.projectId ?? DEMO_PROJECT_ID;
  if (options.port !== undefined && !(await portIsFree(options.port))) {
    throw new Error(`Cannot start the Auth emulator: port ${options.port} on 127.0.0.1 is in use (another emulator?)`);
  }
  const [port, hubPort, loggingPort] = [options.port ?? (await freePort()), await freePort(), await freePort()];
  const host = `127.0.0.1:${port}`;
  const workDir = mkdtempSync(join(tmpdir(), 'bellsystems-auth-emulator-'));
  writeFileSync(
    join(workDir, 'firebase.json'),
    JSON.stringify({
      emulators: {
        auth: { host: '127.0.0.1', port },
        hub: { host: '127.0.0.1', port: hubPort },
        logging: { host: '127.0.0.1', port: loggingPort },
        ui: { enabled: false },
        singleProjectMode: true,
      },
    }),
  );
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const args = ['emulators:start', '--only', 'auth', '--project', projectId, '--config', join(workDir, 'firebase.json')];
  // firebase-tools skips the import when the folder does not exist yet, and exports there on exit.
  if (dataDir) args.push('--import', dataDir, '--export-on-exit', dataDir);

  const child = spawn(process.execPath, ['--import', watchdog, firebaseCli(), ...args], {
    cwd: workDir,
    // CI=1: no network fetch of the CLI's message of the day, no prompts. TMPDIR: firebase-tools
    // keeps a per-project hub locator file there; a shared one would let an export read the
    // accounts of another emulator running for the same project.
    env: { ...process.env, CI: '1', FIREBASE_AUTH_EMULATOR_HOST: '', TMPDIR: workDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only our process, whose stop()
    // then shuts the emulator down once (a second SIGINT would skip the export).
    detached: true,
  });
  let announced: () => void = () => undefined;
  const readyLine = new Promise<void>((done) => (announced = done));
  const output = collectOutput(child, (line) => {
    if (line.includes('All emulators ready')) announced();
    options.onOutput?.(line);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const gaveUp = exited.then((code) => `The Auth emulator exited (code ${code}) before it was ready:\n${output.tail()}`);

  // Our child's own announcement first: a poll alone could be answered by another emulator on that port.
  const timeoutMs = options.readyTimeoutMs ?? 120_000;
  const ready = Promise.race([
    readyLine,
    gaveUp.then((message) => Promise.reject(new Error(message))),
    new Promise<never>((_, fail) => {
      setTimeout(() => fail(new Error(`The Auth emulator did not start within ${timeoutMs} ms:\n${output.tail()}`)), timeoutMs).unref();
    }),
  ]).then(() => waitForAuthEmulator(host, 10_000, gaveUp));
  // Callers that never await `ready` must not crash the process with an unhandled rejection.
  ready.catch(() => undefined);

  let stopping: Promise<void> | undefined;
  return {
    host,
    projectId,
    ready,
    async exportData() {
      if (!dataDir) throw new Error('exportData needs the emulator to be started with a dataDir');
      const response = await fetch(`http://127.0.0.1:${hubPort}/_admin/export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: dataDir, initiatedBy: 'bellsystems' }),
      });
      if (!response.ok) throw new Error(`Auth emulator export failed: ${response.status} ${await response.text()}`);
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const forced = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(forced);
        }
        rmSync(workDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

/**
 * Resolves when the emulator at `host` answers; rejects after `timeoutMs`, or with the
 * message `gaveUp` resolves to, whichever comes first.
 */
export async function waitForAuthEmulator(host: string, timeoutMs = 60_000, gaveUp?: Promise<string>): Promise<void> {
  let failure: string | undefined;
  void gaveUp?.then((message) => {
    failure = message;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (failure) throw new Error(failure);
    try {
      const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(2000) });
      const body = (await response.json()) as { authEmulator?: { ready?: boolean } };
      if (body.authEmulator?.ready) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`The Auth emulator at ${host} did not answer within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

function firebaseCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('firebase-tools/package.json')), 'lib/bin/firebase.js');
}

/**
 * Preloaded into the emulator process: when our process dies without stopping it (a killed
 * test run), its parent changes, and it shuts itself down cleanly instead of lingering.
 */
const watchdog =
  'data:text/javascript,' +
  encodeURIComponent(
    'const parent = process.ppid; const timer = setInterval(() => { if (process.ppid === parent) return; ' +
      'clearInterval(timer); process.kill(process.pid, "SIGTERM"); }, 1000); timer.unref();',
  );

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function collectOutput(child: ChildProcess, onOutput?: (line: string) => void): { tail(): string } {
  const lines: string[] = [];
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 40) lines.shift();
      onOutput?.(line);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return { tail: () => lines.join('\n') };
}
