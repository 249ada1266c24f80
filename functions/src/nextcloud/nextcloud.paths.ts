import { FileStorageError } from './file-storage.js';

/** Prefix of in-flight upload files; never listed, never a user's file name. */
export const UPLOAD_TEMP_PREFIX = '.crm-upload-';

const MAX_NAME_BYTES = 255;
const MAX_FOLDER_NAME_CHARS = 120;
// C0 and C1 controls and DEL: invisible in file managers, unsafe in headers.
const CONTROL = /\p{Cc}/u;
// Separators and what Windows clients of the Nextcloud share cannot store.
const FOLDER_UNSAFE = /[\p{Cc}\\/:*?"<>|]/gu;

/**
 * A user-given file name (upload or rename), NFC-normalised and trimmed. Rejects what could
 * leave its folder or confuse a file system: slashes, backslashes, `.`/`..`, control characters.
 */
export function checkFileName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  const problem = fileNameProblem(name);
  if (problem) throw new FileStorageError('invalid-path', `Invalid file name ${JSON.stringify(raw)}: ${problem}`);
  return name;
}

function fileNameProblem(name: string): string | null {
  if (name === '') return 'it is empty';
  if (name === '.' || name === '..') return 'it names a folder';
  if (name.includes('/') || name.includes('\\')) return 'it contains a slash';
  if (CONTROL.test(name)) return 'it contains a control character';
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes`;
  if (name.startsWith(UPLOAD_TEMP_PREFIX)) return 'that prefix is reserved';
  return null;
}

/**
 * A folder path relative to the storage root (`05_Customers/Ενορία Αγ. Παρασκευής`): no
 * leading slash, no empty, `.` or `..` segment, no control characters. Stored paths
 * (a customer's `nextcloud_folder`) are checked again before every use.
 */
export function checkFolderPath(raw: string): string {
  const path = raw.normalize('NFC');
  const segments = path.split('/');
  for (const segment of segments) {
    const problem =
      segment === ''
        ? 'it has an empty segment or a leading or trailing slash'
        : segment === '.' || segment === '..'
          ? 'it has a . or .. segment'
          : segment.includes('\\')
            ? 'it contains a backslash'
            : CONTROL.test(segment)
              ? 'it contains a control character'
              : Buffer.byteLength(segment) > MAX_NAME_BYTES
                ? 'a segment is too long'
                : null;
    if (problem) throw new FileStorageError('invalid-path', `Invalid folder ${JSON.stringify(raw)}: ${problem}`);
  }
  return path;
}

/**
 * The folder name for a customer or product, made from its name: separators and characters
 * Windows cannot store become spaces, runs of spaces collapse, leading and trailing dots and
 * spaces go. Falls back to `fallback` (the id) when nothing is left.
 */
export function folderNameFor(name: string, fallback: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(FOLDER_UNSAFE, ' ')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  const short = [...cleaned].slice(0, MAX_FOLDER_NAME_CHARS).join('').replace(/[\s.]+$/u, '');
  return short === '' ? fallback : short;
}

/**
 * The path of an existing file (from crm_media or a folder listing): a valid folder and a
 * valid name, taken as they are (a file made in Nextcloud may have spaces at the ends).
 */
export function checkFilePath(raw: string): string {
  const path = raw.normalize('NFC');
  const { folder, name } = splitPath(path);
  const problem = folder === '' ? 'it has no folder' : fileNameProblem(name);
  if (problem) throw new FileStorageError('invalid-path', `Invalid file path ${JSON.stringify(raw)}: ${problem}`);
  checkFolderPath(folder);
  return path;
}

export function joinPath(folder: string, name: string): string {
  return `${folder}/${name}`;
}

/** Splits `a/b/c.pdf` into its folder `a/b` and name `c.pdf`. */
export function splitPath(path: string): { folder: string; name: string } {
  const at = path.lastIndexOf('/');
  return at < 0 ? { folder: '', name: path } : { folder: path.slice(0, at), name: path.slice(at + 1) };
}

/** "offer.pdf" → "offer (2).pdf": the name tried when `name` is taken (shortened to fit). */
export function numberedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  const hasExtension = dot > 0 && dot < name.length - 1;
  const extension = hasExtension ? name.slice(dot) : '';
  const suffix = ` (${n})${extension}`;
  const stem = [...(hasExtension ? name.slice(0, dot) : name)];
  while (stem.length > 1 && Buffer.byteLength(stem.join('') + suffix) > MAX_NAME_BYTES) stem.pop();
  return stem.join('') + suffix;
}
