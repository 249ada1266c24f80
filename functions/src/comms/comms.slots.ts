import type { Transaction } from '@libsql/client';
import { SEQ_SLOTS, seqBase } from './comms.seq.js';

/**
 * Where an entry goes in the log's order (comms.seq.ts): the next free slot of its
 * millisecond, spilling into the next millisecond's when all are taken.
 */

/** The next free seq of a millisecond's slots (its first when it has none). */
export const NEXT_SEQ = `SELECT coalesce(max(rowid) + 1, ?) AS seq FROM crm_comms_log WHERE rowid >= ? AND rowid < ? + ${SEQ_SLOTS}`;
/** A millisecond with every slot taken lends the next one's: the order stays right to the millisecond. */
export const MAX_SPILL = 1_000;

/** A free seq for `at`, inside a write transaction (so nobody takes it meanwhile). */
export async function freeSeq(tx: Transaction, at: Date): Promise<number> {
  for (let spill = 0; spill <= MAX_SPILL; spill++) {
    const base = seqBase(at) + spill * SEQ_SLOTS;
    const rs = await tx.execute({ sql: NEXT_SEQ, args: [base, base, base] });
    const seq = Number(rs.rows[0]!.seq);
    if (seq < base + SEQ_SLOTS) return seq;
  }
  throw new Error(`No free place in the comms log order near ${at.toISOString()}`);
}

/** Another entry holds the seq (a full millisecond spilling into the next). */
export function isSeqTaken(err: unknown): boolean {
  const e = err as { extendedCode?: string; message?: string };
  return e.extendedCode === 'SQLITE_CONSTRAINT_ROWID' || /UNIQUE constraint failed: crm_comms_log\.rowid/.test(e.message ?? '');
}
