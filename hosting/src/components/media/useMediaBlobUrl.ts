import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { fetchMediaBlob } from './media.api';

/**
 * An object URL of a media file's bytes, fetched through the API (an <img> or <iframe> cannot
 * send the ID token itself). Loads when `id` is set, and revokes the URL when `id` changes
 * and when the component unmounts, so no blob outlives its view.
 */
export function useMediaBlobUrl(id: MaybeRefOrGetter<string | null>) {
  const url = ref<string | null>(null);
  const loading = ref(false);
  const error = shallowRef<Error | null>(null);
  let controller: AbortController | null = null;

  function release(): void {
    controller?.abort();
    controller = null;
    if (url.value) URL.revokeObjectURL(url.value);
    url.value = null;
  }

  async function load(current: string): Promise<void> {
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    error.value = null;
    try {
      const { blob } = await fetchMediaBlob(current, mine.signal);
      if (!mine.signal.aborted) url.value = URL.createObjectURL(blob);
    } catch (e) {
      if (!mine.signal.aborted) error.value = e instanceof Error ? e : new Error(String(e));
    } finally {
      if (controller === mine) {
        loading.value = false;
        controller = null;
      }
    }
  }

  watch(
    () => toValue(id),
    (current) => {
      release();
      loading.value = false;
      error.value = null;
      if (current) void load(current);
    },
    { immediate: true },
  );
  onScopeDispose(release);

  return { url, loading, error };
}
