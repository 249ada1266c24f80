import { z } from 'zod';
import { cursorSchema, encodeCursor } from '../shared/cursor.js';

/**
 * The comms log's order. An entry's rowid (its `seq`) is its occurred_at in milliseconds
 * times SEQ_SLOTS plus a slot, so rowid order is time order: the table, its customer index
 * and the full-text index all read newest first without sorting, and a search for a common
 * word stops after one page instead of sorting every match. Entries of one millisecond take
 * its slots in the order they are logged.
 */
export const SEQ_SLOTS = 1024;

/** The first seq of the millisecond `at`. */
export function seqBase(at: Date): number {
  return at.getTime() * SEQ_SLOTS;
}

/**
 * Where a list or timeline page ends: a seq-like number and, for events of the timeline that
 * are not comms entries, their id (comms entries have '', as their seq is unique).
 */
export interface SeqCursor {
  seq: number;
  tiebreak: string;
}

export const seqCursorSchema = cursorSchema(
  z.tuple([z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER), z.string().max(300)]),
).transform(([seq, tiebreak]): SeqCursor => ({ seq, tiebreak }));

export function encodeSeqCursor(cursor: SeqCursor): string {
  return encodeCursor([cursor.seq, cursor.tiebreak]);
}

/** Whether a comms entry with `seq` comes after `cursor` in a newest-first list. */
export function seqBefore(cursor: SeqCursor): { sql: string; value: number } {
  // An entry with the cursor's own seq is the cursor's entry, unless the cursor is a
  // timeline event of another kind sorted just above it.
  return cursor.tiebreak === '' ? { sql: '<', value: cursor.seq } : { sql: '<=', value: cursor.seq };
}
