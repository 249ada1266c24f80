/**
 * Shapes of API responses the shell reads, as the server's own response schemas describe them
 * (functions/src/contract/api-responses.ts): `Wire<…>` is a schema's JSON side, dates as ISO strings.
 */
import type { customerSchema, ticketSchema } from '@functions/customers/customers.schema';
import type { paymentStatusSchema } from '@functions/ledger/ledger.schema';
import type { annotatedOrderSchema } from '@functions/orders/orders.schema';
import type { productSchema } from '@functions/products/products.schema';
import type { Wire } from '@functions/shared/wire';
import type { accountCredentialSchema, meSchema, userSummarySchema } from '@functions/users/users.schema';

/** GET /me */
export type Me = Wire<typeof meSchema>;

/** An entry of GET /admin/users, and the answer of PUT /admin/users/:uid/role. */
export type UserSummary = Wire<typeof userSummarySchema>;

/** POST /admin/users and …/reset-password: the account and what to pass on once to its person. */
export type AccountCredential = Wire<typeof accountCredentialSchema>;

/** A cursor-paged list: the spec's named array plus paging. */
export type Paged<Name extends string, T> = { [K in Name]: T[] } & { total?: number | null; next_cursor: string | null };

export { relationshipStatuses, type RelationshipStatus } from '@functions/customers/customers.enums';
export { orderStatuses, type OrderStatus } from '@functions/orders/orders.enums';

/** A customer of GET /crm/customers and GET /crm/customers/:id. */
export type Customer = Wire<typeof customerSchema>;

/** An entry of technical_issues or install_support. */
export type SupportEntry = Wire<typeof ticketSchema>;

/** What an order requires and what the ledger has paid towards it. */
export type OrderPaymentStatus = Wire<typeof paymentStatusSchema>;

/** An entry of GET /crm/orders (the collection-group list): an order with its customer's name. */
export type OrderListItem = Wire<typeof annotatedOrderSchema>;

/** GET /crm/products/:id and the entries of GET /crm/products. */
export type Product = Wire<typeof productSchema>;
