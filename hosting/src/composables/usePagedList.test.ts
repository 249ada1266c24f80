import { effectScope, nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import { usePagedList } from './usePagedList';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0)).then(nextTick);

describe('usePagedList', () => {
  it('shows an abort it did not ask for (a timeout, a dropped connection) as an error, not as an empty list', async () => {
    const scope = effectScope();
    const list = scope.run(() => usePagedList<string>(async () => Promise.reject(new DOMException('The operation timed out', 'AbortError'))))!;
    await settle();
    expect(list.loading.value).toBe(false);
    expect(list.error.value?.message).toBe('The operation timed out');
    scope.stop();
  });

  it('keeps its own abort silent: a newer load replaces the older one', async () => {
    const answers: ((page: { items: string[]; nextCursor: null }) => void)[] = [];
    const scope = effectScope();
    const list = scope.run(() =>
      usePagedList<string>((_, signal) => new Promise((resolve, reject) => {
        answers.push(resolve);
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      })),
    )!;
    void list.reload();
    await settle();
    expect(list.error.value).toBeNull();
    expect(list.loading.value).toBe(true);
    answers[1]!({ items: ['a'], nextCursor: null });
    await settle();
    expect(list.loading.value).toBe(false);
    expect(list.items.value).toEqual(['a']);
    scope.stop();
  });
});
