/**
 * Customers, orders and ledgers in the API's response shapes, for the customer pages' tests: complete,
 * as the fake API only answers what the API's response schemas allow.
 */
import type { CustomerRecord, Financials, Order, Transaction } from '../api/customers';
import type { ProductRecord } from '../api/products';

export function customerFixture(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    id: 'c1',
    name: 'Ενορία Αγίου Νικολάου',
    title: null,
    organization: 'Μητρόπολη Αθηνών',
    religion: null,
    contacts: [],
    notes: [],
    location: { city: 'Αθήνα', region: '', country: 'GR' },
    language: ['el'],
    tags: [],
    owned_items: [],
    linked_user_ids: [],
    nextcloud_folder: null,
    relationship_status: 'lead',
    technical_issues: [],
    install_support: [],
    transaction_history: [],
    has_active_issue: false,
    has_active_support: false,
    archived_at: null,
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
    version: 'v1',
    ...overrides,
  };
}

export function orderFixture(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o1',
    customer_id: 'c1',
    order_number: 'ORD-2026-001',
    title: 'Δύο καμπάνες',
    status: 'negotiating',
    status_updated_date: '2026-03-24T09:00:00.000Z',
    currency: 'EUR',
    notes: '',
    payment_status: {
      required_amount: 1000,
      received_amount: 0,
      balance_due: 1000,
      advance_required: false,
      advance_amount: null,
      payment_complete: false,
    },
    timeline: [],
    created_at: '2026-03-24T09:00:00.000Z',
    version: 'v1',
    payment_state: 'unpaid',
    ...overrides,
  };
}

export function transactionFixture(overrides: Partial<Transaction> = {}): Transaction {
  return {
    id: 't1',
    date: '2026-03-25T09:00:00.000Z',
    flow: 'payment',
    payment_type: 'cash',
    category: 'advance',
    amount: 300,
    currency: 'EUR',
    invoice_ref: null,
    order_ref: 'o1',
    recorded_by: 'Γιώργος Νικολάου',
    note: '',
    ...overrides,
  };
}

export function financialsFixture(transactions: Transaction[] = []): Financials {
  const paid = transactions.filter((t) => t.flow === 'payment').reduce((sum, t) => sum + t.amount, 0);
  const invoiced = transactions.filter((t) => t.flow === 'invoice').reduce((sum, t) => sum + t.amount, 0);
  return {
    transactions,
    totals: transactions.length ? [{ currency: 'EUR', invoiced, paid, credits: 0, outstanding: invoiced - paid }] : [],
    order_totals: [],
  };
}

export function productFixture(overrides: Partial<ProductRecord> = {}): ProductRecord {
  return {
    id: 'p1',
    name: 'Vesper 1',
    sku: 'VSP-001',
    category: 'controller',
    description: '',
    price: 890,
    currency: 'EUR',
    costs: { pcb: 0, components: 0, enclosure: 0, labor_hours: 0, labor_rate: 0, shipping_in: 0, total: 0 },
    stock: { on_hand: 0, reserved: 0, available: 0 },
    nextcloud_folder: null,
    linked_device_type: '',
    warranty_months: null,
    active: true,
    archived_at: null,
    created_at: '2026-01-10T10:00:00.000Z',
    updated_at: '2026-01-10T10:00:00.000Z',
    version: 'v1',
    ...overrides,
  };
}
