import type { Logger } from '../http/deps.js';

/**
 * The embedded mode's stand-in for an `onSchedule` function: `job` every `seconds`, never two
 * at once. The returned stop waits for a running job to end.
 */
export function startJobTimer(name: string, job: () => Promise<unknown>, seconds: number, logger: Logger): () => Promise<void> {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = job()
      .then(() => undefined)
      .catch((err: unknown) => logger.error(`${name} failed`, { err: String(err) }))
      .finally(() => {
        running = null;
      });
  }, Math.max(1, seconds) * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
