/**
 * `npm run restore -- <snapshot> [--force]`: puts a snapshot made by `npm run backup` back as
 * the embedded mode's data folder (DATA_DIR, default data/). It checks every file against the
 * snapshot's manifest and the database's integrity first, and keeps the data it replaces in
 * data.before-restore-<time>/. It refuses while the server runs on that folder (the server
 * holds the database open and writes the sign-in accounts on exit): stop it first, or pass
 * --force.
 */
import { createClient } from '@libsql/client';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DATABASE, defaultDataDir, keyFilesIn, MANIFEST, runningServer, sha256File, SNAPSHOT_ENTRIES, type Manifest } from './backup.js';

export interface RestoreOptions {
  snapshot: string;
  dataDir: string;
  force?: boolean;
  now?: Date;
}

export interface RestoreResult {
  /** Where the replaced data folder was kept; null when there was none. */
  previous: string | null;
}

export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const snapshot = resolve(options.snapshot);
  const dataDir = resolve(options.dataDir);
  const server = runningServer(dataDir);
  if (server && !options.force) {
    throw new Error(
      `The server (pid ${server.pid}${server.url ? `, ${server.url}` : ''}) is running on ${dataDir}: stop it first, or pass --force`,
    );
  }
  const manifest = readManifest(snapshot);
  for (const file of manifest.files) {
    const path = join(snapshot, file.path);
    if (!existsSync(path) || sha256File(path) !== file.sha256) throw new Error(`${file.path} in ${snapshot} is missing or changed since the backup`);
  }

  const staging = `${dataDir}.restoring`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const entry of [DATABASE, ...SNAPSHOT_ENTRIES, ...keyFilesIn(snapshot)]) {
      const source = join(snapshot, entry);
      if (existsSync(source)) cpSync(source, join(staging, entry), { recursive: true });
    }
    for (const key of keyFilesIn(staging)) chmodSync(join(staging, key), 0o600);
    await checkIntegrity(join(staging, DATABASE));
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }

  let previous: string | null = null;
  if (existsSync(dataDir)) {
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    previous = join(dirname(dataDir), `${basename(dataDir)}.before-restore-${stamp}`);
    renameSync(dataDir, previous);
  }
  renameSync(staging, dataDir);
  return { previous };
}

function readManifest(snapshot: string): Manifest {
  const path = join(snapshot, MANIFEST);
  if (!existsSync(path)) throw new Error(`${snapshot} is not a snapshot of npm run backup: it has no ${MANIFEST}`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (manifest.format !== 1 || !Array.isArray(manifest.files) || !manifest.files.some((file) => file.path === DATABASE)) {
    throw new Error(`${path} is not a manifest this version understands`);
  }
  return manifest;
}

async function checkIntegrity(database: string): Promise<void> {
  const client = createClient({ url: `file:${database}` });
  try {
    const rs = await client.execute('PRAGMA integrity_check');
    const answer = rs.rows.map((row) => String(Object.values(row)[0])).join('; ');
    if (answer !== 'ok') throw new Error(`The snapshot's database fails its integrity check: ${answer}`);
  } finally {
    client.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const snapshot = args.find((arg) => !arg.startsWith('--'));
  if (!snapshot) throw new Error('Usage: npm run restore -- <snapshot folder, e.g. backups/2026-03-01T10-00-00-000Z> [--force]');
  const dataDir = defaultDataDir();
  const server = runningServer(dataDir);
  const { previous } = await restore({ snapshot, dataDir, force });
  console.log(`Restored ${resolve(snapshot)} to ${dataDir}.`);
  if (previous) console.log(`The data it replaced is kept in ${previous}; delete it once you are satisfied.`);
  if (server) console.log(`The server (pid ${server.pid}) still runs on the old data: restart it now.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
