/**
 * `npm test`: the static checks (lint, the import rules, the four type-checks) and the vitest
 * run side by side instead of one after the other. Vitest runs a worker per core; the checks
 * run niced in two lanes, so they take the time the workers leave (waiting on servers, browsers,
 * child processes) without slowing them, and both cores once vitest is done. They keep caches
 * under node_modules/.cache, so a second run checks only what changed. The checks' output is
 * held and printed after vitest's (in full for a failed one), so the two never interleave.
 * Arguments after `--` go to vitest (e.g. `npm test -- functions/src/orders`).
 */
import { spawn } from 'node:child_process';

interface Outcome {
  name: string;
  code: number;
  output: string;
  seconds: number;
}

/** The package.json scripts that check without running anything, in lanes of about equal length. */
const lanes = [['typecheck'], ['lint', 'lint:deps']];

function run(name: string, command: string[], inherit: boolean): Promise<Outcome> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code, signal) => done({ name, code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }));
  });
}

async function runLane(lane: string[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const name of lane) outcomes.push(await run(name, ['nice', '-n', '10', 'npm', 'run', '-s', name], false));
  return outcomes;
}

async function runChecks(): Promise<Outcome[]> {
  return (await Promise.all(lanes.map(runLane))).flat();
}

const vitestArgs = process.argv.slice(2);
const started = Date.now();
const [checkOutcomes, vitest] = await Promise.all([runChecks(), run('vitest', ['npx', '--no-install', 'vitest', 'run', ...vitestArgs], true)]);

process.stdout.write('\nStatic checks:\n');
for (const outcome of checkOutcomes) {
  process.stdout.write(`  ${outcome.code === 0 ? 'ok    ' : 'FAILED'} ${outcome.name} (${outcome.seconds.toFixed(0)} s)\n`);
}
for (const failed of checkOutcomes.filter((outcome) => outcome.code !== 0)) {
  process.stdout.write(`\n--- ${failed.name} ---\n${failed.output}\n`);
}
const failures = [...checkOutcomes, vitest].filter((outcome) => outcome.code !== 0).map((outcome) => outcome.name);
process.stdout.write(`\nnpm test: ${failures.length === 0 ? 'passed' : `FAILED (${failures.join(', ')})`} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.exit(failures.length === 0 ? 0 : 1);
