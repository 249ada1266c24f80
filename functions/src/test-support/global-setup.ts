/**
 * Vitest global setup of the functions project: one Auth emulator for the whole run, since
 * firebase-admin in emulator mode looks every verified token's user up on it. It starts in the
 * background (about 10 s of CPU); createTestApp waits for it, other tests do not.
 */
import type { TestProject } from 'vitest/node';
import { launchAuthEmulator } from './auth-emulator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    authEmulatorHost: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await launchAuthEmulator();
  project.provide('authEmulatorHost', emulator.host);
  return () => emulator.stop();
}
