/**
 * Greek-aware text folding (DESIGN.md, "Search"): the one normalisation shared by customer
 * and product search keys and by the comms full-text index, so a word folds the same way
 * wherever it is stored or searched.
 */

const combiningMarks = /\p{M}+/gu;
const tokenPattern = /[\p{L}\p{N}]+/gu;

/**
 * Lower case, accents and dialytika stripped, final sigma folded to σ, compatibility forms
 * unified (NFKD: ligatures, full-width digits), whitespace collapsed. Punctuation stays.
 */
export function normalizeText(input: string): string {
  return input
    .normalize('NFKD')
    .replace(combiningMarks, '')
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The normalised words and numbers of `input`, in order (punctuation separates them). */
export function tokenize(input: string): string[] {
  return normalizeText(input).match(tokenPattern) ?? [];
}
