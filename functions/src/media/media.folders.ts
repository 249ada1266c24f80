import { greekToLatin } from '../search/greeklish.js';

/** Longest folder name made from an owner's name, in characters (ASCII, so also bytes). */
const MAX_FOLDER_NAME = 100;

/**
 * The Nextcloud folder name for a customer or product, made the way the demo data names them
 * (`Enoria_Agias_Paraskevis`, `Vesper_Plus`, `TCL-1`): Greek words transliterated to Latin and
 * capitalised, Latin words kept as written, accents dropped, words joined by `_`, nothing but letters, digits, `-` and `_`. Such a
 * name reads the same on every Nextcloud client and file system. `fallback` (the id) when no
 * letter or digit is left.
 */
export function folderNameFor(name: string, fallback: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}-]+/u)
    .map((word) => {
      if (!/\p{Script=Greek}/u.test(word)) return word.replace(/[^A-Za-z0-9-]/g, '');
      const latin = greekToLatin(word.toLowerCase().replace(/ς/g, 'σ')).replace(/[^a-z0-9-]/g, '');
      return latin.charAt(0).toUpperCase() + latin.slice(1);
    })
    .filter((word) => word.replace(/-/g, '') !== '');
  const joined = words.join('_').slice(0, MAX_FOLDER_NAME).replace(/[_-]+$/, '');
  return joined === '' ? fallback : joined;
}

/** True when `folder` is one folder directly under `root` (`05_Customers/Name`), nothing else. */
export function isOwnerFolder(folder: string, root: string): boolean {
  const rest = folder.startsWith(`${root}/`) ? folder.slice(root.length + 1) : '';
  return rest !== '' && !rest.includes('/') && rest !== '.' && rest !== '..';
}
