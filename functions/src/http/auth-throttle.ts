import { ApiError } from './errors.js';

/**
 * Slows down guessing: an address that sent FAILURE_LIMIT bad ID tokens within WINDOW_MS gets
 * 429 with `Retry-After` for the rest of that window, before any token of its is verified.
 * Per instance and in memory: enough to make guessing slow, without a store round trip on
 * every request. Sign-in itself happens at Firebase Auth, which throttles its own endpoint.
 * Loopback callers are not counted: the embedded server listens on loopback only (its
 * emulator tokens are unsigned, so there is nothing to guess) and tests call from there.
 */

export const FAILURE_LIMIT = 10;
export const WINDOW_MS = 60_000;
/** Bounds memory under a flood from many addresses: the oldest windows are forgotten first. */
const MAX_TRACKED = 10_000;

const isLoopback = (address: string): boolean => /^(127\.|::1$|::ffff:127\.)/.test(address);

interface Window {
  started: number;
  failures: number;
}

export interface AuthThrottle {
  /** Throws 429 while `address` is over the limit. */
  check(address: string): void;
  recordFailure(address: string): void;
}

export function createAuthThrottle(now: () => number = Date.now): AuthThrottle {
  const windows = new Map<string, Window>();
  const current = (address: string): Window | undefined => {
    const window = windows.get(address);
    if (window && now() - window.started >= WINDOW_MS) {
      windows.delete(address);
      return undefined;
    }
    return window;
  };
  return {
    check(address) {
      if (isLoopback(address)) return;
      const window = current(address);
      if (!window || window.failures < FAILURE_LIMIT) return;
      const retryAfter = Math.max(1, Math.ceil((window.started + WINDOW_MS - now()) / 1000));
      throw new ApiError('too_many_requests', `Too many failed sign-ins from this address; try again in ${retryAfter} s`, [], {
        retryAfter,
      });
    },
    recordFailure(address) {
      if (isLoopback(address)) return;
      const window = current(address);
      if (window) {
        window.failures += 1;
        return;
      }
      if (windows.size >= MAX_TRACKED) windows.delete(windows.keys().next().value!);
      windows.set(address, { started: now(), failures: 1 });
    },
  };
}
