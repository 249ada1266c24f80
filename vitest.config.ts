import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A worker per core, not vitest's default of one fewer: on 2 cores that is 2 instead of 1.
    // Most files wait on servers, browsers and child processes for much of their time, and the
    // static checks beside the run are niced (scripts/test/run-all.ts), so they take what is left.
    maxWorkers: '100%',
    reporters: ['default', './scripts/test/slowest-files.reporter.ts'],
    projects: [
      {
        test: {
          name: 'functions',
          environment: 'node',
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
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
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
