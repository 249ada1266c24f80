/** The ledger vocabulary, without zod, so the SPA can import it at no bundle cost. */

export const transactionFlows = ['invoice', 'payment', 'refund', 'credit'] as const;
export type TransactionFlow = (typeof transactionFlows)[number];

export const paymentTypes = ['cash', 'bank_transfer', 'card', 'paypal'] as const;
export type PaymentType = (typeof paymentTypes)[number];

export const transactionCategories = ['full_payment', 'advance', 'installment'] as const;
export type TransactionCategory = (typeof transactionCategories)[number];
