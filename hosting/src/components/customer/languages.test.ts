import { describe, expect, it } from 'vitest';
import { languageChoices, languageName, toggleLanguage } from './languages';

describe('customer languages', () => {
  it('names codes in the UI language and leaves an unknown one as it is', () => {
    expect(languageName('el', 'el-GR')).toBe('Ελληνικά');
    expect(languageName('el', 'en-GB')).toBe('Greek');
    expect(languageName('not a code', 'en-GB')).toBe('not a code');
  });

  it('keeps a stored code outside the offered list choosable, first', () => {
    const choices = languageChoices(['el', 'cy']);
    expect(choices[0]).toBe('cy');
    expect(choices.filter((code) => code === 'el')).toHaveLength(1);
  });

  it('adds a ticked code at the end and removes an unticked one', () => {
    expect(toggleLanguage(['el'], 'en', true)).toEqual(['el', 'en']);
    expect(toggleLanguage(['el', 'en'], 'el', false)).toEqual(['en']);
    expect(toggleLanguage(['el'], 'el', true)).toEqual(['el']);
  });
});
