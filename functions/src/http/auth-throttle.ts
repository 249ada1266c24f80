import type { Client } from '@libsql/client';
import { ApiError } from './errors.js';

/**
 * Slows down guessing: an address that sent ADDRESS_LIMIT bad tokens or passwords within
 * ADDRESS_WINDOW_MS, or an account that had ACCOUNT_LIMIT wrong passwords within
 * ACCOUNT_WINDOW_MS, gets 429 with `Retry-After` for the rest of that window. Counted in libSQL
 * (`auth_throttle`), so every instance of the function counts together.
 *
 * The address is Express's `req.ip`: the forwarding header counts only from the proxies
 * `TRUST_PROXY` names (trustProxySetting), so a caller cannot pick the address it is counted
 * under. An account's count only slows sign-in with a password: a valid session keeps working
 * whatever anyone sends in its name. Loopback callers are not counted by address: that is the
 * machine itself (the tests, a local script); behind a local proxy listed in TRUST_PROXY the
 * address is the proxy's caller.
 */

export const ADDRESS_LIMIT = 10;
export const ADDRESS_WINDOW_MS = 60_000;
export const ACCOUNT_LIMIT = 10;
export const ACCOUNT_WINDOW_MS = 15 * 60_000;

const isLoopback = (address: string): boolean => /^(127\.|::1$|::ffff:127\.)/.test(address);

export interface ThrottleSubject {
  address: string;
  /** The normalised e-mail a password was tried for. */
  account?: string;
}

export interface AuthThrottle {
  /** Throws 429 while the address or the account is over its limit. */
  check(subject: ThrottleSubject): Promise<void>;
  recordFailure(subject: ThrottleSubject): Promise<void>;
}

interface Counter {
  key: string;
  limit: number;
  windowMs: number;
  what: string;
}

function countersOf(subject: ThrottleSubject): Counter[] {
  const counters: Counter[] = [];
  if (subject.address && !isLoopback(subject.address)) {
    counters.push({ key: `address:${subject.address}`, limit: ADDRESS_LIMIT, windowMs: ADDRESS_WINDOW_MS, what: 'this address' });
  }
  if (subject.account) counters.push({ key: `account:${subject.account}`, limit: ACCOUNT_LIMIT, windowMs: ACCOUNT_WINDOW_MS, what: 'this account' });
  return counters;
}

export function createAuthThrottle(sql: Client, now: () => number = Date.now): AuthThrottle {
  return {
    async check(subject) {
      const counters = countersOf(subject);
      if (counters.length === 0) return;
      const rs = await sql.execute({
        sql: `SELECT key, window_started, failures FROM auth_throttle WHERE key IN (${counters.map(() => '?').join(', ')})`,
        args: counters.map((counter) => counter.key),
      });
      const at = now();
      for (const row of rs.rows) {
        const counter = counters.find((candidate) => candidate.key === row.key)!;
        const ends = Number(row.window_started) + counter.windowMs;
        if (ends <= at || Number(row.failures) < counter.limit) continue;
        const retryAfter = Math.max(1, Math.ceil((ends - at) / 1000));
        throw new ApiError('too_many_requests', `Too many failed sign-ins from ${counter.what}; try again in ${retryAfter} s`, [], { retryAfter });
      }
    },

    async recordFailure(subject) {
      const counters = countersOf(subject);
      if (counters.length === 0) return;
      const at = now();
      await sql.batch(
        [
          ...counters.map((counter) => ({
            // A window that has run out starts again at this failure.
            sql: `INSERT INTO auth_throttle (key, window_started, failures) VALUES (?, ?, 1)
                  ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN window_started <= ? THEN 1 ELSE failures + 1 END,
                    window_started = CASE WHEN window_started <= ? THEN excluded.window_started ELSE window_started END`,
            args: [counter.key, at, at - counter.windowMs, at - counter.windowMs],
          })),
          // Windows long over are forgotten, so a flood from many addresses does not grow the table for ever.
          { sql: 'DELETE FROM auth_throttle WHERE window_started < ?', args: [at - ACCOUNT_WINDOW_MS] },
        ],
        'write',
      );
    },
  };
}

/**
 * Express's `trust proxy` from `TRUST_PROXY`: comma-separated addresses or CIDRs of the proxies
 * whose `X-Forwarded-For` is believed (e.g. `127.0.0.1` for Caddy on the same machine), or a
 * number of hops in front of the server (production: see README). Unset: no forwarding header
 * is believed, and the caller is the connection's address.
 */
export function trustProxySetting(value: string | undefined): string[] | number | false {
  const trimmed = value?.trim();
  if (!trimmed) return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
}
