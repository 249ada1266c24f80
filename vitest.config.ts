import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
          fileParallelism: false,
        },
      },
    ],
  },
});
