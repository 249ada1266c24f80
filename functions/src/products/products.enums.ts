/** The product vocabulary, without zod, so the SPA can import it at no bundle cost. */

export const productCategories = ['controller', 'striker', 'clock', 'part', 'repair_service'] as const;
export type ProductCategory = (typeof productCategories)[number];
