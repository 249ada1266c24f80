/**
 * The request a log line belongs to. The app runs each `/api` request inside this context, so
 * a logger wrapped by `withRequestContext` stamps every line (a service's as much as the
 * request line) with the request id, the signed-in user and the route, without a service
 * passing them along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from './deps.js';

export interface RequestContext {
  requestId: string;
  /** Filled in once the token is verified. */
  uid?: string;
  /** The signed-in user's display name (the history of changes records it). */
  name?: string;
  /** The route's pattern (`/api/crm/customers/:id`), never the path with its ids and query. */
  route?: string;
  /** The request's method, with the route the reason a change was made. */
  method?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The logger, with the current request's id, user and route added to each line's fields. */
export function withRequestContext(logger: Logger): Logger {
  const stamp = (fields?: Record<string, unknown>): Record<string, unknown> | undefined => {
    const context = storage.getStore();
    if (!context) return fields;
    return {
      requestId: context.requestId,
      ...(context.uid ? { uid: context.uid } : {}),
      ...(context.route ? { route: context.route } : {}),
      ...fields,
    };
  };
  return {
    info: (message, fields) => logger.info(message, stamp(fields)),
    warn: (message, fields) => logger.warn(message, stamp(fields)),
    error: (message, fields) => logger.error(message, stamp(fields)),
  };
}
