/** The languages BellSystems' customers speak, offered in the customer form. */
export const languageCodes = ['el', 'en', 'de', 'fr', 'it', 'ro', 'bg', 'sr', 'ru', 'ar', 'sq', 'tr', 'uk', 'pl', 'es', 'nl'] as const;

/** "el" → "Greek" / "Ελληνικά" in the UI language; a code Intl cannot name stays as it is. */
export function languageName(code: string, localeTag: string): string {
  try {
    return new Intl.DisplayNames([localeTag], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The offered codes, with any other code the customer already has kept choosable (first). */
export function languageChoices(chosen: readonly string[]): string[] {
  const offered: readonly string[] = languageCodes;
  return [...chosen.filter((code) => !offered.includes(code)), ...offered];
}

/** Ticking adds the code at the end (the first stays the most spoken); unticking removes it. */
export function toggleLanguage(chosen: readonly string[], code: string, on: boolean): string[] {
  const without = chosen.filter((c) => c !== code);
  return on ? [...without, code] : without;
}
