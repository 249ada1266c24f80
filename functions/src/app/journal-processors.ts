import type { AppDeps } from './deps.js';
import { CommsLog } from '../comms/comms.log.js';
import type { JournalSource } from '../journal/journal.repository.js';
import { drainJournal, type DrainResult, type JournalProcessor } from '../journal/journal.service.js';
import { fileAssignedMessages } from './files-follow.js';
import { buildRepositories, type Repositories } from './repositories.js';

/**
 * Each integration's processor of its journaled deliveries, loaded on first use (a scheduled
 * drain should not load imapflow to retry a WhatsApp delivery). An integration adds its line.
 */
type LoadProcessor = (deps: AppDeps, comms: CommsLog, repos: Repositories) => Promise<JournalProcessor>;

export const journalProcessors: Partial<Record<JournalSource, LoadProcessor>> = {
  call: async (deps, comms, repos) => (await import('../calls/calls.service.js')).callJournalProcessor(deps, comms, repos.calls),
  whatsapp: async (deps, comms, repos) => (await import('../whatsapp/whatsapp.process.js')).whatsappJournalProcessor(deps, comms, repos),
  email: async (deps, comms, repos) => (await import('../mail/mail.poll.js')).emailJournalProcessor(deps, comms, repos),
};

/**
 * Retries what is due in every source's journal, then files what assigned Inbox messages left
 * waiting (files-follow.ts): the scheduled `drainJournals` and the embedded timer. The comms
 * log and the repositories are built once per run.
 */
export async function drainAllJournals(deps: AppDeps, deadline?: number): Promise<Partial<Record<JournalSource, DrainResult>>> {
  const comms = new CommsLog(deps);
  const repos = buildRepositories(deps.sql);
  const results: Partial<Record<JournalSource, DrainResult>> = {};
  for (const [source, load] of Object.entries(journalProcessors) as [JournalSource, LoadProcessor][]) {
    results[source] = await drainJournal(deps, repos.journal, source, await load(deps, comms, repos), deadline === undefined ? {} : { deadline });
  }
  if (deadline === undefined || Date.now() < deadline) await fileAssignedMessages(deps, comms, repos);
  return results;
}
