/** The media vocabulary, without zod, so the SPA can import it at no bundle cost. */

export const mediaDirections = ['received', 'sent', 'internal'] as const;
export type MediaDirection = (typeof mediaDirections)[number];
