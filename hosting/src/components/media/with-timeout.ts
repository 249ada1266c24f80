/**
 * Runs `run` with a signal that aborts when `outer` does or after `ms`; after `ms` the promise
 * rejects with `timeoutError()` even if `run` ignores its signal. The file list waits on the
 * customer's Nextcloud folder, and a Nextcloud that never answers must not leave the tab on
 * "Loading…" for good: it becomes an error with a retry.
 */
export function withTimeout<T>(outer: AbortSignal, ms: number, run: (signal: AbortSignal) => Promise<T>, timeoutError: () => Error): Promise<T> {
  const inner = new AbortController();
  const forward = (): void => inner.abort(outer.reason);
  if (outer.aborted) forward();
  else outer.addEventListener('abort', forward, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(timeoutError());
      inner.abort();
    }, ms);
  });
  return Promise.race([run(inner.signal), timedOut]).finally(() => {
    clearTimeout(timer);
    outer.removeEventListener('abort', forward);
  });
}
