/** Once per run for the e2e project: the SPA built and Chromium started before the first file. */
import { ensureSpaBuilt, startSharedChromium } from './browser.js';

export default async function setup(): Promise<() => Promise<void>> {
  ensureSpaBuilt();
  const chromium = await startSharedChromium();
  return () => chromium.close();
}
