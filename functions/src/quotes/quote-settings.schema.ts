import { z } from 'zod';
import { singleLineText } from '../http/validate.js';

/** The letterhead of every quote PDF and the quote defaults, set once by an admin in Settings. */

const line = singleLineText().max(200);
/** A PNG or JPEG as a data URL; small, since it goes into every PDF. */
const logoSchema = z
  .string()
  .max(400_000, 'must be at most about 300 KB')
  .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+=*$/, 'must be a PNG or JPEG data URL');

export const quoteSettingsSchema = z.strictObject({
  company: z.strictObject({
    name: line,
    address: z.string().trim().max(500),
    vat_number: singleLineText().max(20),
    tax_office: line,
    phone: line,
    email: z.union([z.literal(''), z.email('must be an e-mail address')]),
    logo: logoSchema.nullable(),
  }),
  /** Days a new quote is valid for. */
  validity_days: z.number().int().min(1).max(365),
  /** Days after sending with no answer before a follow-up task appears. */
  follow_up_days: z.number().int().min(1).max(180),
});
export type QuoteSettings = z.infer<typeof quoteSettingsSchema>;
export const quoteSettingsResponseSchema = quoteSettingsSchema;

export const defaultQuoteSettings: QuoteSettings = {
  company: { name: 'BellSystems', address: '', vat_number: '', tax_office: '', phone: '', email: '', logo: null },
  validity_days: 30,
  follow_up_days: 7,
};
