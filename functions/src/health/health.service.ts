import type { AppDeps } from '../http/deps.js';

export type CheckState = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { store: CheckState; sql: CheckState };
  time: string;
}

/** A check that has not answered by then counts as down: the health check itself must not hang. */
export const CHECK_TIMEOUT_MS = 5000;

/** Whether the document store and the libSQL database answer. Reports states only, never why. */
export async function checkHealth(deps: Pick<AppDeps, 'store' | 'sql' | 'clock'>): Promise<HealthReport> {
  const [store, sql] = await Promise.all([
    probe(() => deps.store.ping()),
    probe(async () => (await deps.sql.execute('SELECT 1')).rows.length === 1),
  ]);
  return {
    status: store === 'up' && sql === 'up' ? 'ok' : 'unavailable',
    checks: { store, sql },
    time: deps.clock.now().toISOString(),
  };
}

async function probe(check: () => Promise<boolean>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([check(), timeout])) ? 'up' : 'down';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
