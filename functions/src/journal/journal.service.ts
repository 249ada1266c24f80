import type { AppDeps } from '../app/deps.js';
import type { JournalRecord, JournalRepository, JournalSource } from './journal.repository.js';

export type JournalDeps = Pick<AppDeps, 'clock' | 'logger'>;

/** Turns one journaled delivery into comms entries; must be idempotent on the channel's ids. */
export type JournalProcessor = (record: JournalRecord) => Promise<void>;

export interface DrainResult {
  processed: number;
  failed: number;
}

/**
 * Runs `process` on one record and files the outcome in `journal` (the repository the wiring
 * built); never throws (the error is kept on the record).
 */
export async function processRecord(deps: JournalDeps, journal: JournalRepository, record: JournalRecord, process: JournalProcessor): Promise<boolean> {
  try {
    await process(record);
    await journal.markProcessed(record.id, deps.clock.now());
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    deps.logger.warn('journal record failed', { source: record.source, journal_id: record.id, attempts: record.attempts + 1, error: message });
    const { dead } = await journal.markFailed(record.id, message, deps.clock.now());
    // Shown to admins (GET /admin/journal/dead, the health probe) instead of being retried for ever.
    if (dead) deps.logger.error('journal record dead', { source: record.source, journal_id: record.id, error: message });
    return false;
  }
}

/**
 * Processes what is due for `source` (failed records whose retry time came, pending ones a
 * crashed run left), oldest first, until none is left, `limit` is reached or `deadline` passes.
 */
export async function drainJournal(
  deps: JournalDeps,
  journal: JournalRepository,
  source: JournalSource,
  process: JournalProcessor,
  options: { limit?: number; deadline?: number } = {},
): Promise<DrainResult> {
  const limit = options.limit ?? 500;
  const result: DrainResult = { processed: 0, failed: 0 };
  const due = await journal.due(source, deps.clock.now(), limit);
  for (const record of due) {
    if (options.deadline !== undefined && Date.now() > options.deadline) break;
    if (await processRecord(deps, journal, record, process)) result.processed++;
    else result.failed++;
  }
  return result;
}
