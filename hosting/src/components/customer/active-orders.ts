/**
 * The active order of each customer row the list shows in "Notes: Expanded" mode. The list
 * response does not carry it, so it is fetched per row once the row scrolls into view, a few
 * requests at a time, and kept for as long as the list page lives.
 */
import { onScopeDispose, shallowReactive } from 'vue';
import { api } from '../../api';
import { activeOrderOf, type Order } from '../../api/customers';

export type ActiveOrderState =
  | { status: 'loading' }
  | { status: 'done'; order: Order | null }
  | { status: 'error'; message: string };

/** Enough of a customer's newest orders to find an open one among them. */
const ORDERS_PER_ROW = 20;
const PARALLEL = 4;

export type OrdersFetcher = (customerId: string, signal: AbortSignal) => Promise<Order[]>;

const fetchOrders: OrdersFetcher = (customerId, signal) =>
  api
    .get<{ orders: Order[] }>(`/crm/customers/${encodeURIComponent(customerId)}/orders`, { query: { limit: ORDERS_PER_ROW }, signal })
    .then((page) => page.orders);

export function useActiveOrders(fetcher: OrdersFetcher = fetchOrders) {
  const states = shallowReactive(new Map<string, ActiveOrderState>());
  const queue: string[] = [];
  const controller = new AbortController();
  let running = 0;

  function pump(): void {
    while (running < PARALLEL && queue.length > 0) {
      const id = queue.shift()!;
      running += 1;
      fetcher(id, controller.signal)
        .then(
          (orders) => states.set(id, { status: 'done', order: activeOrderOf(orders) }),
          (e: unknown) => {
            if (!controller.signal.aborted) states.set(id, { status: 'error', message: e instanceof Error ? e.message : String(e) });
          },
        )
        .finally(() => {
          running -= 1;
          if (!controller.signal.aborted) pump();
        });
    }
  }

  function request(id: string): void {
    if (states.has(id)) return;
    states.set(id, { status: 'loading' });
    queue.push(id);
    pump();
  }

  function retry(id: string): void {
    states.delete(id);
    request(id);
  }

  /** Forgets every row, e.g. after the list reloads with fresh data. */
  function reset(): void {
    queue.length = 0;
    states.clear();
  }

  let observer: IntersectionObserver | null = null;
  const ids = new WeakMap<Element, string>();

  /** Requests the row's order once `el` is near the viewport. */
  function observe(el: Element, id: string): void {
    if (typeof IntersectionObserver === 'undefined') return request(id);
    observer ??= new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const rowId = ids.get(entry.target);
          observer?.unobserve(entry.target);
          if (rowId) request(rowId);
        }
      },
      { rootMargin: '200px 0px' },
    );
    ids.set(el, id);
    observer.observe(el);
  }

  function unobserve(el: Element): void {
    observer?.unobserve(el);
  }

  onScopeDispose(() => {
    controller.abort();
    observer?.disconnect();
  });

  return { states, request, retry, reset, observe, unobserve };
}
