import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';

/**
 * One resource with loading and error state, loaded at once and again whenever `key` changes
 * (e.g. a route parameter). A newer load aborts the older one; unmounting aborts what is in flight.
 */
export function useResource<T>(fetch: (signal: AbortSignal) => Promise<T>, key?: MaybeRefOrGetter<unknown>) {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = shallowRef<Error | null>(null);
  let controller: AbortController | null = null;

  async function reload(): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    loading.value = true;
    error.value = null;
    try {
      const value = await fetch(current.signal);
      if (!current.signal.aborted) data.value = value;
    } catch (e) {
      if (!current.signal.aborted && !(e instanceof Error && e.name === 'AbortError')) {
        error.value = e instanceof Error ? e : new Error(String(e));
      }
    } finally {
      if (controller === current) {
        loading.value = false;
        controller = null;
      }
    }
  }

  watch(
    () => toValue(key),
    () => {
      // A different resource: never show the previous one's data while the new one loads.
      data.value = null;
      void reload();
    },
    { immediate: true },
  );
  onScopeDispose(() => controller?.abort());

  return { data, loading, error, reload };
}
