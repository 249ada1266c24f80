/**
 * The deployed shape, run here: `functions/` built and copied alone to a temp folder with its
 * own `npm install --omit=dev` (as `firebase deploy` uploads it and Cloud Build installs it, so
 * a package hoisted in the monorepo cannot hide a missing dependency), then the firebase-tools
 * Functions and Auth emulators (no Java) over that copy, with Firestore on the in-process
 * stand-in the contract suite uses (the real Firestore emulator needs Java 21 and a download).
 */
import { FirestoreServer } from '@firestore-emulator/server';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const EMULATOR_PROJECT_ID = 'demo-bellsystems';
export const repoRoot = resolve(import.meta.dirname, '../../../..');
const functionsDir = join(repoRoot, 'functions');
const run = promisify(execFile);

export interface DeployedCopy {
  /** The folder holding firebase.json and `functions/` (package.json, lib/, node_modules/). */
  root: string;
  functionsDir: string;
  remove(): void;
}

/**
 * Builds functions/ and copies what deploy uploads (firebase.json's `ignore` leaves src/ and
 * node_modules/ out) to a temp folder, then installs its production dependencies there from
 * the registry, through the npm cache (`--prefer-offline`: a warm cache makes it a few seconds).
 */
export async function prepareDeployedCopy(): Promise<DeployedCopy> {
  const root = mkdtempSync(join(tmpdir(), 'bellsystems-deployed-'));
  const copy = join(root, 'functions');
  mkdirSync(copy);
  cpSync(join(functionsDir, 'package.json'), join(copy, 'package.json'));
  cpSync(join(functionsDir, 'package-lock.json'), join(copy, 'package-lock.json'));
  // As Cloud Build does with a lockfile (scripts/functions-lockfile.ts); it runs while tsc builds.
  await Promise.all([
    build(),
    run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: copy,
      maxBuffer: 16 * 1024 * 1024,
    }),
  ]);
  cpSync(join(functionsDir, 'lib'), join(copy, 'lib'), {
    recursive: true,
    filter: (path) => !/\.test\.(js|d\.ts|js\.map)$/.test(path),
  });
  return { root, functionsDir: copy, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * `npm run build -w functions`, i.e. tsc over tsconfig.build.json, unless lib/ is newer than
 * every source (tsc takes a minute on a busy machine; the Node 24 run of CI reuses the build).
 * Exit code 2 means type errors with the JavaScript emitted: `npm run typecheck` fails a build
 * for those; what this shape needs is the emitted code. Any other failure stops here.
 */
async function build(): Promise<void> {
  const libIndex = join(functionsDir, 'lib/index.js');
  if (existsSync(libIndex) && statSync(libIndex).mtimeMs >= newestSourceMtime(join(functionsDir, 'src'))) return;
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
  try {
    await run(process.execPath, [tsc, '-p', join(functionsDir, 'tsconfig.build.json')], { cwd: functionsDir, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    if ((err as { code?: unknown }).code !== 2) throw err;
  }
}

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Every param and secret the built functions declare, as the emulator reads them from `.env`
 * and `.secret.local`: a param's default, or empty; secrets empty. Without a value for each,
 * the emulator would ask for it (or, for a secret, go to Secret Manager). `overrides` win.
 */
export async function declaredEnv(
  overrides: Record<string, string>,
): Promise<{ params: Record<string, string>; secrets: Record<string, string> }> {
  await import(pathToFileURL(join(functionsDir, 'lib/index.js')).href);
  const { declaredParams } = await import('firebase-functions/params');
  const params: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const param of declaredParams) {
    // Every param has toSpec() at runtime (it is what deploy's manifest holds); the secret type omits it.
    const spec = (param as unknown as { toSpec(): { name: string; type: string; default?: unknown } }).toSpec();
    const value = overrides[spec.name] ?? (spec.default === undefined || typeof spec.default === 'object' ? '' : String(spec.default));
    if (spec.type === 'secret') secrets[spec.name] = value;
    else params[spec.name] = value;
  }
  return { params, secrets };
}

export interface FirestoreStandIn {
  /** `127.0.0.1:PORT`, the value of FIRESTORE_EMULATOR_HOST. */
  host: string;
  stop(): void;
}

/** The stand-in binds every interface in start(port); bind its gRPC server to loopback ourselves. */
export async function startFirestoreStandIn(): Promise<FirestoreStandIn> {
  const emulator = new FirestoreServer();
  const server = (emulator as unknown as { server: GrpcServer }).server;
  const grpc = createRequire(import.meta.resolve('@firestore-emulator/server'))('@grpc/grpc-js') as GrpcModule;
  const port = await new Promise<number>((done, fail) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? fail(error) : done(bound))),
  );
  return { host: `127.0.0.1:${port}`, stop: () => emulator.stop() };
}

interface GrpcServer {
  bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void;
}
interface GrpcModule {
  ServerCredentials: { createInsecure(): unknown };
}

/** One function as the Functions emulator discovered it (its `/backends` answer). */
export interface DiscoveredFunction {
  name: string;
  id: string;
  region: string;
  entryPoint: string;
  httpsTrigger?: Record<string, unknown>;
  eventTrigger?: { eventType: string; eventFilters?: Record<string, string>; eventFilterPathPatterns?: Record<string, string> };
  schedule?: string;
  platform?: string;
}

export interface FunctionsEmulator {
  functionsHost: string;
  authHost: string;
  /** The URL of an HTTPS function, e.g. `url('api')` + `/api/health`. */
  url(name: string, region: string): string;
  discovered(): Promise<DiscoveredFunction[]>;
  /** Every line the emulators printed so far. */
  output(): string[];
  stop(): Promise<void>;
}

export interface FunctionsEmulatorOptions {
  copy: DeployedCopy;
  firestoreHost: string;
  /** Params (`.env`) and secrets (`.secret.local`) of the functions, as the emulator reads them. */
  params: Record<string, string>;
  secrets: Record<string, string>;
  readyTimeoutMs?: number;
}

/**
 * Starts `firebase emulators:start --only functions,auth` over the copy, with the repo's own
 * functions config from firebase.json (runtime, ignore list) and free loopback ports.
 */
export async function startFunctionsEmulator(options: FunctionsEmulatorOptions): Promise<FunctionsEmulator> {
  const { copy } = options;
  const repoConfig = JSON.parse(readFileSync(join(repoRoot, 'firebase.json'), 'utf8')) as { functions: Record<string, unknown>[] };
  const [functionsPort, authPort, hubPort, loggingPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  writeFileSync(
    join(copy.root, 'firebase.json'),
    JSON.stringify({
      // predeploy builds from src/, which deploy leaves behind: the copy is built already.
      functions: repoConfig.functions.map(({ predeploy: _predeploy, ...rest }) => rest),
      emulators: {
        functions: { host: '127.0.0.1', port: functionsPort },
        auth: { host: '127.0.0.1', port: authPort },
        hub: { host: '127.0.0.1', port: hubPort },
        logging: { host: '127.0.0.1', port: loggingPort },
        ui: { enabled: false },
        singleProjectMode: true,
      },
    }),
  );
  const dotenv = (values: Record<string, string>) =>
    Object.entries(values)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n') + '\n';
  writeFileSync(join(copy.functionsDir, '.env'), dotenv(options.params));
  writeFileSync(join(copy.functionsDir, '.secret.local'), dotenv(options.secrets));

  const tmp = join(copy.root, 'tmp');
  mkdirSync(tmp, { recursive: true });
  const child = spawn(
    process.execPath,
    ['--import', watchdog, firebaseCli(), 'emulators:start', '--only', 'functions,auth', '--project', EMULATOR_PROJECT_ID],
    {
      cwd: copy.root,
      // The functions' runtime inherits this environment: FIRESTORE_EMULATOR_HOST sends
      // firebase-admin to the stand-in. CI=1: no prompts, no message-of-the-day fetch.
      // TMPDIR: firebase-tools keeps a per-project hub locator there.
      env: { ...inheritedEnv(), CI: '1', FIRESTORE_EMULATOR_HOST: options.firestoreHost, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const lines: string[] = [];
  let announced: () => void = () => undefined;
  const readyLine = new Promise<void>((done) => (announced = done));
  collect(child, (line) => {
    lines.push(line);
    if (line.includes('All emulators ready')) announced();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(forced);
      }
    })();
    return stopping;
  };

  const timeoutMs = options.readyTimeoutMs ?? 240_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      readyLine,
      exited.then((code) => Promise.reject(new Error(`The emulators exited (code ${code}) before they were ready:\n${lines.slice(-40).join('\n')}`))),
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(new Error(`The emulators did not start within ${timeoutMs} ms:\n${lines.slice(-40).join('\n')}`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }

  const functionsHost = `127.0.0.1:${functionsPort}`;
  return {
    functionsHost,
    authHost: `127.0.0.1:${authPort}`,
    url: (name, region) => `http://${functionsHost}/${EMULATOR_PROJECT_ID}/${region}/${name}`,
    async discovered() {
      const response = await fetch(`http://${functionsHost}/backends`);
      const body = (await response.json()) as { backends: { functionTriggers: DiscoveredFunction[] }[] };
      return body.backends.flatMap((backend) => backend.functionTriggers);
    },
    output: () => [...lines],
    stop,
  };
}

/** Ours minus what points at other emulators or projects (a test run's shared Auth emulator). */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['FIREBASE_AUTH_EMULATOR_HOST', 'GCLOUD_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'FIREBASE_CONFIG', 'TURSO_URL', 'NEXTCLOUD_URL']) {
    delete env[key];
  }
  return env;
}

function firebaseCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('firebase-tools/package.json')), 'lib/bin/firebase.js');
}

/** Preloaded into the CLI: when our process dies without stopping it, it stops itself. */
const watchdog =
  'data:text/javascript,' +
  encodeURIComponent(
    'const parent = process.ppid; const timer = setInterval(() => { if (process.ppid === parent) return; ' +
      'clearInterval(timer); process.kill(process.pid, "SIGTERM"); }, 1000); timer.unref();',
  );

function collect(child: ChildProcess, onLine: (line: string) => void): void {
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) onLine(line);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
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
