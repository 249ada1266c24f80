import { z } from 'zod';
import { ApiError, type ErrorDetail } from './errors.js';

/**
 * Characters no text field may hold: C0 controls but tab, line feed and carriage return, DEL,
 * C1 controls, and the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) that
 * make `gnp.exe` display as `exe.png`.
 */
export const forbiddenTextChars = /[^\P{Cc}\t\n\r]|[\u202A-\u202E\u2066-\u2069]/u;

const describe = (char: string): string => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `value` is not acceptable text, or null when it is. */
export function textIssue(value: string): string | null {
  const bad = forbiddenTextChars.exec(value);
  return bad ? `must not contain control or bidi-override characters (found ${describe(bad[0])})` : null;
}

/**
 * One line of text (names, titles, labels, tags): what any text may not hold, nor tabs or line
 * breaks. Every request text is also checked by `parseOrThrow`; this adds the one-line rule.
 */
export const singleLineText = () =>
  z
    .string()
    .trim()
    .refine((value) => !/[\t\n\r]/.test(value), 'must be a single line (no tabs or line breaks)');

/** Every string in a request (keys and values), with the path it sits at. */
function textDetails(input: unknown): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0 && details.length < 20) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const issue = textIssue(value);
      if (issue) details.push({ path: path.join('.'), message: issue });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const keyIssue = textIssue(key);
      if (keyIssue) details.push({ path: [...path, key].join('.'), message: `key ${keyIssue}` });
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return details.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Parses `input` with `schema`, or throws a 400 naming every bad field path. Text anywhere in
 * the input that holds control or bidi-override characters is refused the same way.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, where: 'body' | 'query' | 'params'): T {
  const result = schema.safeParse(input);
  const details: ErrorDetail[] = result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  details.push(...textDetails(input).filter((text) => !details.some((d) => d.path === text.path)));
  if (result.success && details.length === 0) return result.data;
  const first = details[0];
  const message = first
    ? `Invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}`
    : `Invalid ${where}`;
  throw new ApiError('validation_failed', message, details);
}

/**
 * A field the spec documents in a request body but the server decides (who did it, when, a
 * computed total): a client written from the spec may send it, and its value is ignored. Put
 * it in the strict object beside the real fields, then drop it with `withoutServerOwned`;
 * any key the spec does not document is still refused.
 */
export const serverOwned = () =>
  z.unknown().optional().meta({ description: 'Set by the server; accepted because the spec documents it, and ignored' });

/** Drops the server-owned keys from a parsed body, so no service can read a client's value. */
export function withoutServerOwned<K extends string>(keys: readonly K[]) {
  return <T extends object>(body: T): Omit<T, K> => {
    const kept = { ...body } as Record<string, unknown>;
    for (const key of keys) delete kept[key];
    return kept as Omit<T, K>;
  };
}
