/**
 * Prints the ten test files that took longest, after the run, so a slow file is seen the day it
 * gets slow. Wall time per file: collect (imports, suite setup) plus its tests and hooks.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const SHOWN = 10;

export default class SlowestFilesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const timed = testModules.map((module) => {
      const d = module.diagnostic();
      return { file: relative(process.cwd(), module.moduleId), ms: d.collectDuration + d.duration + d.setupDuration };
    });
    const slowest = timed.sort((a, b) => b.ms - a.ms).slice(0, SHOWN);
    if (slowest.length === 0) return;
    const lines = slowest.map(({ file, ms }) => `${(ms / 1000).toFixed(1).padStart(7)} s  ${file}`);
    process.stdout.write(`\nSlowest ${slowest.length} test files:\n${lines.join('\n')}\n`);
  }
}
