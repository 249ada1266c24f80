import type { CurrencyTotals, TransactionEntry } from './ledger.schema.js';
import { fromCents, toCents } from '../shared/money.js';

/**
 * Per-currency totals of a ledger, summed in integer cents. Amounts in different currencies
 * are never added together: each currency gets its own row.
 * outstanding = invoiced − paid − credits, where paid = payments − refunds.
 */
export function ledgerTotals(entries: readonly TransactionEntry[]): CurrencyTotals[] {
  const byCurrency = new Map<string, { invoiced: number; paid: number; credits: number }>();
  for (const entry of entries) {
    const row = byCurrency.get(entry.currency) ?? { invoiced: 0, paid: 0, credits: 0 };
    const cents = toCents(entry.amount);
    if (entry.flow === 'invoice') row.invoiced += cents;
    else if (entry.flow === 'payment') row.paid += cents;
    else if (entry.flow === 'refund') row.paid -= cents;
    else row.credits += cents;
    byCurrency.set(entry.currency, row);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, row]) => ({
      currency,
      invoiced: fromCents(row.invoiced),
      paid: fromCents(row.paid),
      credits: fromCents(row.credits),
      outstanding: fromCents(row.invoiced - row.paid - row.credits),
    }));
}
