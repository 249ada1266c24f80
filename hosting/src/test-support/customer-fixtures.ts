/** Customers, orders and ledgers in the API's response shapes, for the customer pages' tests. */
import type { CustomerRecord, Financials, Order, Transaction } from '../api/customers';

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
    created_at: '2026-03-01T10:00:00.000Z',
    updated_at: '2026-03-01T10:00:00.000Z',
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
  };
}
