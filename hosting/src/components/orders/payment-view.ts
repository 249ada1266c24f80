/**
 * How an order's payment reads, the same on the Financials tab, the order card, the orders table
 * and the board (issue 19.4). The figures are the server's payment_status (ledger/payment-status.ts):
 * a positive balance is owed, a zero balance is "nothing owed", a negative one is an overpayment,
 * never a bare negative amount; an advance the ledger covers reads as received.
 */
import { useI18n } from 'vue-i18n';
import type { OrderPaymentStatus } from '../../api/types';
import { useFormat } from '../../composables/useFormat';
import { toCents } from './order-money';

export type PaymentState = 'no_amount' | 'unpaid' | 'partially_paid' | 'paid' | 'overpaid';

/** The server's paymentStateOf (ledger/payment-status.ts), in cents. */
export function paymentStateOf(ps: OrderPaymentStatus | null | undefined): PaymentState {
  const required = toCents(ps?.required_amount ?? 0);
  const received = toCents(ps?.received_amount ?? 0);
  if (required <= 0) return received > 0 ? 'overpaid' : 'no_amount';
  if (received <= 0) return 'unpaid';
  if (received < required) return 'partially_paid';
  return received === required ? 'paid' : 'overpaid';
}

export const paymentStateColor: Record<PaymentState, string> = {
  no_amount: 'var(--color-text-muted)',
  unpaid: 'var(--color-warning)',
  partially_paid: 'var(--color-warning)',
  paid: 'var(--color-success)',
  overpaid: 'var(--color-danger)',
};

/** Text for an order's balance, its advance and its state, in the UI's language. */
export function usePaymentView() {
  const { t } = useI18n();
  const format = useFormat();

  /** "1.610,90 €" when owed, "Nothing owed", or "Overpaid by 50,00 €". */
  function balance(ps: OrderPaymentStatus | null | undefined, currency: string): string {
    const cents = toCents(ps?.balance_due ?? 0);
    if (cents > 0) return format.money(cents / 100, currency);
    if (cents === 0) return t('paymentView.nothingOwed');
    return t('paymentView.overpaidBy', { amount: format.money(-cents / 100, currency) });
  }

  /**
   * The advance line, or null when there is nothing to say: an advance not required beside money
   * already received would contradict it, so it shows only while nothing was received.
   */
  function advance(ps: OrderPaymentStatus | null | undefined, currency: string): string | null {
    if (!ps) return null;
    const received = toCents(ps.received_amount);
    if (!ps.advance_required) return received > 0 ? null : t('paymentView.noAdvance');
    if (ps.advance_amount === null) return t('paymentView.advanceOpen');
    const amount = format.money(ps.advance_amount, currency);
    return received >= toCents(ps.advance_amount) ? t('paymentView.advanceReceived', { amount }) : t('paymentView.advanceDue', { amount });
  }

  const state = (ps: OrderPaymentStatus | null | undefined): string => t(`paymentView.states.${paymentStateOf(ps)}`);

  return { balance, advance, state, stateOf: paymentStateOf };
}
