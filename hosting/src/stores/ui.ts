import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { i18n, isLocale, type Locale } from '../i18n';

export const themes = ['light', 'dark'] as const;
export type Theme = (typeof themes)[number];

const storageKey = 'bellsystems.ui';

interface Stored {
  theme?: Theme;
  locale?: Locale;
}

function readStored(): Stored {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { theme, locale } = parsed as Record<string, unknown>;
    return {
      theme: theme === 'light' || theme === 'dark' ? theme : undefined,
      locale: isLocale(locale) ? locale : undefined,
    };
  } catch {
    // Unreadable or blocked storage: fall back to the browser's preferences.
    return {};
  }
}

function preferredTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Greek first: BellSystems staff work in Greek. A browser asks for English only when it lists
 * English as a deliberate choice, that is, lists no Greek and its first language is an English
 * other than the factory default en-US (which nearly every browser ships with).
 */
export function preferredLocale(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): Locale {
  const tags = languages.map((tag) => tag.toLowerCase());
  if (tags.some((tag) => tag === 'el' || tag.startsWith('el-'))) return 'el';
  const first = tags[0] ?? '';
  return (first === 'en' || first.startsWith('en-')) && first !== 'en-us' ? 'en' : 'el';
}

/** Theme and language: applied to the document and i18n, remembered in localStorage. */
export const useUiStore = defineStore('ui', () => {
  const stored = readStored();
  const theme = ref<Theme>(stored.theme ?? preferredTheme());
  const locale = ref<Locale>(stored.locale ?? preferredLocale());

  watch(
    [theme, locale],
    ([t, l]) => {
      document.documentElement.dataset.theme = t;
      document.documentElement.lang = l;
      i18n.global.locale.value = l;
      try {
        localStorage.setItem(storageKey, JSON.stringify({ theme: t, locale: l } satisfies Stored));
      } catch {
        // Storage full or blocked (private mode): the choice still holds for this visit.
      }
    },
    { immediate: true, flush: 'sync' },
  );

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  function setLocale(next: Locale): void {
    locale.value = next;
  }

  return { theme, locale, toggleTheme, setLocale };
});
