/**
 * `npm run upgrade -- --project <id>`: after `git pull`, brings a production deployment to this
 * release, step by step, stopping at the first that fails:
 *   1. install exactly what the lockfile says (`npm ci`);
 *   2. apply the libSQL migrations to Turso (forward only; refused if Turso is already newer);
 *   3. deploy (`firebase deploy`: functions, Hosting, rules, indexes);
 *   4. reindex the stored customers and products on Firestore (idempotent, so always);
 *   5. check `/api/health`.
 * Migrations run before the deploy: the old code keeps working on a newer schema (migrations only
 * add), while new code on an old schema would not. TURSO_AUTH_TOKEN comes from the environment
 * (`turso db tokens create …`), Firestore from application default credentials
 * (`gcloud auth application-default login`), TURSO_URL from `functions/.env.<project>` unless given.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { migrateSql } from '../functions/src/sql/migrations.js';

const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..');

const usage = `usage: npm run upgrade -- --project <firebase project id>
         [--turso-url <libsql://…>]   (default: TURSO_URL of functions/.env.<project>)
         [--health-url <url>]         (default: https://<project>.web.app/api/health)
         [--skip-install] [--skip-deploy]`;

const { values } = parseArgs({
  options: {
    project: { type: 'string' },
    'turso-url': { type: 'string' },
    'health-url': { type: 'string' },
    'skip-install': { type: 'boolean', default: false },
    'skip-deploy': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.project) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
const project = values.project;

function envFileValue(name: string): string | undefined {
  const file = join(repoRoot, 'functions', `.env.${project}`);
  if (!existsSync(file)) return undefined;
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim() || undefined;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: 'inherit', env });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** The Firebase CLI: the repository's own, unless FIREBASE_CLI names another (a test's stand-in). */
const firebaseCli = process.env.FIREBASE_CLI ?? join(repoRoot, 'node_modules/firebase-tools/lib/bin/firebase.js');
const tsx = join(repoRoot, 'node_modules/tsx/dist/cli.mjs');

const steps: [string, () => Promise<void>][] = [
  ['install', async () => (values['skip-install'] ? console.log('skipped (--skip-install)') : run('npm', ['ci', '--no-audit', '--no-fund']))],
  [
    'migrate Turso',
    async () => {
      const url = values['turso-url'] ?? envFileValue('TURSO_URL');
      if (!url) throw new Error(`no Turso URL: pass --turso-url or set TURSO_URL in functions/.env.${project}`);
      const client = createClient({ url, authToken: process.env.TURSO_AUTH_TOKEN, timeout: 30_000 });
      try {
        const { applied, current } = await migrateSql(client);
        console.log(applied.length > 0 ? `applied ${applied.join(', ')}; schema at ${current}` : `schema already at ${current}`);
      } finally {
        client.close();
      }
    },
  ],
  ['deploy', async () => (values['skip-deploy'] ? console.log('skipped (--skip-deploy)') : run(process.execPath, [firebaseCli, 'deploy', '--project', project]))],
  ['reindex', () => run(process.execPath, [tsx, join(repoRoot, 'scripts/reindex.ts'), '--store', 'firestore', '--project', project])],
  [
    'health',
    async () => {
      const url = values['health-url'] ?? `https://${project}.web.app/api/health`;
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      const body = (await response.json().catch(() => ({}))) as { status?: string; checks?: Record<string, { state: string; reason?: string }> };
      for (const [name, check] of Object.entries(body.checks ?? {})) console.log(`  ${name}: ${check.state}${check.reason ? ` (${check.reason})` : ''}`);
      if (!response.ok || body.status === 'down') throw new Error(`${url} answered ${response.status} ${body.status ?? ''}`.trim());
      console.log(`status ${body.status}`);
    },
  ],
];

for (const [index, [name, step]] of steps.entries()) {
  console.log(`\n[${index + 1}/${steps.length}] ${name}`);
  try {
    await step();
  } catch (err) {
    console.error(`\nupgrade stopped at "${name}": ${err instanceof Error ? err.message : String(err)}`);
    console.error('Fix the cause and run the same command again: every step is safe to repeat.');
    process.exit(1);
  }
}
console.log(`\n${project} is upgraded.`);
