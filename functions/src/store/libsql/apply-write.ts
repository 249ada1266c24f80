/**
 * Firestore's write semantics on plain data: what a document holds after create, set,
 * set-merge, update or delete, with field transforms resolved against the old values.
 */
import { isFieldTransform, StoreError, type DocData, type FieldTransform } from '../docstore.js';
import { cloneData, isPlainMap, valuesEqual } from '../values.js';
import type { WriteOp } from '../writes.js';

const DELETE = Symbol('delete');

function transform(t: FieldTransform, current: unknown, now: Date): unknown {
  switch (t.__transform) {
    case 'serverTimestamp':
      return new Date(now.getTime());
    case 'increment':
      return typeof current === 'number' ? current + t.by : t.by;
    case 'arrayUnion': {
      const out = Array.isArray(current) ? [...current] : [];
      for (const v of t.values) if (!out.some((x) => valuesEqual(x, v))) out.push(cloneData(v));
      return out;
    }
    case 'arrayRemove':
      return Array.isArray(current) ? current.filter((x) => !t.values.some((v) => valuesEqual(x, v))) : [];
    case 'delete':
      return DELETE;
  }
}

/** A value written over `current` wholesale (maps replaced, transforms inside resolved fresh). */
function resolve(value: unknown, current: unknown, now: Date): unknown {
  if (isFieldTransform(value)) return transform(value, current, now);
  if (isPlainMap(value)) {
    const out: DocData = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolve(v, undefined, now);
      if (r !== DELETE) out[k] = r;
    }
    return out;
  }
  return cloneData(value);
}

/** set with merge: maps merge into the old maps, every other value replaces. */
function merge(target: DocData, data: DocData, now: Date): void {
  for (const [k, v] of Object.entries(data)) {
    if (!isFieldTransform(v) && isPlainMap(v) && Object.keys(v).length > 0) {
      const existing = target[k];
      const child: DocData = isPlainMap(existing) ? existing : {};
      merge(child, v, now);
      target[k] = child;
    } else {
      const r = resolve(v, target[k], now);
      if (r === DELETE) delete target[k];
      else target[k] = r;
    }
  }
}

function setPath(target: DocData, dotted: string, value: unknown, now: Date): void {
  const parts = dotted.split('.');
  let map = target;
  for (const part of parts.slice(0, -1)) {
    const next = map[part];
    if (isPlainMap(next)) {
      map = next;
    } else {
      const created: DocData = {};
      map[part] = created;
      map = created;
    }
  }
  const last = parts[parts.length - 1]!;
  const r = resolve(value, map[last], now);
  if (r === DELETE) delete map[last];
  else map[last] = r;
}

function deletePath(target: DocData, dotted: string): void {
  const parts = dotted.split('.');
  let map: unknown = target;
  for (const part of parts.slice(0, -1)) {
    map = isPlainMap(map) ? map[part] : undefined;
  }
  if (isPlainMap(map)) delete map[parts[parts.length - 1]!];
}

/**
 * The document after `op`, given the document before it (null when missing); null when the
 * write deletes it. Throws StoreError 'already-exists' / 'not-found' as Firestore does.
 */
export function applyWrite(before: DocData | null, op: WriteOp, now: Date): DocData | null {
  switch (op.type) {
    case 'create':
      if (before) throw new StoreError('already-exists', `Document already exists: ${op.path}`);
      return resolve(op.data, undefined, now) as DocData;
    case 'set': {
      if (!op.merge) return resolve(op.data, undefined, now) as DocData;
      const target = before ? cloneData(before) : {};
      merge(target, op.data, now);
      return target;
    }
    case 'update': {
      if (!before) throw new StoreError('not-found', `No document to update: ${op.path}`);
      const target = cloneData(before);
      for (const [key, value] of Object.entries(op.data)) {
        if (isFieldTransform(value) && value.__transform === 'delete') deletePath(target, key);
        else setPath(target, key, value, now);
      }
      return target;
    }
    case 'delete':
      return null;
  }
}
