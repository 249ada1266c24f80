/**
 * The ledger digest: every customer's ledger entries, parsed once when the customer is written
 * and kept in a few shard documents, so that a report over the whole ledger reads 64 documents
 * instead of every customer, and parses none of them again.
 *
 * A customer's entry in its shard is rewritten by the customer's change event (triggers/
 * dispatch.ts: the Firestore trigger in production, the store's dispatch in embedded mode), so
 * every write is followed, whatever made it (API, import, console). The handler reads the
 * customer as it is now, in a transaction with its shard, and writes only what differs: a
 * repeated, late or out-of-order event leaves the right value. Shards missing or never filled
 * (a store from before the digest) are built once from a scan of the customers.
 *
 * Capacity: an entry takes about 40 bytes, so a shard holds about 25,000 entries within
 * Firestore's 1 MiB per document: 1.6 million entries over the 64 shards.
 */
import { athensDay } from '../shared/athens-time.js';
import { CUSTOMERS, customerPath, parseCustomerPath } from '../shared/collections.js';
import { toCents } from '../shared/money.js';
import type { DocChange, DocData, DocStore } from '../store/docstore.js';
import { valuesEqual } from '../store/values.js';
import { parseLedger, rawLedger } from './ledger.entries.js';
import { transactionFlows, type TransactionFlow } from './ledger.enums.js';

export const LEDGER_DIGEST_SHARDS = 64;
const DIGESTS = 'crm_ledger_digests';
export const ledgerDigestPath = (shard: number): string => `${DIGESTS}/shard-${String(shard).padStart(2, '0')}`;
const SHARD_PATHS = Array.from({ length: LEDGER_DIGEST_SHARDS }, (_, shard) => ledgerDigestPath(shard));
/** Who writes the digest: no person, the customer's change event. */
const DIGEST_ACTOR = { updated_by: 'Ledger digest', updated_by_uid: 'script:ledger-digest' };

/** One ledger entry as the reports need it: its Athens day, flow, amount in cents, currency and order. */
export interface DigestEntry {
  day: string;
  flow: TransactionFlow;
  cents: number;
  currency: string;
  order_ref: string | null;
}

export interface CustomerLedgerDigest {
  id: string;
  name: string;
  entries: DigestEntry[];
}

/** Stored form of one customer: its name and one string per readable entry, `day|flow|cents|currency|order_ref`. */
interface StoredDigest {
  name: string;
  entries: string[];
}

/** FNV-1a of the id: a customer's shard, stable across processes. */
export function shardOf(customerId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < customerId.length; i++) hash = Math.imul(hash ^ customerId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % LEDGER_DIGEST_SHARDS;
}

/** The stored digest of a customer document; null when its ledger has no readable entry. */
function digestOf(data: DocData): StoredDigest | null {
  // The same reading as every other view of the ledger: malformed entries are left out.
  const { entries } = parseLedger(rawLedger(data));
  if (entries.length === 0) return null;
  return {
    name: String(data.name ?? ''),
    entries: entries.map((entry) => `${athensDay(entry.date)}|${entry.flow}|${toCents(entry.amount)}|${entry.currency}|${entry.order_ref ?? ''}`),
  };
}

const flows = new Set<string>(transactionFlows);

function readEntry(text: unknown): DigestEntry | null {
  if (typeof text !== 'string') return null;
  const [day, flow, cents, currency, ...ref] = text.split('|');
  const amount = Number(cents);
  if (!day || !flow || !flows.has(flow) || !Number.isInteger(amount) || !currency) return null;
  const orderRef = ref.join('|');
  return { day, flow: flow as TransactionFlow, cents: amount, currency, order_ref: orderRef === '' ? null : orderRef };
}

const storedCustomers = (data: DocData | undefined): Record<string, StoredDigest> =>
  typeof data?.customers === 'object' && data.customers !== null ? { ...(data.customers as Record<string, StoredDigest>) } : {};

/** Brings one customer's entry in its shard up to date with the customer as stored now. Returns whether it wrote. */
export function syncLedgerDigest(store: DocStore, customerId: string, now: Date): Promise<boolean> {
  const path = ledgerDigestPath(shardOf(customerId));
  return store.runTransaction(async (tx) => {
    const [customer, shard] = await tx.getAll([customerPath(customerId), path]);
    const want = customer ? digestOf(customer.data) : null;
    const customers = storedCustomers(shard?.data);
    if (valuesEqual(customers[customerId] ?? null, want)) return false;
    if (want) customers[customerId] = want;
    else delete customers[customerId];
    tx.set(path, { customers, complete: shard?.data.complete === true, updated_at: now, ...DIGEST_ACTOR });
    return true;
  });
}

/** The customer trigger's part: a change to the ledger or the name (or a deletion) updates the digest. */
export async function handleLedgerDigest(store: DocStore, change: DocChange, now: Date): Promise<boolean> {
  const customerId = parseCustomerPath(change.path);
  if (!customerId) return false;
  const { before, after } = change;
  if (before && after && valuesEqual(before.transaction_history, after.transaction_history) && valuesEqual(before.name, after.name)) return false;
  return syncLedgerDigest(store, customerId, now);
}

/**
 * Fills the shards from a scan of every customer (once: a store from before the digest). A
 * customer the trigger has already written keeps that entry, read later than the scan.
 */
async function buildLedgerDigests(store: DocStore, now: Date): Promise<void> {
  const scanned = new Map<string, Record<string, StoredDigest>>();
  for (const doc of await store.query({ collection: CUSTOMERS })) {
    const digest = digestOf(doc.data);
    if (!digest) continue;
    const path = ledgerDigestPath(shardOf(doc.id));
    scanned.set(path, { ...scanned.get(path), [doc.id]: digest });
  }
  for (const path of SHARD_PATHS) {
    await store.runTransaction(async (tx) => {
      const shard = await tx.get(path);
      if (shard?.data.complete === true) return;
      tx.set(path, { customers: { ...scanned.get(path), ...storedCustomers(shard?.data) }, complete: true, updated_at: now, ...DIGEST_ACTOR });
    });
  }
}

/** Every customer with a readable ledger entry, with its entries: 64 document reads. */
export async function readLedgerDigests(store: DocStore, now: Date): Promise<CustomerLedgerDigest[]> {
  let shards = await store.getAll(SHARD_PATHS);
  if (shards.some((shard) => shard?.data.complete !== true)) {
    await buildLedgerDigests(store, now);
    shards = await store.getAll(SHARD_PATHS);
  }
  const out: CustomerLedgerDigest[] = [];
  for (const shard of shards) {
    for (const [id, stored] of Object.entries(storedCustomers(shard?.data))) {
      const entries = Array.isArray(stored.entries) ? stored.entries.map(readEntry).filter((entry): entry is DigestEntry => entry !== null) : [];
      if (entries.length > 0) out.push({ id, name: String(stored.name ?? ''), entries });
    }
  }
  return out;
}
