import type { DeliveryStatus } from './comms.schema.js';

/**
 * The order delivery ticks move in: pending → sent → delivered → read → played, and failed is
 * final. A status only replaces one of lower rank, so statuses arriving out of order (Meta
 * sends them at least once and in no set order) end at the furthest.
 */
export const deliveryRank: Record<DeliveryStatus, number> = {
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
  failed: 5,
};

/** The rank of a status column or parameter in SQL; a missing status ranks below pending. */
export function deliveryRankSql(expr: string): string {
  const cases = Object.entries(deliveryRank)
    .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
    .join(' ');
  return `(CASE ${expr} ${cases} ELSE -1 END)`;
}
