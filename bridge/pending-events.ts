/**
 * The bridge's writes to its SQLite, batched: the AMI events of calls in progress (kept so a
 * restart mid-call loses nothing), finished calls stored in the outbox (deleting their kept
 * events), and dropped calls' kept events forgotten. Writes are buffered for at most `flushMs`
 * or `maxBatch` of them and run in order in one transaction, so the hot path never waits on
 * the disk and a busy PBX costs one fsync per batch, not one per event or call. A call's
 * events are written before the statement that deletes them, so they never outlive it.
 *
 * A crash (not a stop) loses at most the last `flushMs` of writes; a stop flushes them.
 */
import type { InStatement } from '@libsql/client';
import type { AmiMessage } from './ami.protocol.js';
import { Outbox } from './outbox.js';
import type { CallRecord } from '../functions/src/calls/calls.schema.js';

export interface PendingEventLogOptions {
  flushMs?: number;
  maxBatch?: number;
  onError(err: unknown): void;
}

interface Write {
  statements: InStatement[];
  /** Gets the result of the write's first statement, or why the batch failed. */
  done?: { resolve(rowsAffected: number): void; reject(err: unknown): void };
}

export class PendingEventLog {
  private batch: Write[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The last batch queued; every batch waits for the one before it. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly outbox: Outbox,
    private nextSeq: number,
    private readonly options: PendingEventLogOptions,
  ) {}

  static async open(outbox: Outbox, options: PendingEventLogOptions): Promise<PendingEventLog> {
    return new PendingEventLog(outbox, await outbox.nextEventSeq(), options);
  }

  /** Keeps an event of calls in progress (under each of their Linkedids, with one seq). */
  keep(linkedids: readonly string[], message: AmiMessage, arrivedAt: Date): void {
    const seq = this.nextSeq++;
    const text = JSON.stringify(message);
    this.push({ statements: linkedids.map((linkedid) => Outbox.keep({ linkedid, seq, arrivedAt: arrivedAt.getTime(), message: text })) });
  }

  /** Stores a finished call in the outbox and forgets its kept events; false when it was stored before. */
  store(record: CallRecord, now: number): Promise<boolean> {
    return new Promise<number>((resolve, reject) => this.push({ statements: Outbox.store(record, now), done: { resolve, reject } })).then((n) => n > 0);
  }

  /** Forgets the kept events of a call that will not be logged. */
  forget(linkedid: string): Promise<void> {
    return new Promise<number>((resolve, reject) => this.push({ statements: [Outbox.forget(linkedid)], done: { resolve, reject } })).then(() => undefined);
  }

  /** Writes what is buffered; resolves when every batch queued so far is done. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.batch.length > 0) {
      const writes = this.batch;
      this.batch = [];
      this.size = 0;
      this.chain = this.chain.then(async () => {
        try {
          const results = await this.outbox.write(writes.flatMap((w) => w.statements));
          let index = 0;
          for (const write of writes) {
            write.done?.resolve(results[index]?.rowsAffected ?? 0);
            index += write.statements.length;
          }
        } catch (err) {
          for (const write of writes) write.done?.reject(err);
          if (writes.some((w) => !w.done)) this.options.onError(err);
        }
      });
    }
    return this.chain;
  }

  private push(write: Write): void {
    this.batch.push(write);
    this.size += write.statements.length;
    if (this.size >= (this.options.maxBatch ?? 500)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 25);
  }
}
