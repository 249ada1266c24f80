import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { roleAllows, type AuthUser } from '../auth/auth.types.js';
import { StoreError } from '../store/docstore.js';
import { createAuthThrottle, trustProxySetting, type AuthThrottle } from '../http/auth-throttle.js';
import { checkJsonBody, checkUtf8 } from '../http/body-guard.js';
import type { AppDeps } from './deps.js';
import { ApiError, bodyReadError } from '../http/errors.js';
import { withIdempotency, type RouteOutcome } from '../http/idempotency.js';
import { jsonResponseOf, type RouteDef } from '../http/route.js';
import { buildRoutes } from './routes.js';
import { parseOrThrow } from '../http/validate.js';
import { mountApiReference } from '../http/openapi.js';
import { runInRequestContext, type RequestContext } from '../http/request-context.js';
import { etagOf, versionOf } from '../http/versions.js';
import { scrubbingLogger } from '../shared/secrets.js';

export const JSON_BODY_LIMIT = '1mb';
const jsonBodyLimitBytes = 1024 * 1024;

/**
 * The Express app of the `api` function. Tests build it in-process with their own deps.
 * It answers `/api/**` only and passes every other path on (the embedded server serves the SPA there).
 */
export interface AppOptions {
  /**
   * Check every success body against its route's response schema and answer 500 when it does
   * not match: on in tests, so the schemas the SPA is built against are held to what the API sends.
   */
  checkResponses?: boolean;
  /** The proxies whose X-Forwarded-For is believed; defaults to the `TRUST_PROXY` environment variable. */
  trustProxy?: string;
}

export function createApp(given: AppDeps, routes?: RouteDef[], options: AppOptions = {}): express.Express {
  // No log line of the API's, whoever writes it, carries a secret the server holds. A view, not
  // a copy: the deps stay the caller's (tests swap a dependency to stage an outage).
  const logger = scrubbingLogger(given.logger);
  const deps: AppDeps = new Proxy(given, { get: (target, key, receiver) => (key === 'logger' ? logger : Reflect.get(target, key, receiver)) });
  const table = routes ?? buildRoutes(deps);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(options.trustProxy ?? process.env.TRUST_PROXY));
  app.use('/api', helmet(), requestId(deps));
  // The bytes are kept for the UTF-8 check, as Cloud Functions keeps them in `rawBody`.
  const json = express.json({
    limit: JSON_BODY_LIMIT,
    verify: (req, _res, buf) => {
      (req as Request & { jsonBytes?: Buffer }).jsonBytes = buf;
    },
  });
  const throttle = createAuthThrottle(deps.sql);

  for (const route of table) {
    // Who is asking is settled before the body is read: anonymous callers never get it parsed.
    const handlers: RequestHandler[] = [requireRole(deps, route, throttle)];
    if (!route.rawBody) handlers.push(json, guardJsonBody);
    handlers.push((req, res) => runRoute(deps, route, req, res, options));
    app[route.method](`/api${route.path}`, ...handlers);
  }

  mountApiReference(app, table);

  app.use('/api', (req: Request) => {
    throw new ApiError('not_found', `No route ${req.method} ${req.path}`);
  });
  app.use(errorHandler(deps));
  return app;
}

/** Verifies the Bearer token and checks the route's role; public routes pass untouched. */
export function requireRole(deps: AppDeps, route: Pick<RouteDef, 'role' | 'beforePasswordChange'>, throttle?: AuthThrottle): RequestHandler {
  const { role } = route;
  return async (req, res, next) => {
    if (role === 'public') return next();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new ApiError('unauthenticated', 'Sign in first: missing Bearer token');
    const subject = { address: req.ip ?? '' };
    await throttle?.check(subject);
    const user = await deps.auth.verify(match[1]).catch(async (err: unknown) => {
      if (err instanceof ApiError && err.code === 'unauthenticated') await throttle?.recordFailure(subject);
      throw err;
    });
    res.locals.user = user;
    if (user.passwordChangeRequired && !route.beforePasswordChange) throw new ApiError('forbidden', 'Choose a new password first');
    if (!roleAllows(user.role, role)) {
      throw new ApiError('forbidden', user.role ? `This needs the ${role} role` : 'Your account has no role yet: ask an admin');
    }
    next();
  };
}

function guardJsonBody(req: Request, _res: Response, next: NextFunction): void {
  // Cloud Functions parses the body before Express sees it, so express.json's limit never runs there.
  const raw = (req as Request & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(raw) && raw.length > jsonBodyLimitBytes) {
    throw new ApiError('payload_too_large', `Request body is larger than ${JSON_BODY_LIMIT}`);
  }
  const bytes = Buffer.isBuffer(raw) ? raw : (req as Request & { jsonBytes?: Buffer }).jsonBytes;
  if (bytes) checkUtf8(bytes, req.body);
  checkJsonBody(req.body);
  next();
}

const anonymous: AuthUser = { uid: '', email: null, name: '', role: null };

async function runRoute(deps: AppDeps, route: RouteDef, req: Request, res: Response, options: AppOptions): Promise<void> {
  // Body parsing leaves the async context behind: the route's work re-enters it, now knowing who and which route.
  const context = res.locals.requestContext as RequestContext;
  context.route = `/api${route.path}`;
  context.method = req.method;
  const user = res.locals.user as AuthUser | undefined;
  context.uid = user?.uid || undefined;
  context.name = user ? user.name || user.email || user.uid || undefined : undefined;
  return runInRequestContext(context, () => runRouteInContext(deps, route, req, res, options));
}

async function runRouteInContext(deps: AppDeps, route: RouteDef, req: Request, res: Response, options: AppOptions): Promise<void> {
  const run = async (): Promise<RouteOutcome> => {
    const user = (res.locals.user as AuthUser | undefined) ?? anonymous;
    const params = route.params ? parseOrThrow(route.params, req.params, 'params') : req.params;
    const query = route.query ? parseOrThrow(route.query, req.query, 'query') : req.query;
    const body = route.body ? parseOrThrow(route.body, req.body ?? {}, 'body') : req.body;
    const result = await route.handler({ params, query, body, user, req, res });
    const status = route.status ?? 200;
    const schema = jsonResponseOf(route.response);
    if (options.checkResponses && schema && result !== undefined) checkResponse(route, schema, result);
    return result === undefined || status === 204 ? { status: status === 200 ? 204 : status, body: undefined } : { status, body: result };
  };
  // Creates honour Idempotency-Key; a streamed upload has no body to compare, so it is not replayed.
  const outcome = route.method === 'post' && !route.rawBody && route.role !== 'public' ? await withIdempotency(deps, req, res, run) : await run();
  if (res.headersSent) return;
  // A document answered carries its version as the ETag too, for If-Match on the next write.
  const version = versionOf(outcome.body);
  if (version) res.setHeader('ETag', etagOf(version));
  if (outcome.body === undefined) res.status(outcome.status).end();
  else res.status(outcome.status).json(outcome.body);
}

/** The body as JSON carries it, decoded by the route's response schema; a mismatch is the server's fault. */
function checkResponse(route: RouteDef, schema: z.ZodType, body: unknown): void {
  const checked = schema.safeDecode(JSON.parse(JSON.stringify(body)));
  if (!checked.success) {
    throw new Error(`${route.method.toUpperCase()} ${route.path} answered what its response schema does not allow: ${z.prettifyError(checked.error)}`);
  }
}

function requestId(deps: AppDeps): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    const context: RequestContext = { requestId: id };
    res.locals.requestContext = context;
    res.setHeader('x-request-id', id);
    const started = performance.now();
    res.on('finish', () => {
      deps.logger.info('request', {
        requestId: id,
        method: req.method,
        path: req.originalUrl.split('?')[0],
        route: context.route,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        uid: (res.locals.user as AuthUser | undefined)?.uid,
      });
    });
    runInRequestContext(context, next);
  };
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof StoreError) {
    if (err.code === 'not-found') return new ApiError('not_found', err.message);
    if (err.code === 'already-exists') return new ApiError('conflict', err.message);
    if (err.code === 'invalid-argument') return new ApiError('bad_request', err.message);
    // Contention outlasted the transaction's retries: nothing was written, so the client may retry.
    if (err.code === 'aborted') return new ApiError('conflict', 'The record was changed by someone else at the same time; try again');
  }
  const bodyError = bodyReadError(err, JSON_BODY_LIMIT);
  if (bodyError) return bodyError;
  return new ApiError('internal', 'Internal server error');
}

function errorHandler(deps: AppDeps) {
  // Express recognises an error handler by its four parameters.
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) {
      deps.logger.error('unhandled error', {
        requestId: res.locals.requestId,
        route: (res.locals.requestContext as RequestContext | undefined)?.route,
        error: err instanceof Error ? err.stack : String(err),
      });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (apiError.extras.retryAfter !== undefined) res.setHeader('Retry-After', String(apiError.extras.retryAfter));
    const currentVersion = versionOf(apiError.extras.current);
    if (currentVersion) res.setHeader('ETag', etagOf(currentVersion));
    res.status(apiError.status).json(apiError.toBody(res.locals.requestId as string | undefined));
  };
}
