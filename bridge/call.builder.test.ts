import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmiParser, type AmiMessage } from './ami.protocol.js';
import { CallBuilder } from './call.builder.js';
import { BANNER, scenarios } from './test-support/ami-streams.js';
import type { CallRecord } from '../functions/src/calls/calls.schema.js';

function build(events: string[]): CallRecord[] {
  const records: CallRecord[] = [];
  const builder = new CallBuilder({ pbx: 'office', graceMs: 0, now: () => new Date(0), onCall: (r) => records.push(r) });
  const parser = new AmiParser();
  parser.push(Buffer.from(BANNER));
  for (const event of events) for (const message of parser.push(Buffer.from(event))) builder.handle(message);
  return records;
}

describe('one record per call', () => {
  for (const scenario of scenarios()) {
    it(scenario.name, () => {
      const records = build(scenario.events);
      if (scenario.expected === null) {
        expect(records).toEqual([]);
        return;
      }
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ pbx: 'office', ...scenario.expected });
    });
  }

  it('builds every call right when the calls interleave, and a replayed stream adds nothing', () => {
    const all = scenarios();
    const expected = all.filter((s) => s.expected !== null);
    fc.assert(
      fc.property(fc.array(fc.nat(all.length - 1), { minLength: 400, maxLength: 400 }), (picks) => {
        // Interleave the calls' events at random, each call's own events in order.
        const queues = all.map((s) => [...s.events]);
        const stream: string[] = [];
        for (const pick of picks) {
          const queue = queues[pick]!.length > 0 ? queues[pick]! : queues.find((q) => q.length > 0);
          if (queue) stream.push(queue.shift()!);
        }
        for (const queue of queues) stream.push(...queue);
        const records = build([...stream, ...stream]);
        expect(records).toHaveLength(expected.length);
        for (const scenario of expected) {
          const matching = records.filter((r) => r.linkedid === scenario.events[0]!.match(/Linkedid: (\S+)/)![1]);
          expect(matching).toHaveLength(1);
          expect(matching[0]).toMatchObject(scenario.expected!);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('rebuilds calls in progress from the events it kept, as a restarted bridge does, and loses or doubles none', () => {
    const all = scenarios();
    const expected = all.filter((s) => s.expected !== null);
    const linkedidOf = (events: string[]) => events[0]!.match(/Linkedid: (\S+)/)![1]!;
    fc.assert(
      fc.property(fc.array(fc.nat(all.length - 1), { minLength: 400, maxLength: 400 }), fc.nat(), (picks, cutSeed) => {
        const queues = all.map((s) => [...s.events]);
        const stream: string[] = [];
        for (const pick of picks) {
          const queue = queues[pick]!.length > 0 ? queues[pick]! : queues.find((q) => q.length > 0);
          if (queue) stream.push(queue.shift()!);
        }
        for (const queue of queues) stream.push(...queue);
        const cut = cutSeed % (stream.length + 1);

        // What the outbox's pending_events would hold: kept under each Linkedid, gone with the call.
        const kept: { linkedids: Set<string>; message: AmiMessage; arrivedAt: Date }[] = [];
        const forget = (linkedid: string) => {
          for (const row of kept) row.linkedids.delete(linkedid);
          for (let i = kept.length - 1; i >= 0; i--) if (kept[i]!.linkedids.size === 0) kept.splice(i, 1);
        };
        const records: CallRecord[] = [];
        let clock = 0;
        let replaying = false;
        const builder = () =>
          new CallBuilder({
            pbx: 'office',
            graceMs: 0,
            now: () => new Date(clock),
            onCall: (r) => {
              records.push(r);
              forget(r.linkedid);
            },
            onDropped: forget,
            onKept: (linkedids, message, arrivedAt) => {
              if (!replaying) kept.push({ linkedids: new Set(linkedids), message, arrivedAt });
            },
          });
        const feed = (target: CallBuilder, events: string[]) => {
          const parser = new AmiParser();
          parser.push(Buffer.from(BANNER));
          for (const event of events) for (const message of parser.push(Buffer.from(event))) target.handle(message, new Date((clock += 1000)));
        };
        feed(builder(), stream.slice(0, cut));
        // The restart: a new builder replays what was kept (not kept again), then the rest arrives.
        const restarted = builder();
        replaying = true;
        for (const row of [...kept]) restarted.handle(row.message, row.arrivedAt);
        replaying = false;
        feed(restarted, stream.slice(cut));

        expect(records).toHaveLength(expected.length);
        for (const scenario of expected) {
          const matching = records.filter((r) => r.linkedid === linkedidOf(scenario.events));
          expect(matching).toHaveLength(1);
          expect(matching[0]).toMatchObject(scenario.expected!);
        }
        expect(restarted.inProgress).toBe(0);
        expect(kept).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
