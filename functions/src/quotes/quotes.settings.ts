import { z } from 'zod';
import type { DocStore } from '../store/docstore.js';
import type { Actor } from '../shared/actor.js';
import { singleLineText } from '../http/validate.js';
import { QUOTE_SETTINGS_PATH } from './quote-paths.js';

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

export async function readQuoteSettings(store: Pick<DocStore, 'get'>): Promise<QuoteSettings> {
  const doc = await store.get(QUOTE_SETTINGS_PATH);
  if (!doc) return defaultQuoteSettings;
  const parsed = quoteSettingsSchema.safeParse({
    company: { ...defaultQuoteSettings.company, ...(doc.data.company as object) },
    validity_days: doc.data.validity_days ?? defaultQuoteSettings.validity_days,
    follow_up_days: doc.data.follow_up_days ?? defaultQuoteSettings.follow_up_days,
  });
  return parsed.success ? parsed.data : defaultQuoteSettings;
}

export async function writeQuoteSettings(store: DocStore, settings: QuoteSettings, actor: Actor, now: Date): Promise<QuoteSettings> {
  await store.set(QUOTE_SETTINGS_PATH, { ...settings, updated_at: now, updated_by: actor.name, updated_by_uid: actor.uid });
  return settings;
}
