import { ApiError } from '../http/errors.js';

/**
 * The public quote routes answer anyone with a link, so each address gets LIMIT requests a
 * minute (a customer opening, downloading and answering needs a handful). Per instance and in
 * memory, like the sign-in throttle: it makes guessing tokens slow without a store round trip.
 */
export const PUBLIC_LIMIT = 30;
const WINDOW_MS = 60_000;
const MAX_TRACKED = 10_000;

export function createPublicRateLimit(limit = PUBLIC_LIMIT, now: () => number = Date.now) {
  const windows = new Map<string, { started: number; count: number }>();
  return (address: string): void => {
    const t = now();
    let window = windows.get(address);
    if (!window || t - window.started >= WINDOW_MS) {
      windows.delete(address);
      if (windows.size >= MAX_TRACKED) windows.delete(windows.keys().next().value!);
      window = { started: t, count: 0 };
      windows.set(address, window);
    }
    window.count += 1;
    if (window.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((window.started + WINDOW_MS - t) / 1000));
      throw new ApiError('too_many_requests', `Too many requests; try again in ${retryAfter} s`, [], { retryAfter });
    }
  };
}
