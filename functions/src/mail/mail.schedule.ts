import { onSchedule } from 'firebase-functions/v2/scheduler';
import { REGION, tursoAuthToken } from '../config/params.js';
import { nextcloudAppPassword } from '../nextcloud/nextcloud.config.js';
import { integrationsInUse } from '../config/integrations.js';
import { mailCredentialsKey } from './mail.params.js';

/** The function may run 300 s; a run starts no new message after this, and the next continues. */
export const POLL_BUDGET_MS = 240_000;

/**
 * Reads every mail account's new messages every 2 minutes (issue 8, "Polling"). imapflow,
 * mailparser and the rest load on the first run, not at deploy or cold start.
 */
export const pollMail = onSchedule(
  { schedule: 'every 2 minutes', region: REGION, timeoutSeconds: 300, secrets: [tursoAuthToken, mailCredentialsKey, ...(integrationsInUse().has('nextcloud') ? [nextcloudAppPassword] : [])] },
  async () => {
    const deadline = Date.now() + POLL_BUDGET_MS;
    const [{ productionDepsFromParams }, { pollAllMail }, { parseCredentialsKey }, { JournalRepository }, { MailAccountsRepository }, { MediaRepository }, { CommsLog }] = await Promise.all([
      import('../config/production-deps.js'),
      import('./mail.poll.js'),
      import('./mail.crypto.js'),
      import('../journal/journal.repository.js'),
      import('./mail.accounts.repository.js'),
      import('../media/media.repository.js'),
      import('../comms/comms.log.js'),
    ]);
    const deps = await productionDepsFromParams();
    const repos = { journal: new JournalRepository(deps.sql), mailAccounts: new MailAccountsRepository(deps.sql), media: new MediaRepository(deps.sql) };
    await pollAllMail(deps, new CommsLog(deps), repos, { deadline }, () => parseCredentialsKey(mailCredentialsKey.value()));
  },
);
