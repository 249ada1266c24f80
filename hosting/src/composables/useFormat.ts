import { storeToRefs } from 'pinia';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../format';
import { useUiStore } from '../stores/ui';

/** Formatters bound to the UI locale, for templates. */
export function useFormat() {
  const { locale } = storeToRefs(useUiStore());
  return {
    date: (value: Parameters<typeof formatDate>[0]) => formatDate(value, locale.value),
    dateTime: (value: Parameters<typeof formatDateTime>[0]) => formatDateTime(value, locale.value),
    number: (value: number | null | undefined) => formatNumber(value, locale.value),
    money: (amount: number | null | undefined, currency = 'EUR') => formatMoney(amount, currency, locale.value),
  };
}
