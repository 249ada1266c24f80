import { describe, expect, it } from 'vitest';
import type { CustomerInput, TransactionInput } from '../../api/customers';
import { emptyForm, inputFromForm, newContact, newItem } from '../customer/customer-form-state';
import { customerProblems, isPhoneNumber, negotiationProblems, parseAmount, ticketProblems, transactionProblems } from './validation';

const customer = (overrides: Partial<CustomerInput> = {}): CustomerInput => ({ ...inputFromForm({ ...emptyForm(), name: 'Ενορία' }), ...overrides });
const keys = (problems: Record<string, { key: string }>) => Object.fromEntries(Object.entries(problems).map(([path, p]) => [path, p.key]));

describe('customer validation (mirrors customers.schema.ts)', () => {
  it('accepts a minimal customer', () => {
    expect(customerProblems(customer())).toEqual({});
  });

  it('requires a name and bounds the texts', () => {
    expect(keys(customerProblems(customer({ name: '  ', organization: 'x'.repeat(301) })))).toEqual({
      name: 'required',
      organization: 'maxLength',
    });
  });

  it('checks e-mail and phone contacts by type, at their server paths', () => {
    const contacts = [
      { type: 'email' as const, label: '', value: 'no-at-sign', primary: false },
      { type: 'phone' as const, label: '', value: '123', primary: false },
      { type: 'whatsapp' as const, label: '', value: '+30 697 123 4567', primary: false },
      { type: 'other' as const, label: '', value: '', primary: false },
      { type: 'phone' as const, label: '', value: '210 1234567', primary: false },
    ];
    expect(keys(customerProblems(customer({ contacts })))).toEqual({
      'contacts.0.value': 'email',
      'contacts.1.value': 'phone',
      'contacts.3.value': 'required',
    });
  });

  it('allows one primary contact per type', () => {
    const contacts = [
      { type: 'phone' as const, label: '', value: '2101234567', primary: true },
      { type: 'email' as const, label: '', value: 'a@example.gr', primary: true },
      { type: 'phone' as const, label: '', value: '2107654321', primary: true },
    ];
    expect(keys(customerProblems(customer({ contacts })))).toEqual({ 'contacts.2.primary': 'onePrimary' });
  });

  it('checks the language code, tags and the Nextcloud folder', () => {
    expect(keys(customerProblems(customer({ language: ['el', 'Greek'], tags: ['x'.repeat(61)], nextcloud_folder: '05_Customers/../x' })))).toEqual({
      language: 'language',
      tags: 'tag',
      nextcloud_folder: 'folder',
    });
    expect(customerProblems(customer({ language: ['el'], tags: ['ναός'], nextcloud_folder: '05_Customers/Ενορία' }))).toEqual({});
    expect(keys(customerProblems(customer({ language: [] })))).toEqual({ language: 'languageRequired' });
  });

  it('checks each tier of owned item by its own fields', () => {
    const form = { ...emptyForm(), name: 'Ενορία', owned_items: [newItem('console_device'), newItem('product'), newItem('freetext')] };
    form.owned_items[1]!.quantity = '1.5';
    expect(keys(customerProblems(inputFromForm(form)))).toEqual({
      'owned_items.0.device_id': 'deviceRequired',
      'owned_items.1.product_id': 'productRequired',
      'owned_items.1.quantity': 'wholeNumber',
      'owned_items.2.description': 'required',
    });
    form.owned_items[0]!.device_id = 'BS-0042';
    form.owned_items[1]!.product_name = 'Καμπάνα 80cm';
    form.owned_items[1]!.quantity = '0';
    form.owned_items[2]!.description = 'Παλιό ρολόι';
    expect(keys(customerProblems(inputFromForm(form)))).toEqual({ 'owned_items.1.quantity': 'min' });
  });

  it('knows a phone number as the server does', () => {
    expect(['6971234567', '+30 697 123 4567', '0030 6971234567', '30 697 123 4567', '+44 20 7946 0958'].every(isPhoneNumber)).toBe(true);
    expect(['123', '697123456', '+0 123 456 789', 'call me', '+1234567890123456'].some(isPhoneNumber)).toBe(false);
  });
});

describe('customer form state', () => {
  it('turns empty optional texts into null and keeps entry ids for the server', () => {
    const form = emptyForm();
    form.name = '  Ενορία  ';
    form.contacts = [{ ...newContact('email'), id: 'k1', value: ' a@example.gr ' }];
    form.owned_items = [{ ...newItem('product'), product_id: 'p1', product_name: 'Καμπάνα', quantity: '2', serial_numbers: 'SN1\n\nSN2 ' }];
    form.linked_user_ids = 'u1\nu1\nu2';
    expect(inputFromForm(form)).toEqual({
      name: 'Ενορία',
      title: null,
      organization: null,
      religion: null,
      language: ['el'],
      relationship_status: 'lead',
      location: null,
      tags: [],
      contacts: [{ id: 'k1', type: 'email', label: '', value: 'a@example.gr', primary: false }],
      notes: [],
      owned_items: [{ type: 'product', product_id: 'p1', product_name: 'Καμπάνα', quantity: 2, serial_numbers: ['SN1', 'SN2'] }],
      nextcloud_folder: null,
      linked_user_ids: ['u1', 'u2'],
    });
  });
});

describe('ledger validation (mirrors ledger.schema.ts)', () => {
  const entry = (overrides: Partial<TransactionInput> = {}): TransactionInput => ({
    date: '2026-03-25T09:00:00.000Z',
    flow: 'payment',
    payment_type: 'cash',
    category: 'full_payment',
    amount: 100,
    currency: 'EUR',
    invoice_ref: null,
    order_ref: null,
    note: '',
    ...overrides,
  });

  it('accepts a payment', () => {
    expect(transactionProblems(entry())).toEqual({});
  });

  it('wants a positive amount with at most two decimals', () => {
    expect(keys(transactionProblems(entry({ amount: 0 })))).toEqual({ amount: 'positive' });
    expect(keys(transactionProblems(entry({ amount: 10.005 })))).toEqual({ amount: 'twoDecimals' });
    expect(keys(transactionProblems(entry({ amount: NaN })))).toEqual({ amount: 'number' });
    expect(keys(transactionProblems(entry({ amount: 2_000_000_000 })))).toEqual({ amount: 'max' });
  });

  it('applies the payment type rule: none for invoices, required for payments and refunds', () => {
    expect(keys(transactionProblems(entry({ flow: 'invoice', payment_type: 'card' })))).toEqual({ payment_type: 'noMethodForInvoice' });
    expect(keys(transactionProblems(entry({ flow: 'refund', payment_type: null })))).toEqual({ payment_type: 'required' });
    expect(transactionProblems(entry({ flow: 'credit', payment_type: null }))).toEqual({});
  });

  it('wants a three-letter currency and a date', () => {
    expect(keys(transactionProblems(entry({ currency: 'EURO', date: '' })))).toEqual({ currency: 'currency', date: 'date' });
  });

  it('reads amounts with a decimal point or comma', () => {
    expect(parseAmount('1234,5')).toBe(1234.5);
    expect(parseAmount(' 300.00 ')).toBe(300);
    expect(parseAmount('1 000')).toBe(1000);
    expect(parseAmount('12a')).toBeNaN();
    expect(parseAmount('')).toBeNaN();
  });
});

describe('quick action validation', () => {
  it('Init Negotiations needs a title; Record Issue needs a note', () => {
    expect(keys(negotiationProblems({ title: '', note: '', date: '2026-03-25T09:00:00.000Z' }))).toEqual({ title: 'required' });
    expect(keys(ticketProblems({ note: ' ', date: 'not a date' }))).toEqual({ note: 'required', date: 'date' });
  });
});
