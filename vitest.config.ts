import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * A node project's files run one after another in a worker that loads the app's modules once,
 * not once per file (a third of the suite's CPU went to loading them again); the setup file makes
 * each file leave that process as it found it.
 */
const sharedWorkers = {
  isolate: false,
  setupFiles: ['./functions/src/test-support/leave-worker-clean.setup.ts'],
};

export default defineConfig({
  test: {
    // A worker per core and one more, not vitest's default of one fewer: on 2 cores, 3 instead of
    // 1. A third of the files wait on servers, browsers and child processes for much of their
    // time (phone-fit.e2e holds a worker for minutes at half a core), and the static checks beside
    // the run are niced (scripts/test/run-all.ts), so they take what is left.
    maxWorkers: availableParallelism() + 1,
    reporters: ['default', './scripts/test/slowest-files.reporter.ts'],
    projects: [
      {
        test: {
          name: 'functions',
          environment: 'node',
          ...sharedWorkers,
          include: ['functions/src/**/*.test.ts', 'scripts/**/*.test.ts', 'bridge/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: './hosting/vite.config.ts',
        test: {
          name: 'hosting',
          root: './hosting',
          environment: 'happy-dom',
          // Component tests mount and unmount their own app: they share a worker's modules too.
          isolate: false,
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          ...sharedWorkers,
          include: ['hosting/e2e/**/*.test.ts'],
          globalSetup: ['./hosting/e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // Browser files run beside the others: each starts its own embedded server on a free port
          // and opens its own context in the run's one Chromium, and they mostly wait on it.
        },
      },
    ],
  },
});
