import type { DocStore } from '../store/docstore.js';
import type { Actor } from '../shared/actor.js';
import { QUOTE_SETTINGS_PATH } from './quote-paths.js';
import { defaultQuoteSettings, quoteSettingsSchema, type QuoteSettings } from './quote-settings.schema.js';

export { defaultQuoteSettings, quoteSettingsResponseSchema, quoteSettingsSchema, type QuoteSettings } from './quote-settings.schema.js';

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
