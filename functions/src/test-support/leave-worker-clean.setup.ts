/**
 * Runs around every test file of the node projects (vitest.config.ts `setupFiles`). Their files
 * share a worker process one after another (`isolate: false`: the app's modules load once per
 * worker instead of once per file), so a file must leave the process as it found it. Two things
 * outlive a file and would change the next one: the environment variables it set (mail hosts,
 * credentials key, emulator hosts), and firebase-admin apps, which keep the emulator host and
 * project they were created with.
 */
import { deleteApp, getApps } from 'firebase-admin/app';
import { afterAll, beforeAll } from 'vitest';

let before: Record<string, string | undefined> = {};

beforeAll(() => {
  before = { ...process.env };
});

afterAll(async () => {
  for (const name of Object.keys(process.env)) {
    if (!(name in before)) delete process.env[name];
  }
  for (const [name, value] of Object.entries(before)) {
    if (value !== undefined && process.env[name] !== value) process.env[name] = value;
  }
  await Promise.all(getApps().map((app) => deleteApp(app)));
});
