import type { HealthDeps, HealthProbe } from './health.probes.js';
import type { HealthReport, ProbeResult, ProbeState } from './health.schema.js';

export type { HealthReport } from './health.schema.js';

/** A check that has not answered by then counts as down: the health check itself must not hang. */
export const CHECK_TIMEOUT_MS = 5000;

const rank: Record<ProbeState, number> = { ok: 0, degraded: 1, down: 2 };

/**
 * Runs every probe at once. The report is `down` only when a core dependency is down (the
 * route then answers 503); an integration that is down makes it `degraded`.
 */
export async function checkHealth(deps: HealthDeps, probes: HealthProbe[]): Promise<HealthReport> {
  const now = deps.clock.now();
  const results = await Promise.all(probes.map((probe) => run(probe, deps, now)));
  let status: ProbeState = 'ok';
  for (const [i, result] of results.entries()) {
    const effective: ProbeState = result.state === 'down' && !probes[i]!.core ? 'degraded' : result.state;
    if (rank[effective] > rank[status]) status = effective;
  }
  return {
    status,
    checks: Object.fromEntries(probes.map((probe, i) => [probe.name, results[i]!])),
    time: now.toISOString(),
  };
}

async function run(probe: HealthProbe, deps: HealthDeps, now: Date): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'down', reason: 'timeout' }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([probe.check(deps, now), timeout]);
  } catch {
    return { state: 'down', reason: 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
