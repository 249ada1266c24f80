import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth.types.js';
import type { Client } from '@libsql/client';
import type { Clock } from './deps.js';
import { ApiError } from './errors.js';

/**
 * `Idempotency-Key` on create routes: the first answer to a key is kept and a retry with the
 * same key and body gets it again without running the route twice (a double click sends one
 * email); the same key with another body is a 422. A key is the caller's: scoped to the user
 * and the path. A route that fails keeps nothing, so the client may retry it.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const keySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters');

export interface RouteOutcome {
  status: number;
  body: unknown;
}

export async function withIdempotency(
  deps: { sql: Client; clock: Clock },
  req: Request,
  res: Response,
  run: () => Promise<RouteOutcome>,
): Promise<RouteOutcome> {
  const header = req.get(IDEMPOTENCY_HEADER);
  if (header === undefined) return run();
  const parsed = keySchema.safeParse(header);
  if (!parsed.success) {
    throw new ApiError('validation_failed', 'Invalid Idempotency-Key header', [
      { path: 'headers.idempotency-key', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  }
  const user = res.locals.user as AuthUser | undefined;
  const scope = `${user?.uid ?? ''} ${req.method} ${req.baseUrl}${req.path}`;
  const hash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
  const reserved = await deps.sql.execute({
    sql: `INSERT INTO http_idempotency (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (scope, key) DO NOTHING`,
    args: [scope, parsed.data, hash, deps.clock.now().toISOString()],
  });
  if (reserved.rowsAffected === 0) return replay(deps, scope, parsed.data, hash, res);
  let outcome: RouteOutcome;
  try {
    outcome = await run();
  } catch (err) {
    await deps.sql.execute({ sql: 'DELETE FROM http_idempotency WHERE scope = ? AND key = ?', args: [scope, parsed.data] });
    throw err;
  }
  await deps.sql.execute({
    sql: 'UPDATE http_idempotency SET status = ?, body = ? WHERE scope = ? AND key = ?',
    args: [outcome.status, outcome.body === undefined ? null : JSON.stringify(outcome.body), scope, parsed.data],
  });
  return outcome;
}

async function replay(
  deps: { sql: Client },
  scope: string,
  key: string,
  hash: string,
  res: Response,
): Promise<RouteOutcome> {
  const rs = await deps.sql.execute({
    sql: 'SELECT request_hash, status, body FROM http_idempotency WHERE scope = ? AND key = ?',
    args: [scope, key],
  });
  const row = rs.rows[0];
  if (!row) throw new ApiError('conflict', 'A request with this Idempotency-Key just failed; try again');
  if (String(row.request_hash) !== hash) {
    throw new ApiError('unprocessable', 'This Idempotency-Key was used with a different request body', [
      { path: 'headers.idempotency-key', message: 'reused with another body' },
    ]);
  }
  if (row.status === null) throw new ApiError('conflict', 'A request with this Idempotency-Key is still in progress');
  res.setHeader('idempotent-replayed', 'true');
  return { status: Number(row.status), body: row.body === null ? undefined : JSON.parse(String(row.body)) };
}
