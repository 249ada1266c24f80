/**
 * Field paths of the history (`contacts[k3j].value`) read and written on document data, for
 * restoring one field to an earlier value.
 */
import type { DocData } from '../store/docstore.js';
import { isPlainMap } from '../store/values.js';

/** A key of an object, or the id of an entry in an array of entries with ids. */
export type Segment = { key: string } | { id: string };

const SEGMENT = /([^.[\]]+)|\[([^\]]*)\]/g;

/** The segments of a field path; null when it is not one the history writes. */
export function parseField(field: string): Segment[] | null {
  const segments: Segment[] = [];
  let consumed = 0;
  for (const match of field.matchAll(SEGMENT)) {
    const gap = field.slice(consumed, match.index);
    if (gap !== (segments.length === 0 || match[2] !== undefined ? '' : '.')) return null;
    segments.push(match[1] !== undefined ? { key: match[1] } : { id: match[2]! });
    consumed = match.index + match[0].length;
  }
  if (consumed !== field.length || segments.length === 0 || !('key' in segments[0]!)) return null;
  return segments;
}

/** The value at a field path (null when absent). */
export function readAt(data: DocData, segments: Segment[]): unknown {
  let value: unknown = data;
  for (const segment of segments) {
    if ('key' in segment) value = isPlainMap(value) ? value[segment.key] : undefined;
    else value = Array.isArray(value) ? value.find((item) => isPlainMap(item) && item.id === segment.id) : undefined;
    if (value === undefined) return null;
  }
  return value ?? null;
}

/**
 * `container` with the value at `segments` replaced; an array entry given null is removed,
 * and one that is missing is appended. Missing objects on the way are created.
 */
export function writeAt(container: unknown, segments: Segment[], value: unknown): unknown {
  const [head, ...rest] = segments;
  if (!head) return value;
  if ('key' in head) {
    const map = isPlainMap(container) ? container : {};
    return { ...map, [head.key]: writeAt(map[head.key], rest, value) };
  }
  const list = Array.isArray(container) ? (container as unknown[]) : [];
  const at = list.findIndex((item) => isPlainMap(item) && item.id === head.id);
  const next = at >= 0 ? writeAt(list[at], rest, value) : rest.length === 0 ? value : writeAt({ id: head.id }, rest, value);
  if (next === null && rest.length === 0) return list.filter((_, i) => i !== at);
  return at >= 0 ? list.map((item, i) => (i === at ? next : item)) : [...list, next];
}
