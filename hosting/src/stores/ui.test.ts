import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { preferredLocale, useUiStore } from './ui';

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('ui store', () => {
  it('applies the theme to the document and remembers it across visits', () => {
    const ui = useUiStore();
    ui.theme = 'light';
    ui.toggleTheme();
    expect(document.documentElement.dataset.theme).toBe('dark');

    setActivePinia(createPinia());
    expect(useUiStore().theme).toBe('dark');
  });

  it('switches the language of the UI and the document, and remembers it', () => {
    const ui = useUiStore();
    ui.setLocale('el');
    expect(i18n.global.locale.value).toBe('el');
    expect(document.documentElement.lang).toBe('el');
    expect(i18n.global.t('nav.customers')).toBe('Πελάτες');

    setActivePinia(createPinia());
    expect(useUiStore().locale).toBe('el');
    useUiStore().setLocale('en');
    expect(i18n.global.t('nav.customers')).toBe('Customers');
  });

  it('ignores stored values it does not know', () => {
    localStorage.setItem('bellsystems.ui', JSON.stringify({ theme: 'sepia', locale: 'fr' }));
    const ui = useUiStore();
    expect(['light', 'dark']).toContain(ui.theme);
    expect(['en', 'el']).toContain(ui.locale);
    localStorage.setItem('bellsystems.ui', '{not json');
    setActivePinia(createPinia());
    expect(['light', 'dark']).toContain(useUiStore().theme);
  });

  it('starts in Greek unless the browser deliberately asks for English', () => {
    expect(preferredLocale([])).toBe('el');
    expect(preferredLocale(['en-US'])).toBe('el');
    expect(preferredLocale(['en-US', 'el'])).toBe('el');
    expect(preferredLocale(['el-GR'])).toBe('el');
    expect(preferredLocale(['en-GB', 'en'])).toBe('en');
    expect(preferredLocale(['en'])).toBe('en');
    expect(preferredLocale(['fr-FR'])).toBe('el');
  });
});
