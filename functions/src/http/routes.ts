import type { AppDeps } from './deps.js';
import type { RouteDef } from './route.js';

/** Every API route. A new domain adds its route list here. */
export function buildRoutes(deps: AppDeps): RouteDef[] {
  void deps;
  return [];
}
