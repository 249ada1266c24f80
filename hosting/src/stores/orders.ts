import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { api } from '../api';
import {
  orderKey,
  orderPath,
  type BoardFilters,
  type BoardOrder,
  type OrderInput,
  type OrderPatch,
  type OrderRecord,
  type PaymentTermsInput,
  type TimelineEventInput,
} from '../api/orders';
import type { OrderStatus, Paged } from '../api/types';
import { useCustomerStore } from './customer';

/** Orders per request on the board; "Load more" fetches the next page. */
export const BOARD_PAGE_LIMIT = 200;

const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';
const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** The day after a yyyy-mm-dd date: the board's "to" is inclusive, the API's is exclusive. */
export function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** The API query of the board's filters. */
export function boardQuery(filters: BoardFilters): Record<string, string | undefined> {
  return { status: filters.status, from: filters.from || undefined, to: filters.to ? dayAfter(filters.to) : undefined };
}

/**
 * Orders: every order write of the SPA, and the orders board (all customers' orders).
 * A customer's own orders live in the customer store, which the customer page reads; after a
 * write this store reloads them there when that customer is shown, so the Orders tab, the
 * Overview and the Financials' active order all show the change.
 */
export const useOrdersStore = defineStore('orders', () => {
  const board = shallowRef<BoardOrder[]>([]);
  const boardFilters = shallowRef<BoardFilters>({});
  const boardLoading = ref(false);
  const boardError = shallowRef<Error | null>(null);
  const boardCursor = ref<string | null>(null);
  const boardLoaded = ref(false);
  /** Orders being moved on the board (their keys), so a card is not moved twice at once. */
  const moving = ref<ReadonlySet<string>>(new Set());
  /** Why the last move on the board failed (the card went back to its column). */
  const moveError = shallowRef<Error | null>(null);
  let boardController: AbortController | null = null;

  async function fetchBoard(cursor: string | null): Promise<void> {
    boardController?.abort();
    const controller = new AbortController();
    boardController = controller;
    boardLoading.value = true;
    boardError.value = null;
    try {
      const page = await api.get<Paged<'orders', BoardOrder>>('/crm/orders', {
        query: { ...boardQuery(boardFilters.value), limit: BOARD_PAGE_LIMIT, cursor },
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      board.value = cursor ? [...board.value, ...page.orders] : page.orders;
      boardCursor.value = page.next_cursor;
      boardLoaded.value = true;
    } catch (e) {
      if (!controller.signal.aborted && !isAbort(e)) boardError.value = asError(e);
    } finally {
      if (boardController === controller) {
        boardLoading.value = false;
        boardController = null;
      }
    }
  }

  /** Loads the board's first page for these filters (a newer load aborts an older one). */
  function loadBoard(filters: BoardFilters = boardFilters.value): Promise<void> {
    boardFilters.value = { ...filters };
    return fetchBoard(null);
  }

  function loadMoreBoard(): Promise<void> {
    if (boardLoading.value || !boardCursor.value) return Promise.resolve();
    return fetchBoard(boardCursor.value);
  }

  /** Stops a board load in flight (the board page closed). */
  function abortBoard(): void {
    boardController?.abort();
  }

  /** Puts a written order into the board (keeping its customer's name), or drops a deleted one. */
  function syncBoard(customerId: string, orderId: string, order: OrderRecord | null): void {
    const key = orderKey({ customer_id: customerId, id: orderId });
    const index = board.value.findIndex((o) => orderKey(o) === key);
    if (index < 0) return;
    const next = [...board.value];
    const filtered = order && boardFilters.value.status && order.status !== boardFilters.value.status;
    if (!order || filtered) next.splice(index, 1);
    else next[index] = { ...next[index]!, ...order };
    board.value = next;
  }

  /** The customer page shows this customer: reload its orders there. */
  async function syncCustomer(customerId: string): Promise<void> {
    const customer = useCustomerStore();
    if (customer.customerId === customerId) await customer.reloadOrders();
  }

  async function afterWrite(customerId: string, orderId: string, order: OrderRecord | null): Promise<void> {
    syncBoard(customerId, orderId, order);
    await syncCustomer(customerId);
  }

  async function createOrder(customerId: string, input: OrderInput): Promise<OrderRecord> {
    const order = await api.post<OrderRecord>(orderPath(customerId), input);
    await syncCustomer(customerId);
    return order;
  }

  async function updateOrder(customerId: string, orderId: string, patch: OrderPatch): Promise<OrderRecord> {
    const order = await api.patch<OrderRecord>(orderPath(customerId, orderId), patch);
    await afterWrite(customerId, orderId, order);
    return order;
  }

  async function addTimelineEvent(customerId: string, orderId: string, input: TimelineEventInput): Promise<OrderRecord> {
    const order = await api.post<OrderRecord>(`${orderPath(customerId, orderId)}/timeline`, input);
    await afterWrite(customerId, orderId, order);
    return order;
  }

  async function setPaymentTerms(customerId: string, orderId: string, terms: Partial<PaymentTermsInput>): Promise<OrderRecord> {
    const order = await api.patch<OrderRecord>(`${orderPath(customerId, orderId)}/payment-status`, terms);
    await afterWrite(customerId, orderId, order);
    return order;
  }

  /** Refused by the server (409) while ledger entries reference the order; the error says so. */
  async function deleteOrder(customerId: string, orderId: string): Promise<void> {
    await api.delete(orderPath(customerId, orderId));
    await afterWrite(customerId, orderId, null);
  }

  /**
   * Moves a board card to another status at once, then saves it (the server writes the timeline
   * entry); if the server refuses, the card goes back and `moveError` says why.
   */
  async function moveOrder(order: BoardOrder, status: OrderStatus): Promise<void> {
    const key = orderKey(order);
    if (order.status === status || moving.value.has(key)) return;
    moveError.value = null;
    moving.value = new Set([...moving.value, key]);
    const before = board.value.find((o) => orderKey(o) === key) ?? order;
    board.value = board.value.map((o) => (orderKey(o) === key ? { ...o, status } : o));
    try {
      await updateOrder(order.customer_id, order.id, { status });
    } catch (e) {
      board.value = board.value.map((o) => (orderKey(o) === key ? before : o));
      moveError.value = asError(e);
    } finally {
      const rest = new Set(moving.value);
      rest.delete(key);
      moving.value = rest;
    }
  }

  return {
    board,
    boardFilters,
    boardLoading,
    boardError,
    boardLoaded,
    boardHasMore: computed(() => boardCursor.value !== null),
    moving,
    moveError,
    loadBoard,
    loadMoreBoard,
    abortBoard,
    moveOrder,
    createOrder,
    updateOrder,
    addTimelineEvent,
    setPaymentTerms,
    deleteOrder,
  };
});
