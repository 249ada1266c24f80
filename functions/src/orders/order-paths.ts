/** Where order numbering lives in the document store (orders themselves: shared/collections.ts). */

const COUNTERS = 'crm_counters';

export const orderCounterPath = (year: number): string => `${COUNTERS}/orders-${year}`;
/** One document per order number given: creating it twice fails, so a number is never given twice. */
export const orderNumberPath = (orderNumber: string): string => `crm_order_numbers/${orderNumber}`;
