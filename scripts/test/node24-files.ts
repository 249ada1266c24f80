/**
 * The functions' test files whose outcome can differ between Node 20 (the machine's) and Node 24
 * (the deployed runtime), one path a line, for `.ci/run`'s second pass. Compared on 2026-12-07,
 * 20.20.2 against 24.22.3: OpenSSL 3.0.19 → 3.5.9, undici 6.24 → 7.30, V8 11.3 → 13.6, ICU
 * 78.2 → 78.3 (the same CLDR, so Greek collation and Europe/Athens dates do not differ). V8 runs
 * our own logic (zod, money in cents, route handlers) alike; what changed is the platform under
 * it, so a file is chosen when it, or the module it is named after, reaches that platform:
 * - every `*.int.test.ts`: real servers, sockets, TLS, child processes, and the Functions
 *   emulator running `api` on the Node that runs the test;
 * - OpenSSL (`node:crypto`, `node:tls`): sessions, scrypt, HMAC signatures, sealed secrets;
 * - undici and the http stack (`fetch`, `node:http`, `node:net`);
 * - streams and zlib (`node:stream`, `node:zlib`): exports, PDFs, uploads;
 * - child processes, DNS and async context (`node:child_process`, `node:dns`, `node:async_hooks`).
 * Run with `npx tsx scripts/test/node24-files.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const reachesPlatform = /node:(crypto|tls|net|https?|stream|zlib|child_process|dns|async_hooks|worker_threads)\b|\bfetch\(/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The module a unit test is named after: `x.routes.test.ts` tests `x.routes.ts`. */
function subjectOf(testFile: string): string | null {
  const subject = testFile.replace(/\.test\.ts$/, '.ts');
  return existsSync(subject) ? subject : null;
}

function differsOnNode24(testFile: string): boolean {
  if (testFile.endsWith('.int.test.ts')) return true;
  const subject = subjectOf(testFile);
  return [testFile, subject].some((file) => file !== null && reachesPlatform.test(readFileSync(file, 'utf8')));
}

const chosen = testFiles(join(repoRoot, 'functions/src'))
  .filter(differsOnNode24)
  .map((file) => relative(repoRoot, file))
  .sort();
process.stdout.write(`${chosen.join('\n')}\n`);
