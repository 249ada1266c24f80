import { greekToLatin } from '../search/greeklish.js';

/** Longest folder name made from an owner's name, in characters (ASCII, so also bytes). */
const MAX_FOLDER_NAME = 100;

/**
 * The Nextcloud folder name for a customer or product, made the way the demo data names them
 * (`Enoria_Agias_Paraskevis`, `Vesper_Plus`): Greek transliterated to Latin, accents dropped,
 * each word capitalised, words joined by `_`, nothing but letters, digits, `-` and `_`. Such a
 * name reads the same on every Nextcloud client and file system. `fallback` (the id) when no
 * letter or digit is left.
 */
export function folderNameFor(name: string, fallback: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .split(/[^\p{L}\p{N}-]+/u)
    .map((word) => greekToLatin(word).replace(/[^a-z0-9-]/g, ''))
    .filter((word) => word.replace(/-/g, '') !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  const joined = words.join('_').slice(0, MAX_FOLDER_NAME).replace(/[_-]+$/, '');
  return joined === '' ? fallback : joined;
}

/** True when `folder` is one folder directly under `root` (`05_Customers/Name`), nothing else. */
export function isOwnerFolder(folder: string, root: string): boolean {
  const rest = folder.startsWith(`${root}/`) ? folder.slice(root.length + 1) : '';
  return rest !== '' && !rest.includes('/') && rest !== '.' && rest !== '..';
}
