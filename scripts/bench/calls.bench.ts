/**
 * AMI bridge: 1,000,000 AMI events (the call scenarios of bridge/test-support/ami-streams.ts,
 * repeated with fresh Linkedids) as bytes in 64 KiB TCP-sized
 * chunks through the framing parser, then into the call builder. Prints AMI events parsed per
 * second (framing alone), calls built per second (framing and building), and the heap before
 * and after, to show that finished calls leave nothing behind. CALLS_BENCH_EVENTS runs fewer.
 * Then the bridge's path with its SQLite: the events of calls in progress kept in batches and
 * deleted with each stored call (bridge/pending-events.ts), on the first 200,000 events.
 */
import { AmiParser } from '../../bridge/ami.protocol.js';
import { CallBuilder } from '../../bridge/call.builder.js';
import { Outbox } from '../../bridge/outbox.js';
import { PendingEventLog } from '../../bridge/pending-events.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BANNER, scenarios } from '../../bridge/test-support/ami-streams.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Bench } from './run.js';
import { line } from './stats.js';

const EVENTS = Number(process.env.CALLS_BENCH_EVENTS ?? 1_000_000);
const CHUNK = 64 * 1024;
const KEPT_EVENTS = Math.min(EVENTS, 200_000);

/** Round after round of every scenario, each round with new Linkedids, until `events` events. */
function* streamChunks(events: number): Generator<Buffer> {
  const template = scenarios().flatMap((scenario) => scenario.events);
  let produced = 0;
  let pending = '';
  for (let round = 0; produced < events; round++) {
    for (const event of template) {
      if (produced++ >= events) break;
      // Every Uniqueid and Linkedid (with their Dest…/Transferer… forms) gets the round's prefix.
      pending += event.replace(/(niqueid|inkedid|niqueID): /g, `$1: r${round}-`);
      if (pending.length >= CHUNK) {
        yield Buffer.from(pending, 'utf8');
        pending = '';
      }
    }
  }
  if (pending !== '') yield Buffer.from(pending, 'utf8');
}

// A collection before each reading, so the numbers are what is still referenced.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return (process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1);
};

const bench: Bench = {
  name: 'AMI bridge: framing and call building',
  async run() {
    // The byte stream is built up front, so neither measurement times the generator.
    const chunks = [Buffer.from(BANNER), ...streamChunks(EVENTS)];
    const before = heapMb();

    const framing = new AmiParser();
    let parsed = 0;
    let start = performance.now();
    for (const chunk of chunks) parsed += framing.push(chunk).length;
    const parseSeconds = (performance.now() - start) / 1000;

    let calls = 0;
    const builder = new CallBuilder({ pbx: 'bench', graceMs: 0, now: () => new Date(), onCall: () => calls++ });
    const parser = new AmiParser();
    start = performance.now();
    for (const chunk of chunks) for (const message of parser.push(chunk)) builder.handle(message);
    const buildSeconds = (performance.now() - start) / 1000;
    const after = heapMb();

    line('AMI events parsed', { events: parsed, per_second: Math.round(parsed / parseSeconds), seconds: parseSeconds.toFixed(2) });
    line('calls built (parse + build)', {
      calls,
      per_second: Math.round(calls / buildSeconds),
      events_per_second: Math.round(builder.eventsSeen / buildSeconds),
      in_progress_left: builder.inProgress,
    });
    line('heap after a GC (MB; the input bytes are held)', { before_events: before, after_events: after });

    // As bridge.ts wires it: kept events, each finished call stored with its events deleted.
    const dataDir = mkdtempSync(join(tmpdir(), 'calls-bench-'));
    const outbox = await Outbox.open(dataDir);
    try {
      const pending = await PendingEventLog.open(outbox, { onError: (err) => console.error(err) });
      const stored: Promise<unknown>[] = [];
      const keeping = new CallBuilder({
        pbx: 'bench',
        graceMs: 0,
        now: () => new Date(),
        onCall: (record) => stored.push(pending.store(record, Date.now())),
        onDropped: (linkedid) => stored.push(pending.forget(linkedid)),
        onKept: (linkedids, message, arrivedAt) => pending.keep(linkedids, message, arrivedAt),
      });
      const keptParser = new AmiParser();
      let fed = 0;
      start = performance.now();
      for (const chunk of [Buffer.from(BANNER), ...streamChunks(KEPT_EVENTS)]) {
        for (const message of keptParser.push(chunk)) {
          keeping.handle(message);
          fed++;
        }
        // Let the batched writes run between chunks, as between TCP reads.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(stored);
      await pending.flush();
      const keepSeconds = (performance.now() - start) / 1000;
      line('events with calls kept on disk (parse + build + SQLite)', {
        events: fed,
        per_second: Math.round(fed / keepSeconds),
        calls_stored_or_dropped: stored.length,
        calls_with_kept_events_left: await outbox.pendingCalls(),
        in_progress_left: keeping.inProgress,
      });
    } finally {
      outbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default bench;
