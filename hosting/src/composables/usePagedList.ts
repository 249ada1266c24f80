import { computed, onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export type PageFetcher<T> = (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>;

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * A cursor-paged list with loading and error state. Loads the first page at once and again whenever
 * `key` changes (e.g. filters); a newer load aborts the older one, and unmounting aborts what is in flight.
 */
export function usePagedList<T>(fetchPage: PageFetcher<T>, key?: MaybeRefOrGetter<unknown>) {
  const items = shallowRef<T[]>([]);
  const total = ref<number | null>(null);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const error = shallowRef<Error | null>(null);
  let controller: AbortController | null = null;

  async function load(cursor: string | null): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(cursor, current.signal);
      if (current.signal.aborted) return;
      items.value = cursor ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
      total.value = page.total ?? null;
    } catch (e) {
      // Only our own abort is silent: any other (a timeout, a dropped connection) is an error
      // to show with a retry, or the list would sit on "Loading…" or look empty.
      if (current.signal.aborted) return;
      error.value = asError(e);
    } finally {
      if (controller === current) {
        loading.value = false;
        controller = null;
      }
    }
  }

  /** Starts over from the first page. */
  function reload(): Promise<void> {
    return load(null);
  }

  /** Appends the next page; does nothing while loading or at the end. */
  function loadMore(): Promise<void> {
    if (loading.value || !nextCursor.value) return Promise.resolve();
    return load(nextCursor.value);
  }

  watch(() => toValue(key), () => void reload(), { immediate: true });
  onScopeDispose(() => controller?.abort());

  return { items, total, loading, error, hasMore: computed(() => nextCursor.value !== null), reload, loadMore };
}
