/**
 * Value rules shared by both adapters: what a document may hold, how ISO date strings
 * read back as Dates, and Firestore's deep equality.
 */
import { isFieldTransform, StoreError, type DocData } from './docstore.js';

/**
 * An ISO-8601 date-time: the strict UTC form `toISOString` writes, and the legacy forms the
 * old Python system stored (`isoformat()`: microseconds, `+00:00`, or no zone meaning UTC).
 */
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** The Date an ISO date-time string stands for, or null when the string is not one. */
const STRICT_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function parseIsoDate(value: string): Date | null {
  if (value.length < 16 || value.length > 40) return null;
  // What this code writes (toISOString) takes the short way.
  if (value.length === 24 && STRICT_UTC.test(value)) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return null;
  const fraction = m[2] ? `.${m[2].slice(0, 3).padEnd(3, '0')}` : '';
  const zone = !m[3] ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
  const date = new Date(`${m[1]}${fraction}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function looksLikeIsoDate(value: string): boolean {
  return value.length >= 16 && value.charCodeAt(4) === 45 /* - */ && value.charCodeAt(10) === 84 /* T */;
}

/** Turns ISO date-time strings into Dates throughout parsed JSON, in place (faster than a reviver). */
function reviveInPlace(value: unknown): unknown {
  if (typeof value === 'string') return looksLikeIsoDate(value) ? (parseIsoDate(value) ?? value) : value;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' || typeof item === 'string') {
        const revived = reviveInPlace(item);
        if (revived !== item) value[i] = revived;
      }
    }
    return value;
  }
  const map = value as DocData;
  for (const key in map) {
    const item = map[key];
    if (typeof item === 'object' || typeof item === 'string') {
      const revived = reviveInPlace(item);
      if (revived !== item) map[key] = revived;
    }
  }
  return value;
}

/** Parses stored JSON; ISO date-time strings come back as Dates. */
export function parseStoredJson(json: string): unknown {
  const parsed: unknown = JSON.parse(json);
  // Most documents hold a date; skipping the walk when none can be there is cheap.
  return /"\d{4}-\d\d-\d\dT/.test(json) ? reviveInPlace(parsed) : parsed;
}

export function isPlainMap(value: unknown): value is DocData {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isValidDate(value: Date): boolean {
  return !Number.isNaN(value.getTime());
}

/**
 * Checks one value as Firestore would (plus what JSON cannot hold): no undefined, no
 * non-finite numbers, no class instances, no arrays directly inside arrays, transforms only
 * as field values (never inside arrays). Throws StoreError 'invalid-argument' naming the field.
 */
export function checkValue(value: unknown, field: string, inArray = false): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(field, `${value} is not a storable number`);
    return;
  }
  if (value === undefined) throw invalid(field, 'undefined is not a valid value (omit the field or use null)');
  if (value instanceof Date) {
    if (!isValidDate(value)) throw invalid(field, 'is an invalid Date');
    return;
  }
  if (Array.isArray(value)) {
    if (inArray) throw invalid(field, 'arrays cannot directly contain arrays');
    value.forEach((item, i) => checkValue(item, `${field}.${i}`, true));
    return;
  }
  if (isFieldTransform(value)) {
    if (inArray) throw invalid(field, `${value.__transform}() cannot be used inside an array`);
    return;
  }
  if (isPlainMap(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '') throw invalid(field, 'field names cannot be empty');
      checkValue(child, field ? `${field}.${key}` : key);
    }
    return;
  }
  throw invalid(field, `values of type ${describe(value)} cannot be stored`);
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object';
  return typeof value;
}

function invalid(field: string, message: string): StoreError {
  return new StoreError('invalid-argument', `Field '${field || '(root)'}': ${message}`);
}

/** Firestore equality: numbers by value, Dates by instant, maps regardless of key order. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    const ta = a instanceof Date ? a.getTime() : typeof a === 'string' ? parseIsoDate(a)?.getTime() : undefined;
    const tb = b instanceof Date ? b.getTime() : typeof b === 'string' ? parseIsoDate(b)?.getTime() : undefined;
    return ta !== undefined && ta === tb;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (isPlainMap(a) && isPlainMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k], b[k]));
  }
  return false;
}

/** A deep copy of stored data (Dates copied too), so callers never share objects with the store. */
export function cloneData<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map((v) => cloneData(v)) as T;
  if (isPlainMap(value)) {
    const out: DocData = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneData(v);
    return out as T;
  }
  return value;
}
