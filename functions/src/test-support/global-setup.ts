/**
 * Vitest global setup of the functions project: one Auth emulator for the whole run, since
 * firebase-admin in emulator mode looks every verified token's user up on it. Tests start once
 * it answers (its start is about 10 s of CPU, far longer on a busy machine, which a per-test
 * hook timeout would not survive).
 */
import type { TestProject } from 'vitest/node';
import { startAuthEmulator } from '../auth/auth-emulator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    authEmulatorHost: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await startAuthEmulator({ readyTimeoutMs: 300_000 });
  project.provide('authEmulatorHost', emulator.host);
  return () => emulator.stop();
}
