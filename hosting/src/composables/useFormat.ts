import { storeToRefs } from 'pinia';
import { formatDate, formatDateTime, formatMoney } from '../format';
import { useUiStore } from '../stores/ui';

/** Formatters bound to the UI locale, for templates. */
export function useFormat() {
  const { locale } = storeToRefs(useUiStore());
  return {
    date: formatDate,
    dateTime: formatDateTime,
    money: (amount: number | null | undefined, currency = 'EUR') => formatMoney(amount, currency, locale.value),
  };
}
