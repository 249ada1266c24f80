/** Where orders and their numbering live in the document store. */

export const CUSTOMERS = 'crm_customers';
export const ORDERS = 'orders';
const COUNTERS = 'crm_counters';

export const customerPath = (customerId: string): string => `${CUSTOMERS}/${customerId}`;
export const ordersPath = (customerId: string): string => `${CUSTOMERS}/${customerId}/${ORDERS}`;
export const orderPath = (customerId: string, orderId: string): string => `${ordersPath(customerId)}/${orderId}`;
export const orderCounterPath = (year: number): string => `${COUNTERS}/orders-${year}`;
/** One document per order number given: creating it twice fails, so a number is never given twice. */
export const orderNumberPath = (orderNumber: string): string => `crm_order_numbers/${orderNumber}`;

const orderPathPattern = /^crm_customers\/([^/]+)\/orders\/([^/]+)$/;

/** The customer and order ids of an order document path, or null for any other path. */
export function parseOrderPath(path: string): { customerId: string; orderId: string } | null {
  const match = orderPathPattern.exec(path);
  return match?.[1] && match[2] ? { customerId: match[1], orderId: match[2] } : null;
}

const customerPathPattern = /^crm_customers\/([^/]+)$/;

export function parseCustomerPath(path: string): string | null {
  return customerPathPattern.exec(path)?.[1] ?? null;
}
