import { isUtf8 } from 'node:buffer';
import { ApiError } from './errors.js';

/** Deeper than any body of ours; stops stack-deep recursion in validation and serialisation. */
export const MAX_BODY_DEPTH = 32;

/** In Unicode mode only an unpaired surrogate is a code point of category Cs. */
const loneSurrogate = /\p{Cs}/u;

/**
 * Rejects a parsed JSON body that nests deeper than MAX_BODY_DEPTH, carries a key that
 * rewrites prototypes when copied (`__proto__`, or `constructor` holding an object), or holds
 * text that is not well-formed Unicode (a lone surrogate escape such as "\ud800", which
 * storage would silently turn into U+FFFD).
 */
export function checkJsonBody(body: unknown): void {
  const stack: { value: unknown; depth: number; path: string[] }[] = [{ value: body, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string' && loneSurrogate.test(value)) throw malformedText(path);
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_BODY_DEPTH) {
      throw new ApiError('validation_failed', `Request body nests deeper than ${MAX_BODY_DEPTH} levels`, [
        { path: path.join('.'), message: 'Too deeply nested' },
      ]);
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      const childPath = [...path, key];
      if (loneSurrogate.test(key)) throw malformedText(childPath);
      if (key === '__proto__' || (key === 'constructor' && typeof child === 'object' && child !== null)) {
        throw new ApiError('validation_failed', `Request body may not contain the key "${key}"`, [
          { path: childPath.join('.'), message: `Forbidden key "${key}"` },
        ]);
      }
      if (typeof child === 'string' || (typeof child === 'object' && child !== null)) {
        stack.push({ value: child, depth: depth + 1, path: childPath });
      }
    }
  }
}

function malformedText(path: string[]): ApiError {
  return new ApiError('validation_failed', 'Request body holds text that is not valid Unicode', [
    { path: path.join('.'), message: 'Not valid Unicode (lone surrogate)' },
  ]);
}

/**
 * Refuses a body whose bytes are not valid UTF-8: the JSON reader would turn each bad byte into
 * U+FFFD and store (or put in a mail header) text nobody wrote. Names the fields that hold one.
 */
export function checkUtf8(raw: Buffer, body: unknown): void {
  if (isUtf8(raw)) return;
  const paths: string[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  while (stack.length > 0 && paths.length < 20) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\uFFFD')) paths.push(path.join('.'));
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\uFFFD')) paths.push([...path, key].join('.'));
      else stack.push({ value: child, path: [...path, key] });
    }
  }
  const details = (paths.length > 0 ? paths.sort() : ['']).map((path) => ({ path, message: 'Not valid UTF-8' }));
  throw new ApiError('validation_failed', 'Request body is not valid UTF-8', details);
}
