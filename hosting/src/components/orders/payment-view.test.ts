import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import type { OrderPaymentStatus } from '../../api/types';
import { i18n } from '../../i18n';
import { useUiStore } from '../../stores/ui';
import { paymentStateOf, usePaymentView } from './payment-view';

const status = (required: number, received: number, advance: Partial<OrderPaymentStatus> = {}): OrderPaymentStatus => ({
  required_amount: required,
  received_amount: received,
  balance_due: Math.round((required - received) * 100) / 100,
  advance_required: false,
  advance_amount: null,
  payment_complete: required > 0 && received >= required,
  ...advance,
});

/** The view's texts for a status, in a language, read through a mounted component as the SPA does. */
function texts(ps: OrderPaymentStatus, locale: 'en' | 'el'): { balance: string; advance: string | null; state: string } {
  const pinia = createPinia();
  setActivePinia(pinia);
  useUiStore().setLocale(locale);
  let out = { balance: '', advance: null as string | null, state: '' };
  const probe = defineComponent({
    setup() {
      const view = usePaymentView();
      out = { balance: view.balance(ps, 'EUR'), advance: view.advance(ps, 'EUR'), state: view.state(ps) };
      return () => h('span');
    },
  });
  mount(probe, { global: { plugins: [pinia, i18n] } }).unmount();
  // Intl puts a no-break space before the € sign; compared here as a plain space.
  const plain = (text: string) => text.replace(/\u00a0/g, ' ');
  return { balance: plain(out.balance), advance: out.advance === null ? null : plain(out.advance), state: out.state };
}

describe('payment view', () => {
  it('shows the issue’s case the same way as the order: 1.000 € advance received, 1.610,90 € owed', () => {
    const ps = status(2610.9, 1000, { advance_required: true, advance_amount: 1000 });
    expect(texts(ps, 'el')).toEqual({ balance: '1.610,90 €', advance: '1.000,00 €, εισπράχθηκε', state: 'Μερικώς πληρωμένη' });
    expect(texts(ps, 'en')).toEqual({ balance: '€1,610.90', advance: '€1,000.00, received', state: 'Partly paid' });
  });

  it('a 0,00 € order is nothing owed, not a pending payment', () => {
    expect(texts(status(0, 0), 'el')).toEqual({ balance: 'Καμία οφειλή', advance: 'Χωρίς προκαταβολή', state: 'Καμία οφειλή' });
  });

  it('never says "no advance" beside money received, and an overpayment is not a negative balance', () => {
    const overpaid = texts(status(100, 150.5), 'en');
    expect(overpaid).toEqual({ balance: 'Overpaid by €50.50', advance: null, state: 'Overpaid' });
    expect(overpaid.balance).not.toMatch(/[-\u2212]/);
  });

  it('an advance not yet received says so', () => {
    expect(texts(status(500, 0, { advance_required: true, advance_amount: 200 }), 'en').advance).toBe('€200.00, not yet received');
    expect(texts(status(500, 0, { advance_required: true }), 'en').advance).toBe('Required, amount not set');
  });

  it('derives the state as the server does, in cents', () => {
    expect([status(0, 0), status(0, 5), status(10, 0), status(0.3, 0.1), status(0.3, 0.3), status(0.3, 0.31)].map(paymentStateOf)).toEqual([
      'no_amount',
      'overpaid',
      'unpaid',
      'partially_paid',
      'paid',
      'overpaid',
    ]);
  });
});
