/**
 * The libSQL adapter's single-field index, like Firestore's automatic one: a row per field
 * value (every leaf and every map/array, by dotted path) and a row per distinct array element,
 * holding a type code and a value that sort and compare as Firestore orders values.
 */
import { createHash } from 'node:crypto';
import { StoreError, type DocData } from '../docstore.js';
import { isPlainMap, parseIsoDate } from '../values.js';

/** Firestore's type order: null < boolean < number < timestamp < string < array < map. */
export const T = { null: 0, boolean: 1, number: 2, timestamp: 3, string: 4, array: 8, map: 9 } as const;

/** Row kinds: the field's own value, or one element of an array field. */
export const KIND_VALUE = 0;
export const KIND_ELEMENT = 1;

export interface Encoded {
  t: number;
  v: string | number;
}

export interface IndexEntry extends Encoded {
  field: string;
  kind: number;
}

/**
 * A value as the index holds it. Strings that are ISO date-times are timestamps, because the
 * adapter reads them back as Dates. Maps and arrays hold a digest: equal values match, and
 * they order among themselves by that digest (Firestore orders them element-wise; no query
 * here ranges over whole maps or arrays).
 */
export function encodeValue(value: unknown): Encoded {
  if (value === null) return { t: T.null, v: 0 };
  if (typeof value === 'boolean') return { t: T.boolean, v: value ? 1 : 0 };
  if (typeof value === 'number') return { t: T.number, v: value };
  if (value instanceof Date) return { t: T.timestamp, v: value.toISOString() };
  if (typeof value === 'string') {
    const date = value.length >= 16 ? parseIsoDate(value) : null;
    return date ? { t: T.timestamp, v: date.toISOString() } : { t: T.string, v: value };
  }
  if (Array.isArray(value)) return { t: T.array, v: digest(value) };
  if (isPlainMap(value)) return { t: T.map, v: digest(value) };
  throw new StoreError('invalid-argument', `Cannot index a value of type ${typeof value}`);
}

function digest(value: unknown): string {
  return createHash('sha1').update(canonical(value)).digest('base64');
}

/** A text form where equal Firestore values are equal text (map keys sorted, Dates as instants). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainMap(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  const { t, v } = encodeValue(value);
  return `${t}:${JSON.stringify(v)}`;
}

/** Every index row a document needs. */
export function indexEntries(data: DocData): IndexEntry[] {
  const out: IndexEntry[] = [];
  const walk = (map: DocData, prefix: string) => {
    for (const [key, value] of Object.entries(map)) {
      const field = prefix ? `${prefix}.${key}` : key;
      out.push({ field, kind: KIND_VALUE, ...encodeValue(value) });
      if (Array.isArray(value)) {
        const seen = new Set<string>();
        for (const item of value) {
          const e = encodeValue(item);
          const k = `${e.t}\u0000${e.v}`;
          if (seen.has(k)) continue;
          seen.add(k);
          out.push({ field, kind: KIND_ELEMENT, ...e });
        }
      } else if (isPlainMap(value)) {
        walk(value, field);
      }
    }
  };
  walk(data, '');
  return out;
}

export function entryKey(e: IndexEntry): string {
  return `${e.field}\u0000${e.kind}\u0000${e.t}\u0000${typeof e.v}\u0000${e.v}`;
}
