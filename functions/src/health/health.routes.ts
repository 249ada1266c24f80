import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { healthProbes, type HealthRepositories } from './health.probes.js';
import { checkHealth } from './health.service.js';

export function healthRoutes(deps: AppDeps, repos: HealthRepositories): RouteDef[] {
  const probes = healthProbes(repos);
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      role: 'public',
      async handler({ res }) {
        const report = await checkHealth(deps, probes);
        res.setHeader('cache-control', 'no-store');
        // Monitors alert on the status code: 503 only when a core dependency is down.
        res.status(report.status === 'down' ? 503 : 200).json(report);
        return undefined;
      },
    }),
  ];
}
