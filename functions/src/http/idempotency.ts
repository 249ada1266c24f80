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
 * and the path. A request arriving while another with its key runs waits for that answer and
 * gives the same one (two tabs, a proxy's retry). A route that fails keeps nothing, so the
 * client may retry it.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const keySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters');

/** How long a request waits for the one holding its key (inside the API function's 60 s). */
const WAIT_MS = 50_000;
const LOOK_MS = 100;
/** A key held without an answer this long belongs to a request whose instance died. */
const ABANDONED_MS = 2 * 60_000;
/** This instance's requests running under a key, so a waiter here wakes as soon as it ends. */
const inFlight = new Map<string, Promise<RouteOutcome>>();

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
  const key = parsed.data;
  const hash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
  const deadline = Date.now() + WAIT_MS;
  // A request whose key another request holds waits for that one's answer and gives the same.
  for (;;) {
    const reserved = await deps.sql.execute({
      sql: `INSERT INTO http_idempotency (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (scope, key) DO NOTHING`,
      args: [scope, key, hash, deps.clock.now().toISOString()],
    });
    if (reserved.rowsAffected === 1) break;
    const held = await heldAnswer(deps, scope, key, hash);
    if (held === 'released') continue;
    if (held !== 'running') {
      res.setHeader('idempotent-replayed', 'true');
      return held;
    }
    if (Date.now() > deadline) throw new ApiError('conflict', 'A request with this Idempotency-Key is still in progress');
    await Promise.race([inFlight.get(`${scope}\n${key}`)?.catch(() => undefined), sleep(LOOK_MS)]);
  }
  const running = run();
  const id = `${scope}\n${key}`;
  inFlight.set(id, running);
  let outcome: RouteOutcome;
  try {
    outcome = await running;
  } catch (err) {
    await deps.sql.execute({ sql: 'DELETE FROM http_idempotency WHERE scope = ? AND key = ?', args: [scope, key] });
    throw err;
  } finally {
    inFlight.delete(id);
  }
  await deps.sql.execute({
    sql: 'UPDATE http_idempotency SET status = ?, body = ? WHERE scope = ? AND key = ?',
    args: [outcome.status, outcome.body === undefined ? null : JSON.stringify(outcome.body), scope, key],
  });
  return outcome;
}

/**
 * What the request holding the key answered; 'running' while it runs, 'released' when it
 * failed (or was abandoned by an instance that died) and the key is free again.
 */
async function heldAnswer(deps: { sql: Client; clock: Clock }, scope: string, key: string, hash: string): Promise<RouteOutcome | 'running' | 'released'> {
  const rs = await deps.sql.execute({
    sql: 'SELECT request_hash, status, body, created_at FROM http_idempotency WHERE scope = ? AND key = ?',
    args: [scope, key],
  });
  const row = rs.rows[0];
  if (!row) return 'released';
  if (String(row.request_hash) !== hash) {
    throw new ApiError('unprocessable', 'This Idempotency-Key was used with a different request body', [
      { path: 'headers.idempotency-key', message: 'reused with another body' },
    ]);
  }
  if (row.status !== null) return { status: Number(row.status), body: row.body === null ? undefined : JSON.parse(String(row.body)) };
  if (deps.clock.now().getTime() - Date.parse(String(row.created_at)) > ABANDONED_MS) {
    await deps.sql.execute({
      sql: 'DELETE FROM http_idempotency WHERE scope = ? AND key = ? AND status IS NULL AND created_at = ?',
      args: [scope, key, String(row.created_at)],
    });
    return 'released';
  }
  return 'running';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
