import type { AppDeps } from './deps.js';
import type { JournalSource } from '../journal/journal.repository.js';
import { drainJournal, type DrainResult, type JournalProcessor } from '../journal/journal.service.js';
import { fileAssignedMessages } from './files-follow.js';

/**
 * Each integration's processor of its journaled deliveries, loaded on first use (a scheduled
 * drain should not load imapflow to retry a WhatsApp delivery). An integration adds its line.
 */
export const journalProcessors: Partial<Record<JournalSource, (deps: AppDeps) => Promise<JournalProcessor>>> = {
  call: async (deps) => (await import('../calls/calls.service.js')).callJournalProcessor(deps),
  whatsapp: async (deps) => (await import('../whatsapp/whatsapp.process.js')).whatsappJournalProcessor(deps),
  email: async (deps) => (await import('../mail/mail.poll.js')).emailJournalProcessor(deps),
};

/**
 * Retries what is due in every source's journal, then files what assigned Inbox messages left
 * waiting (files-follow.ts): the scheduled `drainJournals` and the embedded timer.
 */
export async function drainAllJournals(deps: AppDeps, deadline?: number): Promise<Partial<Record<JournalSource, DrainResult>>> {
  const results: Partial<Record<JournalSource, DrainResult>> = {};
  for (const [source, load] of Object.entries(journalProcessors) as [JournalSource, (deps: AppDeps) => Promise<JournalProcessor>][]) {
    results[source] = await drainJournal(deps, source, await load(deps), deadline === undefined ? {} : { deadline });
  }
  if (deadline === undefined || Date.now() < deadline) await fileAssignedMessages(deps);
  return results;
}
