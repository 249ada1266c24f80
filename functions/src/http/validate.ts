import type { z } from 'zod';
import { ApiError, type ErrorDetail } from './errors.js';

/** Parses `input` with `schema`, or throws a 400 naming every bad field path. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, where: 'body' | 'query' | 'params'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = details[0];
  const message = first
    ? `Invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}`
    : `Invalid ${where}`;
  throw new ApiError('validation_failed', message, details);
}
