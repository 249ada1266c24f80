import { defineStore } from 'pinia';
import { computed, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { api } from '../api';
import { ApiError } from '../api/client';
import { i18n } from '../i18n';
import {
  activeOrderOf,
  ticketSegments,
  type CustomerInput,
  type CustomerRecord,
  type Financials,
  type Order,
  type TicketKind,
  type Transaction,
  type TransactionInput,
} from '../api/customers';
import type { RelationshipStatus } from '../api/types';

/** How many of a customer's orders the page holds: enough for every real customer, one request. */
export const ORDERS_PAGE_LIMIT = 200;

const path = (id: string, rest = ''): string => `/crm/customers/${encodeURIComponent(id)}${rest}`;
const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';
const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
/** The merge-or-reload question; replaceable in tests, where there is no one to answer it. */
export const versionConflictPrompt = { confirm: (message: string): boolean => window.confirm(message) };
const confirmMerge = (message: string): boolean => versionConflictPrompt.confirm(message);

interface Slot<T> {
  data: ShallowRef<T>;
  loading: Ref<boolean>;
  error: ShallowRef<Error | null>;
  controller: AbortController | null;
}

function slot<T>(empty: T): Slot<T> {
  return { data: shallowRef(empty) as ShallowRef<T>, loading: ref(false), error: shallowRef(null), controller: null };
}

/**
 * The customer the customer page shows: the customer, its financials and its orders, each loaded
 * and reloaded on its own. Every tab reads from here and every write goes through here, so a
 * payment recorded in one place updates the header, the ledger and the orders' balances together.
 * The Orders tab calls `reloadOrders()` / `reloadFinancials()` after its own writes.
 */
export const useCustomerStore = defineStore('customer', () => {
  const customerId = ref<string | null>(null);
  const customerSlot = slot<CustomerRecord | null>(null);
  const financialsSlot = slot<Financials | null>(null);
  const ordersSlot = slot<Order[] | null>(null);

  /** Loads into `target` for the current customer; a newer load or another customer makes it stale. */
  async function fill<T>(target: Slot<T>, fetch: (id: string, signal: AbortSignal) => Promise<T>): Promise<void> {
    const id = customerId.value;
    if (!id) return;
    target.controller?.abort();
    const controller = new AbortController();
    target.controller = controller;
    target.loading.value = true;
    target.error.value = null;
    try {
      const value = await fetch(id, controller.signal);
      if (!controller.signal.aborted && customerId.value === id) target.data.value = value;
    } catch (e) {
      if (!controller.signal.aborted && !isAbort(e) && customerId.value === id) target.error.value = asError(e);
    } finally {
      if (target.controller === controller) {
        target.loading.value = false;
        target.controller = null;
      }
    }
  }

  const reload = () => fill(customerSlot, (id, signal) => api.get<CustomerRecord>(path(id), { signal }));
  const reloadFinancials = () => fill(financialsSlot, (id, signal) => api.get<Financials>(path(id, '/financials'), { signal }));
  const reloadOrders = () =>
    fill(ordersSlot, async (id, signal) => {
      const page = await api.get<{ orders: Order[] }>(path(id, '/orders'), { query: { limit: ORDERS_PAGE_LIMIT }, signal });
      return page.orders;
    });
  const reloadAll = () => Promise.all([reload(), reloadFinancials(), reloadOrders()]).then(() => undefined);

  /** Shows customer `id`; loads everything unless it is already shown. */
  function load(id: string): Promise<void> {
    if (customerId.value === id && customerSlot.data.value) return Promise.resolve();
    clear();
    customerId.value = id;
    return reloadAll();
  }

  /** Forgets the customer (e.g. when the page closes), aborting what is in flight. */
  function clear(): void {
    for (const s of [customerSlot, financialsSlot, ordersSlot] as Slot<unknown>[]) {
      s.controller?.abort();
      s.controller = null;
      s.loading.value = false;
      s.error.value = null;
    }
    customerSlot.data.value = null;
    financialsSlot.data.value = null;
    ordersSlot.data.value = null;
    customerId.value = null;
  }

  function requireId(): string {
    if (!customerId.value) throw new Error('No customer is loaded');
    return customerId.value;
  }

  /** Writes that answer with the customer replace it at once, without another request. */
  async function writeCustomer(send: (id: string) => Promise<CustomerRecord>): Promise<CustomerRecord> {
    const id = requireId();
    const updated = await send(id);
    if (customerId.value === id) customerSlot.data.value = updated;
    return updated;
  }

  /**
   * PUT with If-Match. On 412 someone else saved meanwhile: the page shows their version at once,
   * and the user chooses to apply their own changes on top of it (merge: the PUT changes only
   * the fields it sends) or to keep it (reload: the error goes back to the form).
   */
  const save = (input: Partial<CustomerInput>) =>
    writeCustomer(async (id) => {
      const put = (version: string | undefined) => api.put<CustomerRecord>(path(id), input, version ? { ifMatch: version } : {});
      try {
        return await put(customerSlot.data.value?.version);
      } catch (e) {
        const current = e instanceof ApiError && e.code === 'precondition_failed' ? (e.current as CustomerRecord | undefined) : undefined;
        if (!current || customerId.value !== id) throw e;
        customerSlot.data.value = current;
        if (!confirmMerge(i18n.global.t('app.versionConflict'))) throw e;
        return put(current.version);
      }
    });
  const setRelationshipStatus = (status: RelationshipStatus) =>
    writeCustomer((id) => api.patch<CustomerRecord>(path(id, '/relationship-status'), { status }));
  const openTicket = (kind: TicketKind, input: { note: string; date?: string }) =>
    writeCustomer((id) => api.post<CustomerRecord>(path(id, `/${ticketSegments[kind]}`), input));
  const resolveTicket = (kind: TicketKind, ticketId: string) =>
    writeCustomer((id) =>
      api.patch<CustomerRecord>(path(id, `/${ticketSegments[kind]}/${encodeURIComponent(ticketId)}/resolve`), {}),
    );

  /** Archive (hidden from the list and search) and restore; both answer with the customer. */
  const archive = () => writeCustomer((id) => api.post<CustomerRecord>(path(id, '/archive'), {}));
  const restore = () => writeCustomer((id) => api.post<CustomerRecord>(path(id, '/restore'), {}));

  /** Adds a note through the append route, so a note added meanwhile by someone else is kept. */
  function addNote(text: string): Promise<CustomerRecord> {
    return writeCustomer((id) => api.post<CustomerRecord>(path(id, '/notes'), { text }));
  }

  /** Init Negotiations: a new order, and the relationship turns active on the server. */
  async function initNegotiations(input: { title: string; note?: string; date?: string }): Promise<Order> {
    const id = requireId();
    const order = await api.post<Order>(path(id, '/orders/init-negotiations'), input);
    await Promise.all([reload(), reloadOrders()]);
    return order;
  }

  /** A ledger write changes the totals and the referenced orders' payment status. */
  async function afterLedgerWrite(): Promise<void> {
    await Promise.all([reloadFinancials(), reloadOrders()]);
  }

  async function recordTransaction(input: Partial<TransactionInput>): Promise<Transaction> {
    const entry = await api.post<Transaction>(path(requireId(), '/transactions'), input);
    await afterLedgerWrite();
    return entry;
  }

  async function updateTransaction(txId: string, input: Partial<TransactionInput>): Promise<Transaction> {
    const entry = await api.patch<Transaction>(path(requireId(), `/transactions/${encodeURIComponent(txId)}`), input);
    await afterLedgerWrite();
    return entry;
  }

  async function deleteTransaction(txId: string): Promise<void> {
    await api.delete(path(requireId(), `/transactions/${encodeURIComponent(txId)}`));
    await afterLedgerWrite();
  }

  const orders = computed(() => ordersSlot.data.value ?? []);

  return {
    customerId,
    customer: customerSlot.data,
    loading: customerSlot.loading,
    error: customerSlot.error,
    financials: financialsSlot.data,
    financialsLoading: financialsSlot.loading,
    financialsError: financialsSlot.error,
    orders,
    ordersLoaded: computed(() => ordersSlot.data.value !== null),
    ordersLoading: ordersSlot.loading,
    ordersError: ordersSlot.error,
    activeOrder: computed(() => activeOrderOf(orders.value)),
    /** Invoice refs of the customer's ledger, for the payment form's picker. */
    invoiceRefs: computed(() => [
      ...new Set(
        (financialsSlot.data.value?.transactions ?? [])
          .filter((t) => t.flow === 'invoice' && t.invoice_ref)
          .map((t) => t.invoice_ref as string),
      ),
    ]),
    load,
    clear,
    reload,
    reloadFinancials,
    reloadOrders,
    reloadAll,
    save,
    setRelationshipStatus,
    openTicket,
    resolveTicket,
    addNote,
    archive,
    restore,
    initNegotiations,
    recordTransaction,
    updateTransaction,
    deleteTransaction,
  };
});
