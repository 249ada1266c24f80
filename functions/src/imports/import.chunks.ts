/**
 * How an import's run and undo split their writes on a store whose transactions are bounded
 * (Firestore): chunks of at most 400 writes and 4 MiB, the store's side writes counted, each
 * its own transaction. On an unbounded store (libSQL) everything is one chunk, as before.
 */
import type { TransactionLimits } from '../store/docstore.js';
import type { Written } from './import.repository.js';

/** Well under Firestore's 500 writes and 10 MiB: room for what an estimate misses. */
const MAX_CHUNK_WRITES = 400;
const CHUNK_BYTES_SHARE = 0.4;

/** Items that must commit together (rows updating one document), and the writes they make. */
export interface ChunkUnit<T> {
  items: T[];
  /** Documents written (a product and its SKU reservations count each). */
  writes: number;
  /** Estimated bytes of those writes. */
  bytes: number;
}

export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');

/** The units' items in chunks, in order; one chunk when the store is unbounded. */
export function chunkUnits<T>(units: ChunkUnit<T>[], limits: TransactionLimits | undefined): T[][] {
  if (!limits) return [units.flatMap((u) => u.items)];
  const perWrite = 1 + limits.sideWritesPerWrite;
  const maxWrites = Math.min(MAX_CHUNK_WRITES, limits.maxWrites);
  const maxBytes = limits.maxBytes * CHUNK_BYTES_SHARE;
  const chunks: T[][] = [];
  let current: T[] = [];
  let writes = 0;
  let bytes = 0;
  for (const unit of units) {
    const unitWrites = unit.writes * perWrite;
    const unitBytes = unit.bytes * perWrite;
    if (current.length > 0 && (writes + unitWrites > maxWrites || bytes + unitBytes > maxBytes)) {
      chunks.push(current);
      current = [];
      writes = 0;
      bytes = 0;
    }
    current.push(...unit.items);
    writes += unitWrites;
    bytes += unitBytes;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

/**
 * What a run wrote, in chunks for its undo, last written first. A document a later chunk of the
 * run wrote again (a SKU reservation one product gave up and another took) starts a new chunk:
 * a transaction reads before it writes, so it could not put back both writes of one document.
 */
export function chunkWritten(written: Written[], limits: TransactionLimits | undefined): Written[][] {
  const segments: Written[][] = [[]];
  let seen = new Set<string>();
  for (const w of written) {
    if (seen.has(w.path)) {
      segments.push([]);
      seen = new Set();
    }
    seen.add(w.path);
    segments[segments.length - 1]!.push(w);
  }
  const chunks = segments.flatMap((segment) => chunkUnits(segment.map((w) => ({ items: [w], writes: 1, bytes: jsonBytes(w.before ?? w.after) })), limits));
  return chunks.reverse();
}
