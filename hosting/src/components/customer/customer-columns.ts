/**
 * The customers list's columns and notes mode, arranged and toggled by each user and remembered
 * per user in localStorage (key `crm.customers.view.<uid>`).
 */
import { ref, watch, type Ref } from 'vue';

export const columnIds = ['name', 'organization', 'city', 'status', 'support', 'phone', 'email', 'tags', 'language', 'created', 'updated'] as const;
export type ColumnId = (typeof columnIds)[number];

/** The name links to the customer, so it can move but never hide. */
export const fixedColumns: readonly ColumnId[] = ['name'];

export const notesModes = ['quick', 'expanded'] as const;
export type NotesMode = (typeof notesModes)[number];

export interface ColumnSetting {
  id: ColumnId;
  visible: boolean;
}

export interface ListView {
  columns: ColumnSetting[];
  notes: NotesMode;
}

const defaultVisible: ReadonlySet<ColumnId> = new Set(['name', 'organization', 'city', 'status', 'support', 'phone', 'tags']);

export function defaultView(): ListView {
  return { columns: columnIds.map((id) => ({ id, visible: defaultVisible.has(id) })), notes: 'quick' };
}

const isColumnId = (value: unknown): value is ColumnId => typeof value === 'string' && (columnIds as readonly string[]).includes(value);

/**
 * A saved view, repaired: unknown or repeated columns dropped, columns added since it was saved
 * appended with their default visibility, fixed columns always visible.
 */
export function parseView(raw: string | null): ListView {
  const fallback = defaultView();
  if (!raw) return fallback;
  let saved: unknown;
  try {
    saved = JSON.parse(raw);
  } catch {
    return fallback;
  }
  if (typeof saved !== 'object' || saved === null) return fallback;
  const { columns, notes } = saved as { columns?: unknown; notes?: unknown };
  const seen = new Set<ColumnId>();
  const kept: ColumnSetting[] = [];
  for (const entry of Array.isArray(columns) ? columns : []) {
    const id = (entry as { id?: unknown })?.id;
    if (!isColumnId(id) || seen.has(id)) continue;
    seen.add(id);
    kept.push({ id, visible: fixedColumns.includes(id) || (entry as { visible?: unknown }).visible === true });
  }
  for (const column of fallback.columns) if (!seen.has(column.id)) kept.push(column);
  return { columns: kept, notes: notes === 'expanded' ? 'expanded' : 'quick' };
}

export const viewStorageKey = (uid: string): string => `crm.customers.view.${uid}`;

/** The user's view, saved whenever it changes. */
export function useListView(uid: () => string | null): Ref<ListView> {
  const read = () => {
    const id = uid();
    return parseView(id ? localStorage.getItem(viewStorageKey(id)) : null);
  };
  const view = ref<ListView>(read());
  watch(uid, () => (view.value = read()));
  watch(
    view,
    (value) => {
      const id = uid();
      if (id) localStorage.setItem(viewStorageKey(id), JSON.stringify(value));
    },
    { deep: true },
  );
  return view;
}

export function moveColumn(view: ListView, id: ColumnId, step: -1 | 1): void {
  const from = view.columns.findIndex((c) => c.id === id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= view.columns.length) return;
  const [column] = view.columns.splice(from, 1);
  view.columns.splice(to, 0, column!);
}
