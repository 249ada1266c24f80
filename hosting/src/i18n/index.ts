import { createI18n } from 'vue-i18n';
import en, { type Messages } from './en';
import el from './el';

export const locales = ['en', 'el'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** BCP 47 tags for Intl formatting of each UI locale. */
export const localeTags: Record<Locale, string> = { en: 'en-GB', el: 'el-GR' };

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  messages: { en, el },
});
