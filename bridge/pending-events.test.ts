import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AmiMessage } from './ami.protocol.js';
import { Outbox } from './outbox.js';
import { PendingEventLog } from './pending-events.js';
import type { CallRecord } from '../functions/src/calls/calls.schema.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const message = (event: string, uniqueid: string): AmiMessage => ({ fields: { Event: event, Uniqueid: uniqueid }, repeated: {} });
const record = (linkedid: string) => ({ pbx: 'office', linkedid }) as CallRecord;

describe('the kept events of calls in progress', () => {
  it('are written in batches, go with their call, and are read back once each, in order, after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pending-events-'));
    dirs.push(dir);
    let outbox = await Outbox.open(dir);
    const errors: unknown[] = [];
    let log = await PendingEventLog.open(outbox, { flushMs: 10_000, maxBatch: 1_000, onError: (err) => errors.push(err) });
    log.keep(['A'], message('Newchannel', 'A'), new Date(1_000));
    log.keep(['B'], message('Newchannel', 'B'), new Date(2_000));
    // An attended transfer names both calls: kept under each, read back once.
    log.keep(['A', 'B'], message('AttendedTransfer', 'A'), new Date(3_000));
    log.keep(['B'], message('Hangup', 'B'), new Date(4_000));
    // Buffered, not yet written: the hot path did not wait for the disk.
    expect(await outbox.pendingCalls()).toBe(0);
    const stored = log.store(record('A'), 5_000);
    const again = log.store(record('A'), 5_001);
    await log.flush();
    expect(await stored).toBe(true);
    expect(await again).toBe(false);
    expect(await outbox.depth()).toBe(1);
    expect(await outbox.pendingCalls()).toBe(1);
    outbox.close();

    outbox = await Outbox.open(dir);
    const kept = await outbox.pendingEvents();
    expect(kept.map((e) => [e.arrivedAt, (JSON.parse(e.message) as AmiMessage).fields.Event])).toEqual([
      [2_000, 'Newchannel'],
      [3_000, 'AttendedTransfer'],
      [4_000, 'Hangup'],
    ]);
    log = await PendingEventLog.open(outbox, { onError: (err) => errors.push(err) });
    log.keep(['B'], message('Cdr', 'B'), new Date(6_000));
    await log.flush();
    const seqs = (await outbox.pendingEvents()).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(4);
    await log.forget('B');
    expect(await outbox.pendingCalls()).toBe(0);
    expect(errors).toEqual([]);
    outbox.close();
  });
});
