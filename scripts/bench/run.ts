/**
 * `npm run bench [-- name…]`: runs every `*.bench.ts` in this folder (or those whose file
 * name contains one of the given names) one after another and prints what each measured.
 * Benchmarks print ratios measured in one run; they never fail a build.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Bench {
  name: string;
  run(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
  .sort();

for (const file of files) {
  const bench = (await import(pathToFileURL(join(here, file)).href)).default as Bench;
  console.log(`\n== ${bench.name} (${file})`);
  await bench.run();
}
process.exit(0);
