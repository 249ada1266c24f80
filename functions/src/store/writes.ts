/** The writes of the port as data, and the checks both adapters make before sending one. */
import { isFieldTransform, StoreError, type DocData, type DocWriter, type SetOptions } from './docstore.js';
import { parseDocPath } from './paths.js';
import { checkValue, isPlainMap } from './values.js';

export type WriteOp =
  | { type: 'create'; path: string; data: DocData }
  | { type: 'set'; path: string; data: DocData; merge: boolean }
  | { type: 'update'; path: string; data: DocData }
  | { type: 'delete'; path: string };

/** Checks a write's data up front, so a bad write fails when it is made (as firebase-admin does). */
export function checkWrite(op: WriteOp): void {
  parseDocPath(op.path);
  if (op.type === 'delete') return;
  if (!isPlainMap(op.data)) throw new StoreError('invalid-argument', `Document data for '${op.path}' must be a plain object`);
  checkValue(op.data, '');
  if (op.type === 'update') {
    if (Object.keys(op.data).length === 0) throw new StoreError('invalid-argument', `update of '${op.path}' has no fields`);
    const keys = Object.keys(op.data);
    for (const key of keys) {
      if (key.split('.').some((p) => p === '')) throw new StoreError('invalid-argument', `Invalid field path '${key}'`);
      if (keys.some((other) => other.startsWith(`${key}.`))) {
        throw new StoreError('invalid-argument', `update of '${op.path}' sets both '${key}' and a field inside it`);
      }
      rejectNestedDelete(op.data[key], key);
    }
  } else if (op.type === 'create' || !op.merge) {
    rejectNestedDelete(op.data, '');
  }
}

function rejectNestedDelete(value: unknown, field: string): void {
  if (isPlainMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      const child = field ? `${field}.${k}` : k;
      if (isFieldTransform(v) && v.__transform === 'delete') {
        throw new StoreError('invalid-argument', `FieldOps.delete() at '${child}' is only allowed in update or set with merge`);
      }
      rejectNestedDelete(v, child);
    }
  }
}


/** Records the writes of a transaction or batch, checked as they are made, to apply on commit. */
export class WriteRecorder implements DocWriter {
  readonly ops: WriteOp[] = [];

  /** Hook for subclasses that refuse writes at some point (a committed batch). */
  protected beforeWrite(): void {}

  private record(op: WriteOp): void {
    this.beforeWrite();
    checkWrite(op);
    this.ops.push(op);
  }

  create(path: string, data: DocData): void {
    this.record({ type: 'create', path, data });
  }

  set(path: string, data: DocData, options?: SetOptions): void {
    this.record({ type: 'set', path, data, merge: options?.merge === true });
  }

  update(path: string, data: DocData): void {
    this.record({ type: 'update', path, data });
  }

  delete(path: string): void {
    this.record({ type: 'delete', path });
  }
}

export const READS_BEFORE_WRITES = 'Firestore transactions require all reads to be executed before all writes';
