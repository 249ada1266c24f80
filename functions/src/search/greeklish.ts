import { normalizeText } from './normalize.js';

/**
 * Greeklish: Greek written in Latin letters, the way staff and customers type names on a
 * Latin keyboard ("bibis" for "μπιμπης"). `greekToLatin` gives a readable transliteration
 * (ELOT 743 style); `phoneticKey` folds Greek and Latin spellings of the same sounds onto
 * one form, so "Μπίμπης", "mpimpis" and "bibis" all become "bibis".
 */

const singles: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm',
  ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

/** Digraphs whose Latin form depends on the position: [at word start, inside a word]. */
const digraphs: Record<string, [string, string]> = {
  μπ: ['b', 'mp'],
  ντ: ['d', 'nt'],
  γκ: ['g', 'gk'],
  γγ: ['ng', 'ng'],
  γξ: ['nx', 'nx'],
  γχ: ['nch', 'nch'],
  ου: ['ou', 'ou'],
};

/** αυ, ευ, ηυ sound "f" before a voiceless consonant or at the end of a word, else "v". */
const vowelsBeforeY: Record<string, string> = { α: 'a', ε: 'e', η: 'i' };
const voiceless = new Set(['θ', 'κ', 'ξ', 'π', 'σ', 'τ', 'φ', 'χ', 'ψ']);
const letter = /\p{L}/u;

/** Transliterates normalised Greek (see normalizeText) to Latin; other characters pass through. */
export function greekToLatin(normalized: string): string {
  let out = '';
  let i = 0;
  while (i < normalized.length) {
    const c = normalized[i]!;
    const next = normalized[i + 1] ?? '';
    const wordStart = i === 0 || !letter.test(normalized[i - 1]!);
    const digraph = digraphs[c + next];
    if (digraph) {
      out += wordStart ? digraph[0] : digraph[1];
      i += 2;
      continue;
    }
    const vowel = vowelsBeforeY[c];
    if (vowel && next === 'υ') {
      const after = normalized[i + 2] ?? '';
      const sounds = voiceless.has(after) || !letter.test(after) ? 'f' : 'v';
      out += vowel + sounds;
      i += 2;
      continue;
    }
    out += singles[c] ?? c;
    i += 1;
  }
  return out;
}

/**
 * Latin spellings that stand for one Greek sound, each folded to one letter. Pairs are
 * matched before single letters, left to right.
 */
const foldPairs: Record<string, string> = {
  mp: 'b', mb: 'b', nt: 'd', dh: 'd',
  gk: 'g', gg: 'g', ng: 'g', gh: 'g',
  // γι before a vowel is a "y" sound: Γιάννης, Giannis and Yannis meet at "ianis".
  gi: 'i', yi: 'i', ei: 'i', oi: 'i',
  ou: 'u', ai: 'e', au: 'ab', eu: 'eb', ay: 'ab', ey: 'eb',
  // θ as "th"; χ and ξ share "x", the letter greeklish uses for both.
  th: 'q', ch: 'x', ks: 'x', ph: 'f',
};

const foldSingles: Record<string, string> = { y: 'i', w: 'o', v: 'b', c: 'k' };

/** Digits typed for the Greek letters they look like: 8 for θ, 3 for ξ, 0 for ο ("8odoris", "3enos"). */
const digitLetters: Record<string, string> = { '8': 'th', '9': 'th', '3': 'ks', '0': 'o' };
const latinVowels = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'w']);
const hasLetter = /\p{L}/u;

/**
 * A lone "h" is η after a consonant or at the end of a word ("Eirhnh", "mhtera") and χ
 * elsewhere ("Hristos", "Mihalis").
 */
function foldH(latin: string, i: number): string {
  const prev = latin[i - 1];
  const next = latin[i + 1];
  if (next === undefined || !hasLetter.test(next)) return 'i';
  if (prev !== undefined && hasLetter.test(prev) && !latinVowels.has(prev)) return 'i';
  return 'x';
}

/** A word of mostly letters uses its digits as letters; a number or a code ("a100") keeps them. */
function digitsAsLetters(written: string): string {
  const digits = written.match(/\p{N}/gu)?.length ?? 0;
  const letters = written.match(/\p{L}/gu)?.length ?? 0;
  return digits > 0 && letters > digits ? written.replace(/[8930]/g, (d) => digitLetters[d]!) : written;
}

function foldLatin(written: string): string {
  const latin = digitsAsLetters(written);
  let out = '';
  let i = 0;
  while (i < latin.length) {
    const pair = foldPairs[latin.slice(i, i + 2)];
    if (pair) {
      out += pair;
      i += 2;
      continue;
    }
    const c = latin[i]!;
    out += c === 'h' ? foldH(latin, i) : (foldSingles[c] ?? c);
    i += 1;
  }
  return (
    out
      // αυ and ευ are typed av/af/au and ev/ef/eu alike (Ευθύμιος: Efthymios, Evthimios, Euthimios).
      .replace(/([ae])f/g, '$1b')
      // Greeklish often drops a doubled letter (Βασίλλης / Vasilis); doubled digits are a different number.
      .replace(/(\p{L})\1+/gu, '$1')
  );
}

/** The sound-alike form of a word, the same for its Greek and its greeklish spellings. */
export function phoneticKey(word: string): string {
  return foldLatin(greekToLatin(normalizeText(word)));
}
