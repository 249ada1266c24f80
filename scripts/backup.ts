/**
 * `npm run backup [-- --out <folder>]`: a consistent snapshot of the embedded mode's data
 * folder (DATA_DIR, default data/) in backups/<timestamp>/: the libSQL database by
 * `VACUUM INTO` (a transactionally consistent copy, safe while the server runs), then the
 * files folder, the Auth emulator's accounts, the demo logins and the key files without which
 * the data cannot be read (the mail passwords' key, the session key). Keep snapshots private. `npm run restore` brings
 * one back. Production backups are Firestore's and Turso's own (README, "Backups").
 */
import { createClient } from '@libsql/client';
import { createHash } from 'node:crypto';
import { chmodSync, constants, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const repoRoot = resolve(import.meta.dirname, '..');
export const defaultDataDir = (): string => resolve(process.env.DATA_DIR ?? join(repoRoot, 'data'));

/**
 * What a snapshot holds besides the database and the key files; anything else in the data folder
 * is not data. `auth` and `demo-logins.json` are what older servers kept (the Auth emulator's
 * accounts), so their snapshots restore.
 */
export const SNAPSHOT_ENTRIES = ['files', 'auth', 'demo-logins.json', 'seeded'] as const;
/**
 * Keys the data cannot be read without (`mail-credentials.key` encrypts the mail passwords,
 * `session.key` signs the sign-in sessions): every `*.key` file at the top of the data folder.
 */
const KEY_FILE = /^[\w.-]+\.key$/;

/** The key files at the top of `dir`. */
export function keyFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && KEY_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}
export const DATABASE = 'crm.db';
export const MANIFEST = 'manifest.json';
/** Written by the embedded server while it runs (scripts/embedded/server.ts). */
export const SERVER_LOCK = 'server.lock';

export interface Manifest {
  format: 1;
  created_at: string;
  /** Each file of the snapshot (database included) with its size and sha256, '/'-separated. */
  files: { path: string; bytes: number; sha256: string }[];
}

/** The embedded server's pid when one is running on this data folder, else null. */
export function runningServer(dataDir: string): { pid: number; url?: string } | null {
  const lock = join(dataDir, SERVER_LOCK);
  if (!existsSync(lock)) return null;
  try {
    const held = JSON.parse(readFileSync(lock, 'utf8')) as { pid: number; url?: string };
    process.kill(held.pid, 0);
    return held;
  } catch {
    // A lock left by a server that crashed: its process is gone.
    return null;
  }
}

export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function describeFiles(root: string): Manifest['files'] {
  return listFiles(root)
    .filter((path) => path !== MANIFEST)
    .map((path) => ({ path, bytes: statSync(join(root, path)).size, sha256: sha256File(join(root, path)) }));
}

export interface BackupOptions {
  dataDir: string;
  /** The folder snapshots go into; each gets a subfolder named by its time. */
  outDir: string;
  now?: Date;
}

export async function backup(options: BackupOptions): Promise<{ snapshot: string; manifest: Manifest }> {
  const dataDir = resolve(options.dataDir);
  const database = join(dataDir, DATABASE);
  if (!existsSync(database)) throw new Error(`No ${DATABASE} in ${dataDir}: nothing to back up`);
  const now = options.now ?? new Date();
  const snapshot = join(resolve(options.outDir), now.toISOString().replace(/[:.]/g, '-'));
  if (existsSync(snapshot)) throw new Error(`${snapshot} exists already`);
  // Written under a temporary name and renamed at the end: a half-written snapshot never looks complete.
  const partial = `${snapshot}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const client = createClient({ url: `file:${database}` });
    try {
      await client.execute({ sql: 'VACUUM INTO ?', args: [join(partial, DATABASE)] });
    } finally {
      client.close();
    }
    // Files after the database: a file added meanwhile is at worst an extra file, never an
    // index entry whose file is missing.
    for (const entry of SNAPSHOT_ENTRIES) {
      const source = join(dataDir, entry);
      if (existsSync(source)) cpSync(source, join(partial, entry), { recursive: true });
    }
    // Owner-only, as the server writes them.
    for (const key of keyFilesIn(dataDir)) {
      copyFileSync(join(dataDir, key), join(partial, key), constants.COPYFILE_EXCL);
      chmodSync(join(partial, key), 0o600);
    }
    const manifest: Manifest = { format: 1, created_at: now.toISOString(), files: describeFiles(partial) };
    writeFileSync(join(partial, MANIFEST), JSON.stringify(manifest, null, 2));
    renameSync(partial, snapshot);
    return { snapshot, manifest };
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = outIndex >= 0 && args[outIndex + 1] ? resolve(args[outIndex + 1]!) : join(repoRoot, 'backups');
  const dataDir = defaultDataDir();
  const { snapshot, manifest } = await backup({ dataDir, outDir });
  const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  console.log(`Backed up ${dataDir} to ${snapshot} (${manifest.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB).`);
  if (runningServer(dataDir)) {
    console.log('The server is running: sign-in accounts are as of its last start or stop (the Auth emulator writes them on exit).');
  }
  const shown = relative(process.cwd(), snapshot);
  console.log(`Restore with: npm run restore -- ${shown.startsWith('..') ? snapshot : shown}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
