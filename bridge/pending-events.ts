/**
 * Writes the AMI events of calls in progress to the outbox's `pending_events` in batches, so
 * the hot path (one event every few milliseconds on a busy PBX, thousands in a replay) never
 * waits on the disk: events are buffered for at most `flushMs` or `maxBatch` events and
 * written in one transaction. Every other write of the bridge that must follow them (storing a
 * finished call, which deletes its events; forgetting a dropped call) goes through `after`, so
 * it runs after the events kept before it and a call's events never outlive it.
 *
 * What a crash (not a stop) can lose is the last `flushMs` of events; a stop flushes them.
 */
import type { AmiMessage } from './ami.protocol.js';
import type { Outbox, PendingEvent } from './outbox.js';

export interface PendingEventLogOptions {
  flushMs?: number;
  maxBatch?: number;
  onError(err: unknown): void;
}

export class PendingEventLog {
  private buffer: PendingEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The last write queued; every write waits for the one before it. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly outbox: Outbox,
    private nextSeq: number,
    private readonly options: PendingEventLogOptions,
  ) {}

  static async open(outbox: Outbox, options: PendingEventLogOptions): Promise<PendingEventLog> {
    return new PendingEventLog(outbox, await outbox.nextEventSeq(), options);
  }

  keep(linkedids: readonly string[], message: AmiMessage, arrivedAt: Date): void {
    const seq = this.nextSeq++;
    const text = JSON.stringify(message);
    for (const linkedid of linkedids) this.buffer.push({ linkedid, seq, arrivedAt: arrivedAt.getTime(), message: text });
    if (this.buffer.length >= (this.options.maxBatch ?? 500)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 25);
  }

  /** Runs a write once every event kept before this call is on disk. */
  after<T>(write: () => Promise<T>): Promise<T> {
    void this.flush();
    const result = this.chain.then(write);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Writes the buffered events; resolves when every write queued so far is done. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buffer.length > 0) {
      const events = this.buffer;
      this.buffer = [];
      this.chain = this.chain.then(() => this.outbox.keepEvents(events)).catch((err: unknown) => this.options.onError(err));
    }
    return this.chain;
  }
}
