/** The order vocabulary, without zod, so the SPA can import it at no bundle cost. */

export const orderStatuses = [
  'negotiating',
  'awaiting_quotation',
  'awaiting_customer_confirmation',
  'awaiting_fulfilment',
  'awaiting_payment',
  'manufacturing',
  'shipped',
  'installed',
  'declined',
  'complete',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const timelineTypes = [
  'quote_request',
  'quote_sent',
  'quote_accepted',
  'quote_declined',
  'mfg_started',
  'mfg_complete',
  'order_shipped',
  'installed',
  'payment_received',
  'invoice_sent',
  'note',
] as const;
export type TimelineType = (typeof timelineTypes)[number];

export const itemTypes = ['console_device', 'product', 'freetext'] as const;
export type ItemType = (typeof itemTypes)[number];

export const discountTypes = ['percentage', 'fixed'] as const;
export type DiscountType = (typeof discountTypes)[number];
