import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { roleAllows, type AuthUser } from '../auth/auth.types.js';
import { StoreError } from '../store/docstore.js';
import type { AppDeps } from './deps.js';
import { ApiError } from './errors.js';
import type { RouteDef } from './route.js';
import { buildRoutes } from './routes.js';
import { parseOrThrow } from './validate.js';

export const JSON_BODY_LIMIT = '1mb';

/** The Express app of the `api` function. Tests build it in-process with their own deps. */
export function createApp(deps: AppDeps, routes: RouteDef[] = buildRoutes(deps)): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(helmet());
  app.use(requestId(deps));
  const json = express.json({ limit: JSON_BODY_LIMIT });

  for (const route of routes) {
    const handlers = [
      ...(route.rawBody ? [] : [json]),
      async (req: Request, res: Response, next: NextFunction) => {
        try {
          await runRoute(route, deps, req, res);
        } catch (err) {
          next(err);
        }
      },
    ];
    app[route.method](`/api${route.path}`, ...handlers);
  }

  app.use('/api', (req: Request) => {
    throw new ApiError('not_found', `No route ${req.method} ${req.path}`);
  });
  app.use(errorHandler(deps));
  return app;
}

async function runRoute(route: RouteDef, deps: AppDeps, req: Request, res: Response): Promise<void> {
  const user = route.role === 'public' ? anonymous : await authenticate(deps, req);
  if (route.role !== 'public' && !roleAllows(user.role, route.role)) {
    throw new ApiError('forbidden', `This needs the ${route.role} role`);
  }
  const params = route.params ? parseOrThrow(route.params, req.params, 'params') : req.params;
  const query = route.query ? parseOrThrow(route.query, req.query, 'query') : req.query;
  const body = route.body ? parseOrThrow(route.body, req.body ?? {}, 'body') : req.body;
  const result = await route.handler({ params, query, body, user, req, res });
  if (res.headersSent) return;
  const status = route.status ?? 200;
  if (result === undefined || status === 204) res.status(status === 200 ? 204 : status).end();
  else res.status(status).json(result);
}

const anonymous: AuthUser = { uid: '', email: null, name: '', role: null };

async function authenticate(deps: AppDeps, req: Request): Promise<AuthUser> {
  const header = req.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new ApiError('unauthenticated', 'Sign in first: missing Bearer token');
  const user = await deps.auth.verify(match[1]);
  (req as Request & { user?: AuthUser }).user = user;
  return user;
}

function requestId(deps: AppDeps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    const started = performance.now();
    res.on('finish', () => {
      deps.logger.info('request', {
        requestId: id,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        uid: (req as Request & { user?: AuthUser }).user?.uid,
      });
    });
    next();
  };
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof StoreError) {
    if (err.code === 'not-found') return new ApiError('not_found', err.message);
    if (err.code === 'already-exists') return new ApiError('conflict', err.message);
    if (err.code === 'invalid-argument') return new ApiError('bad_request', err.message);
  }
  const bodyError = err as { type?: string; status?: number };
  if (bodyError.type === 'entity.too.large') {
    return new ApiError('payload_too_large', `Request body is larger than ${JSON_BODY_LIMIT}`);
  }
  if (bodyError.type === 'entity.parse.failed') return new ApiError('bad_request', 'Request body is not valid JSON');
  if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return new ApiError('bad_request', 'Malformed request');
  }
  return new ApiError('internal', 'Internal server error');
}

function errorHandler(deps: AppDeps) {
  // Express recognises an error handler by its four parameters.
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) {
      deps.logger.error('unhandled error', {
        requestId: res.locals.requestId,
        error: err instanceof Error ? err.stack : String(err),
      });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(apiError.status).json(apiError.toBody());
  };
}
