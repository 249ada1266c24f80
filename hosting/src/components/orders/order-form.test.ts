import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../api/orders';
import {
  emptyOrderForm,
  formFromOrder,
  formTotals,
  inputFromForm,
  newItemRow,
  orderChanges,
  orderProblems,
  termsInput,
  termsProblems,
  type OrderForm,
} from './order-form';
import { costTotal, orderTotals } from './order-money';

function formWith(change: (form: OrderForm) => void): OrderForm {
  const form = emptyOrderForm();
  form.title = 'Καμπαναριό Αγ. Νικολάου';
  form.items = [{ ...newItemRow(), product_id: 'p1', product_name: 'Vesper Plus', quantity: '3', unit_price: '1200,50' }];
  change(form);
  return form;
}

const stored: OrderRecord = {
  id: 'o1',
  customer_id: 'c1',
  order_number: 'ORD-2026-004',
  title: 'Ρολόι πύργου',
  status: 'awaiting_payment',
  status_updated_date: '2026-03-02T10:00:00.000Z',
  currency: 'EUR',
  created_at: '2026-03-01T10:00:00.000Z',
  items: [
    { id: 'i1', type: 'product', product_id: 'p2', product_name: 'Clock C1', description: 'Ανατολική όψη', quantity: 2, unit_price: 450, serial_numbers: ['SN-1', 'SN-2'] },
  ],
  subtotal: 900,
  discount: { type: 'fixed', value: 50, reason: 'Παλιός πελάτης' },
  total_price: 850,
  shipping: { method: 'courier', carrier: 'ACS', tracking_number: '', shipped_at: '2026-03-05T00:00:00.000Z', delivered_at: null, destination: 'Λάρισα' },
  notes: '',
  payment_status: { required_amount: 850, received_amount: 200, balance_due: 650, advance_required: true, advance_amount: 200, payment_complete: false },
  payment_state: 'partially_paid',
  timeline: [],
  version: 'v1',
};

describe('order totals', () => {
  it('computes subtotal, discount and total in cents as the server does', () => {
    expect(orderTotals([{ quantity: 3, unit_price: 0.1 }], { type: 'fixed', value: 0 })).toEqual({ subtotal: 0.3, discount: 0, total: 0.3 });
    // 10% of 33.35 is 3.335, rounded half up to 3.34.
    expect(orderTotals([{ quantity: 1, unit_price: 33.35 }], { type: 'percentage', value: 10 })).toEqual({ subtotal: 33.35, discount: 3.34, total: 30.01 });
    expect(orderTotals([{ quantity: 2, unit_price: 450 }], { type: 'fixed', value: 50 })).toEqual({ subtotal: 900, discount: 50, total: 850 });
  });

  it('counts lines and discounts that are not numbers yet as 0 while the form is typed', () => {
    const input = inputFromForm(
      formWith((f) => {
        f.items.push({ ...newItemRow(), description: 'Εγκατάσταση', type: 'freetext', quantity: 'δύο', unit_price: '80' });
        f.discount_value = 'abc';
      }),
    );
    expect(formTotals(input)).toEqual({ subtotal: 3601.5, discount: 0, total: 3601.5 });
  });

  it('computes a product cost total with labour as hours × rate', () => {
    expect(costTotal({ pcb: 12.5, components: 40.1, enclosure: 20, labor_hours: 1.5, labor_rate: 25.33, shipping_in: 3 })).toBe(113.6);
    expect(costTotal({ pcb: NaN, components: 1, enclosure: 0, labor_hours: 0, labor_rate: 0, shipping_in: 0 })).toBe(1);
  });
});

describe('order form checks', () => {
  it('accepts a complete order and builds the body the API takes', () => {
    const input = inputFromForm(formWith((f) => (f.items[0]!.serial_numbers = 'SN-1\nSN-2, SN-3\n')));
    expect(orderProblems(input)).toEqual({});
    expect(input.items).toEqual([
      { type: 'product', product_id: 'p1', product_name: 'Vesper Plus', description: '', quantity: 3, unit_price: 1200.5, serial_numbers: ['SN-1', 'SN-2', 'SN-3'] },
    ]);
    expect(input.shipping).toEqual({ method: '', carrier: '', tracking_number: '', destination: '', shipped_at: null, delivered_at: null });
  });

  it('names each problem at the path the server would name it', () => {
    const input = inputFromForm(
      formWith((f) => {
        f.title = '  ';
        f.currency = 'EURO';
        f.items[0]!.quantity = '0';
        f.items[0]!.unit_price = '12,345';
        f.items.push({ ...newItemRow(), type: 'freetext', quantity: '1.5', unit_price: '-3' });
        f.discount_value = '101';
      }),
    );
    expect(orderProblems(input)).toEqual({
      title: { key: 'required' },
      currency: { key: 'currency' },
      'items.0.quantity': { key: 'min', params: { min: 1 } },
      'items.0.unit_price': { key: 'number' },
      'items.1.description': { key: 'itemRequired' },
      'items.1.quantity': { key: 'wholeNumber' },
      'items.1.unit_price': { key: 'notNegative' },
      'discount.value': { key: 'max', params: { max: 100 } },
    });
  });

  it('refuses a fixed discount larger than the subtotal, and a product line without a product', () => {
    const input = inputFromForm(
      formWith((f) => {
        f.items[0]!.product_name = '';
        f.discount_type = 'fixed';
        f.discount_value = '5000';
      }),
    );
    expect(orderProblems(input)).toEqual({
      'items.0.product_name': { key: 'itemRequired' },
      'discount.value': { key: 'discountOverSubtotal' },
    });
  });
});

describe('editing an order', () => {
  it('fills the form from the stored order and sends back nothing when nothing changed', () => {
    const form = formFromOrder(stored);
    expect(form.items[0]).toMatchObject({ id: 'i1', quantity: '2', unit_price: '450,00', serial_numbers: 'SN-1\nSN-2' });
    expect(form.shipping.shipped_at).toBe('2026-03-05');
    expect(form.discount_value).toBe('50,00');
    expect(orderChanges(inputFromForm(formFromOrder(stored)), inputFromForm(form))).toEqual({});
  });

  it('sends only the fields that changed, items whole with their ids', () => {
    const form = formFromOrder(stored);
    form.items[0]!.quantity = '3';
    form.shipping.tracking_number = 'ACS-778';
    const patch = orderChanges(inputFromForm(formFromOrder(stored)), inputFromForm(form));
    expect(Object.keys(patch).sort()).toEqual(['items', 'shipping']);
    expect(patch.items).toEqual([{ id: 'i1', type: 'product', product_id: 'p2', product_name: 'Clock C1', description: 'Ανατολική όψη', quantity: 3, unit_price: 450, serial_numbers: ['SN-1', 'SN-2'] }]);
    expect(patch.shipping).toMatchObject({ tracking_number: 'ACS-778', shipped_at: '2026-03-05' });
  });
});

describe('payment terms', () => {
  it('clears the advance amount when no advance is required', () => {
    expect(termsInput({ required_amount: '850', advance_required: false, advance_amount: '200' })).toEqual({
      required_amount: 850,
      advance_required: false,
      advance_amount: null,
    });
    expect(termsInput({ required_amount: '850,5', advance_required: true, advance_amount: '' })).toEqual({
      required_amount: 850.5,
      advance_required: true,
      advance_amount: null,
    });
  });

  it('refuses an advance above the required amount and amounts that are not numbers', () => {
    expect(termsProblems(termsInput({ required_amount: '100', advance_required: true, advance_amount: '150' }))).toEqual({
      advance_amount: { key: 'advanceOverRequired' },
    });
    expect(termsProblems(termsInput({ required_amount: 'πολλά', advance_required: false, advance_amount: '' }))).toEqual({
      required_amount: { key: 'number' },
    });
  });
});
