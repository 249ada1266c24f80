import { localeTags, type Locale } from '../../i18n';

const units = ['B', 'KB', 'MB', 'GB'] as const;

/** 1536 → "1.5 KB" (in Greek "1,5 KB"); '' for an unknown size. */
export function formatFileSize(bytes: number | null, locale: Locale): string {
  if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(localeTags[locale], { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
