/**
 * Cold start of the `api` function: in fresh Node processes, the time from importing the
 * built functions/lib/index.js to the first response of `api` to GET /api/health, against a
 * variant that first imports everything eagerly (our Express app, production deps,
 * firebase-admin Firestore and Auth, @libsql/client, imapflow, nodemailer, webdav), as an
 * index.ts with static imports would. Both answer the same request the same way: Firestore on
 * the in-process stand-in emulator, libSQL on a temp file.
 * Then the deployed shape: the built functions/ copied with its own production install and
 * served by the firebase-tools Functions emulator, where a cold start is the emulator spawning
 * the function's runtime process, loading index.js and answering the first request.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  declaredEnv,
  prepareDeployedCopy,
  startFirestoreStandIn,
  startFunctionsEmulator,
  type FirestoreStandIn,
} from '../../functions/src/emulator/test-support/functions-emulator.js';
import type { Bench } from './run.js';
import { line, percentile } from './stats.js';

const RUNS = 7;
const repoRoot = resolve(import.meta.dirname, '../..');
const functionsDir = join(repoRoot, 'functions');
const libIndex = join(functionsDir, 'lib/index.js');

const eagerModules = [
  pathToFileURL(join(functionsDir, 'lib/app/app.js')).href,
  pathToFileURL(join(functionsDir, 'lib/config/production-deps.js')).href,
  'firebase-admin/firestore',
  'firebase-admin/auth',
  '@libsql/client',
  'imapflow',
  'nodemailer',
  'webdav',
];

/**
 * Runs in the child: measures from before the first import of our code to the end of the first
 * response. Express is loaded before the clock starts, as the Functions Framework loads it
 * before it imports a function's code, and hands the function Express's request and response.
 */
const childScript = `
import { createServer } from 'node:http';
import express from 'express';
const started = performance.now();
const eager = JSON.parse(process.env.BENCH_EAGER_MODULES);
for (const specifier of eager) await import(specifier);
const { api } = await import(process.env.BENCH_INDEX_URL);
const imported = performance.now();
const framework = express();
framework.use((req, res) => void api(req, res));
const server = createServer(framework);
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const response = await fetch('http://127.0.0.1:' + server.address().port + '/api/health');
const body = await response.text();
const answered = performance.now();
server.close();
process.stdout.write(JSON.stringify({ importMs: imported - started, firstResponseMs: answered - started, status: response.status, body }) + '\\n');
process.exit(0);
`;

interface Sample {
  importMs: number;
  firstResponseMs: number;
  status: number;
  body: string;
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

function buildIfStale(): void {
  if (existsSync(libIndex) && statSync(libIndex).mtimeMs >= newestSourceMtime(join(functionsDir, 'src'))) return;
  console.log('building functions/lib …');
  execFileSync('npm', ['run', 'build', '-w', 'functions'], { cwd: repoRoot, stdio: 'ignore' });
}

function runChild(eager: boolean, env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', childScript], {
      cwd: functionsDir,
      env: {
        ...env,
        BENCH_INDEX_URL: pathToFileURL(libIndex).href,
        BENCH_EAGER_MODULES: JSON.stringify(eager ? eagerModules : []),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        const sample = JSON.parse(last) as Sample;
        if (sample.status !== 200) fail(new Error(`health answered ${sample.status}: ${sample.body}`));
        else done(sample);
      } catch {
        fail(new Error(`child exited ${code} without a result:\n${out}\n${err}`));
      }
    });
  });
}

const median = (values: number[]) => percentile(values, 50);

/** Emulator restarts are slow (the Auth emulator alone is ~10 s of CPU): fewer samples. */
const EMULATOR_RUNS = 3;

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

/** Cold and warm first answers of `api` in the Functions emulator, a fresh emulator per sample. */
async function inTheEmulator(firestore: FirestoreStandIn, dataDir: string): Promise<void> {
  const copy = await prepareDeployedCopy();
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < EMULATOR_RUNS; i++) {
      const env = await declaredEnv({ TURSO_URL: `file:${join(dataDir, 'emulated.db')}` });
      const emulator = await startFunctionsEmulator({ copy, firestoreHost: firestore.host, ...env });
      try {
        const health = `${emulator.url('api', 'europe-west1')}/api/health`;
        cold.push(await timedGet(health));
        warm.push(await timedGet(health));
      } finally {
        await emulator.stop();
      }
    }
    line('Functions emulator (deployed copy)', {
      cold_first_response: `${median(cold).toFixed(0)} ms`,
      warm_response: `${median(warm).toFixed(1)} ms`,
      runs: cold.length,
    });
  } finally {
    copy.remove();
  }
}

const bench: Bench = {
  name: 'cold start of the api function: lazy imports vs everything eager, and in the Functions emulator',
  async run() {
    buildIfStale();
    const firestore = await startFirestoreStandIn();
    const dataDir = mkdtempSync(join(tmpdir(), 'bellsystems-coldstart-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GCLOUD_PROJECT: 'demo-bellsystems',
      FIRESTORE_EMULATOR_HOST: firestore.host,
      TURSO_URL: `file:${join(dataDir, 'comms.db')}`,
      TURSO_AUTH_TOKEN: '',
      NEXTCLOUD_URL: '',
    };
    try {
      const lazy: Sample[] = [];
      const eager: Sample[] = [];
      // Alternating keeps a change in machine load from favouring one variant.
      for (let i = 0; i < RUNS; i++) {
        lazy.push(await runChild(false, env));
        eager.push(await runChild(true, env));
      }
      const report = (label: string, samples: Sample[]) =>
        line(label, {
          import: `${median(samples.map((s) => s.importMs)).toFixed(1)} ms`,
          first_response: `${median(samples.map((s) => s.firstResponseMs)).toFixed(1)} ms`,
          runs: samples.length,
        });
      report('lazy (index.ts as built)', lazy);
      report('eager (everything imported first)', eager);
      const lazyFirst = median(lazy.map((s) => s.firstResponseMs));
      const eagerFirst = median(eager.map((s) => s.firstResponseMs));
      const lazyImport = median(lazy.map((s) => s.importMs));
      const eagerImport = median(eager.map((s) => s.importMs));
      line('ratio eager / lazy (medians)', {
        import_to_first_response: `${(eagerFirst / lazyFirst).toFixed(2)}x`,
        import_only: `${(eagerImport / lazyImport).toFixed(2)}x`,
      });
      await inTheEmulator(firestore, dataDir);
    } finally {
      firestore.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default bench;
