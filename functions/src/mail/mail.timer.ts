import { join } from 'node:path';
import type { CommsLog } from '../comms/comms.log.js';
import type { Logger } from '../http/deps.js';
import { CREDENTIALS_KEY_ENV, loadOrCreateKeyFile } from './mail.crypto.js';
import type { MailDeps, MailRepositories } from './mail.ingest.js';
import { pollAllMail } from './mail.poll.js';

/** Where the embedded mode keeps its generated MAIL_CREDENTIALS_KEY; back it up with the database. */
export const EMBEDDED_KEY_FILE = 'mail-credentials.key';

/**
 * The embedded mode's `pollMail`: the same poll every `seconds`, never two at once. Uses
 * MAIL_CREDENTIALS_KEY from the environment, else one generated under `dataDir`. The returned
 * stop waits for a running poll to end.
 */
export function startMailTimer(deps: MailDeps, comms: CommsLog, repos: MailRepositories, dataDir: string, seconds: number, logger: Logger): () => Promise<void> {
  process.env[CREDENTIALS_KEY_ENV] ||= loadOrCreateKeyFile(join(dataDir, EMBEDDED_KEY_FILE));
  const everyMs = Math.max(1, seconds) * 1000;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = pollAllMail(deps, comms, repos, { deadline: Date.now() + Math.max(everyMs - 5_000, 10_000) })
      .then(() => undefined)
      .catch((err: unknown) => logger.error('mail poll failed', { err: String(err) }))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
