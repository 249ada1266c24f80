/** `npm start`: builds the SPA if it is missing or stale, then runs the embedded server. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot, startEmbedded } from './server.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const builtIndex = join(repoRoot, 'hosting/dist/index.html');
const sources = [join(repoRoot, 'hosting/src'), join(repoRoot, 'hosting/index.html')];
const sourceMtime = Math.max(...sources.map((s) => (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs)));
if (!existsSync(builtIndex) || statSync(builtIndex).mtimeMs < sourceMtime) {
  console.log('Building the SPA…');
  execFileSync('npm', ['run', 'build', '-w', 'hosting'], { cwd: repoRoot, stdio: 'inherit' });
}

/** The machine's non-loopback IPv4 addresses when listening on all of them. */
function lanAddresses(host: string): string[] {
  if (host !== '0.0.0.0') return [];
  return Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry!.address);
}

const dataDir = resolve(process.env.DATA_DIR ?? join(repoRoot, 'data'));
const embedded = await startEmbedded({
  dataDir,
  port: Number(process.env.PORT ?? 8787),
  // 127.0.0.1: this machine only. HOST=0.0.0.0 serves the office LAN (README, "An office server").
  host: process.env.HOST ?? '127.0.0.1',
  seed: process.env.SEED !== 'false',
});

console.log(`\nBellSystems CRM is running at ${embedded.url}`);
for (const address of lanAddresses(process.env.HOST ?? '127.0.0.1')) console.log(`  on the office network: http://${address}:${embedded.port}`);
console.log('\nSign in as:');
for (const login of embedded.logins) {
  console.log(`  ${login.role.padEnd(7)} ${login.email.padEnd(24)} password: ${login.password}`);
}
console.log(`\nCtrl-C stops it; your data stays in ${dataDir}.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    embedded.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
