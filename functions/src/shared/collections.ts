/**
 * Where the shared documents live in the document store: every domain that reads a customer,
 * an order or a product names its path from here.
 */

export const CUSTOMERS = 'crm_customers';
export const PRODUCTS = 'crm_products';
/** Orders are a subcollection of their customer. */
export const ORDERS = 'orders';

export const customerPath = (customerId: string): string => `${CUSTOMERS}/${customerId}`;
export const ordersPath = (customerId: string): string => `${CUSTOMERS}/${customerId}/${ORDERS}`;
export const orderPath = (customerId: string, orderId: string): string => `${ordersPath(customerId)}/${orderId}`;
export const productPath = (productId: string): string => `${PRODUCTS}/${productId}`;

const orderPathPattern = new RegExp(`^${CUSTOMERS}/([^/]+)/${ORDERS}/([^/]+)$`);

/** The customer and order ids of an order document path, or null for any other path. */
export function parseOrderPath(path: string): { customerId: string; orderId: string } | null {
  const match = orderPathPattern.exec(path);
  return match?.[1] && match[2] ? { customerId: match[1], orderId: match[2] } : null;
}

const customerPathPattern = new RegExp(`^${CUSTOMERS}/([^/]+)$`);

/** The customer id of a customer document path, or null for any other path. */
export function parseCustomerPath(path: string): string | null {
  return customerPathPattern.exec(path)?.[1] ?? null;
}
