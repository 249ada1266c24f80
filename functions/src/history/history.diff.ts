/**
 * The field-level difference between two versions of a document, as the history stores it.
 *
 * Field paths are dotted; an entry of an array whose entries all carry a stable `id`
 * (contacts, notes, ledger entries in transaction_history, …) is named by that id in brackets,
 * `contacts[k3j].value`, so a reordering or an insertion is not read as every entry changing.
 * Texts longer than LONG_TEXT are stored as a word diff instead of both versions.
 */
import type { DocData } from '../store/docstore.js';
import { valuesEqual } from '../store/values.js';

/** A change as stored: the value before and after, or, for long texts, the diff between them. */
export type StoredChange =
  | { field: string; before: unknown; after: unknown }
  | { field: string; diff: DiffOp[] };

/** [-1 removed | 0 kept | 1 added, text]. */
export type DiffOp = [-1 | 0 | 1, string];

export const LONG_TEXT = 280;

/** Fields that record the write itself, or are derived for queries: never history. */
const IGNORED = new Set([
  'updated_at',
  'updated_by',
  'updated_by_uid',
  'updated_reason',
  'version',
  'search_keys',
  'list_keys',
  'name_sort',
]);

/** A document's meaningful fields (JSON form: Dates as ISO strings). */
function meaningful(data: DocData): DocData {
  const json = JSON.parse(JSON.stringify(data)) as DocData;
  for (const key of IGNORED) delete json[key];
  return json;
}

/** The changes from `before` to `after` (null = the document did not exist). */
export function diffDocs(before: DocData | null, after: DocData | null): StoredChange[] {
  const a = before ? meaningful(before) : null;
  const b = after ? meaningful(after) : null;
  const changes: StoredChange[] = [];
  if (!a || !b) {
    const only = (a ?? b)!;
    for (const key of Object.keys(only).sort()) {
      changes.push(a ? { field: key, before: only[key], after: null } : { field: key, before: null, after: only[key] });
    }
    return changes;
  }
  diffObjects(a, b, '', changes);
  return changes;
}

const isPlainObject = (v: unknown): v is DocData => typeof v === 'object' && v !== null && !Array.isArray(v);

function hasIds(list: unknown[]): list is (DocData & { id: string })[] {
  const ids = new Set<string>();
  for (const item of list) {
    if (!isPlainObject(item) || typeof item.id !== 'string' || ids.has(item.id)) return false;
    ids.add(item.id);
  }
  return true;
}

function diffObjects(a: DocData, b: DocData, prefix: string, out: StoredChange[]): void {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) diffValues(a[key] ?? null, b[key] ?? null, prefix ? `${prefix}.${key}` : key, out);
}

function diffValues(a: unknown, b: unknown, field: string, out: StoredChange[]): void {
  if (valuesEqual(a, b)) return;
  if (isPlainObject(a) && isPlainObject(b)) return diffObjects(a, b, field, out);
  if (Array.isArray(a) && Array.isArray(b) && (a.length > 0 || b.length > 0) && hasIds(a) && hasIds(b)) {
    const before = new Map(a.map((item) => [item.id, item]));
    const after = new Map(b.map((item) => [item.id, item]));
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const name = `${field}[${id}]`;
      const x = before.get(id);
      const y = after.get(id);
      if (x && y) diffObjects(x, y, name, out);
      else out.push({ field: name, before: x ?? null, after: y ?? null });
    }
    return;
  }
  if (typeof a === 'string' && typeof b === 'string' && Math.max(a.length, b.length) > LONG_TEXT) {
    out.push({ field, diff: diffText(a, b) });
    return;
  }
  out.push({ field, before: a, after: b });
}

/** Above this many cells the word table is not built: the diff is "all of it replaced". */
const MAX_CELLS = 4_000_000;

/** A word-level diff (whitespace kept as tokens), after trimming what both share at the ends. */
export function diffText(a: string, b: string): DiffOp[] {
  const x = a.split(/(\s+)/).filter(Boolean);
  const y = b.split(/(\s+)/).filter(Boolean);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const ops: DiffOp[] = [];
  const push = (op: -1 | 0 | 1, text: string) => {
    if (!text) return;
    const last = ops[ops.length - 1];
    if (last && last[0] === op) last[1] += text;
    else ops.push([op, text]);
  };
  push(0, x.slice(0, start).join(''));
  const mx = x.slice(start, endX);
  const my = y.slice(start, endY);
  const n = mx.length;
  const m = my.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    push(-1, mx.join(''));
    push(1, my.join(''));
  } else {
    // lcs[i][j]: the longest common subsequence of mx[i..] and my[j..].
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = mx[i] === my[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (mx[i] === my[j]) {
        push(0, mx[i]!);
        i++;
        j++;
      } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) push(-1, mx[i++]!);
      else push(1, my[j++]!);
    }
    while (i < n) push(-1, mx[i++]!);
    while (j < m) push(1, my[j++]!);
  }
  push(0, x.slice(endX).join(''));
  return ops;
}

/** The two texts a diff was made from. */
export function textsOf(diff: DiffOp[]): { before: string; after: string } {
  let before = '';
  let after = '';
  for (const [op, text] of diff) {
    if (op <= 0) before += text;
    if (op >= 0) after += text;
  }
  return { before, after };
}
