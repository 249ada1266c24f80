/**
 * The API described from the route table itself: `GET /api/openapi.json` (OpenAPI 3.1, the
 * request schemas converted from the routes' zod schemas) and `GET /api/docs`, a reference
 * page rendered on the server (no script, no CDN: it passes the API's Content-Security-Policy).
 * A route added to the table is in both without anyone writing documentation.
 */
import type { Express } from 'express';
import { z } from 'zod';
import { errorStatus, type ErrorCode } from './errors.js';
import { jsonResponseOf, type RouteDef, type RouteResponse } from './route.js';

type JsonSchema = Record<string, unknown>;

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  'x-role': RouteDef['role'];
  security?: { bearer: string[] }[];
  parameters?: { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, JsonSchema> };
  paths: Record<string, Partial<Record<RouteDef['method'], Operation>>>;
}

/** `/crm/customers/:id` → `/api/crm/customers/{id}`. */
export function openApiPath(path: string): string {
  return `/api${path.replace(/:(\w+)/g, '{$1}')}`;
}

/**
 * The JSON side of a schema: what a client sends for a request schema, and for a response schema
 * what the client receives (its codecs' input: dates as strings). What JSON Schema cannot say becomes "any".
 */
function toSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const errorRef = { $ref: '#/components/schemas/Error' };

/** The errors a route can answer, from what it declares: a token, validated input, ids, writes. */
function errorsOf(route: RouteDef): ErrorCode[] {
  const codes: ErrorCode[] = [];
  if (route.params || route.query || route.body) codes.push('validation_failed');
  if (route.role !== 'public') codes.push('unauthenticated', 'forbidden');
  if (route.path.includes(':')) codes.push('not_found');
  if (route.method !== 'get') codes.push('conflict');
  if (route.method === 'post' && !route.rawBody && route.role !== 'public') codes.push('unprocessable');
  // Link-token routes (a customer's quote page): a link that expired or was replaced, and the per-address limit.
  if (route.path.startsWith('/public/')) codes.push('gone', 'too_many_requests');
  codes.push('internal');
  return codes;
}

function successOf(response: RouteResponse | undefined): Operation['responses'][string] {
  const json = jsonResponseOf(response);
  if (json) return { description: 'Success (JSON)', content: { 'application/json': { schema: toSchema(json) } } };
  if (response && 'answers' in response && response.answers === 'download') {
    return { description: 'A file', content: { [response.mediaType]: { schema: { type: 'string', format: 'binary' } } } };
  }
  return { description: 'Done, no content' };
}

function operationOf(route: RouteDef): Operation {
  const parameters: NonNullable<Operation['parameters']> = [];
  const pathNames = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const paramProps = (route.params ? toSchema(route.params).properties : undefined) as Record<string, JsonSchema> | undefined;
  for (const name of pathNames) parameters.push({ name, in: 'path', required: true, schema: paramProps?.[name] ?? { type: 'string' } });
  if (route.query) {
    const query = toSchema(route.query);
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema> | undefined) ?? {})) {
      parameters.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  const status = String(route.status ?? 200);
  const responses: Operation['responses'] = { [status]: successOf(route.response) };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsOf(route)) byStatus.set(errorStatus[code], [...(byStatus.get(errorStatus[code]) ?? []), code]);
  for (const [httpStatus, codes] of byStatus) {
    responses[String(httpStatus)] = { description: codes.join(', '), content: { 'application/json': { schema: errorRef } } };
  }
  const tag = route.path.split('/').filter(Boolean).find((segment) => segment !== 'crm' && !segment.startsWith(':')) ?? 'api';
  return {
    operationId: `${route.method}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: `${route.method.toUpperCase()} ${openApiPath(route.path)}`,
    tags: [tag],
    'x-role': route.role,
    ...(route.role === 'public' ? {} : { security: [{ bearer: [] }] }),
    ...(parameters.length ? { parameters } : {}),
    ...(route.rawBody
      ? { requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } } }
      : route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body) } } } }
        : {}),
    responses,
  };
}

export function buildOpenApi(routes: RouteDef[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'BellSystems CRM API',
      version: '1',
      description:
        'Every route but /api/health needs a Bearer token (Authorization: Bearer …) whose account\'s role allows the ' +
        'route: viewer reads, editor also writes, admin also manages users (x-role). In production the token is a ' +
        'Firebase ID token (role: its custom claim) and sign-in happens at Firebase Auth; in embedded mode it is the ' +
        'session POST /api/auth/sign-in answers (role: the stored account), and the /api/auth/* routes exist only ' +
        'there. Authenticated POSTs ' +
        'honour an Idempotency-Key header. Every error answers the Error schema with the request id.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'Firebase ID token' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: {
                code: { type: 'string', enum: Object.keys(errorStatus) },
                message: { type: 'string' },
                details: {
                  type: 'array',
                  items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } },
                },
                request_id: { type: 'string' },
              },
            },
          },
        },
      },
    },
    paths,
  };
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The reference page: one section per tag, each route with its role, parameters, body and answers. */
export function renderApiDocs(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods) as [string, Operation][]) {
      const params = (op.parameters ?? [])
        .map((p) => `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''}) <code>${escapeHtml(JSON.stringify(p.schema))}</code></li>`)
        .join('');
      const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
      const answers = Object.entries(op.responses)
        .map(([status, r]) => `<li><b>${status}</b> ${escapeHtml(r.description)}</li>`)
        .join('');
      const section = `<article id="${escapeHtml(op.operationId)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>Role: <b>${escapeHtml(op['x-role'])}</b></p>
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${body ? `<h4>Body (${escapeHtml(body[0])})</h4><pre>${escapeHtml(JSON.stringify(body[1].schema, null, 2))}</pre>` : ''}
<h4>Answers</h4><ul>${answers}</ul>
</article>`;
      const tag = op.tags[0] ?? 'api';
      byTag.set(tag, [...(byTag.get(tag) ?? []), section]);
    }
  }
  const toc = [...byTag.keys()].map((tag) => `<a href="#tag-${escapeHtml(tag)}">${escapeHtml(tag)}</a>`).join(' · ');
  const sections = [...byTag.entries()]
    .map(([tag, items]) => `<section id="tag-${escapeHtml(tag)}"><h2>${escapeHtml(tag)}</h2>${items.join('\n')}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.5rem;overflow:auto;max-height:20rem}
article{border-top:1px solid #ddd;padding:.5rem 0}h3{margin:.3rem 0}h4{margin:.4rem 0 .2rem;font-size:.9rem}
.m{display:inline-block;min-width:4.2rem;padding:0 .3rem;border-radius:3px;color:#fff;font-size:.8rem;text-align:center}
.get{background:#2a7}.post{background:#27c}.put,.patch{background:#c82}.delete{background:#c33}
</style></head><body>
<h1>${escapeHtml(doc.info.title)}</h1>
<p>${escapeHtml(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${doc.openapi}). Sections: ${toc}</p>
${sections}
</body></html>`;
}

/** Mounts both documents (public: they describe routes, never data). */
export function mountApiReference(app: Express, routes: RouteDef[]): void {
  let doc: OpenApiDocument | undefined;
  let html: string | undefined;
  app.get('/api/openapi.json', (_req, res) => {
    doc ??= buildOpenApi(routes);
    res.json(doc);
  });
  app.get('/api/docs', (_req, res) => {
    doc ??= buildOpenApi(routes);
    html ??= renderApiDocs(doc);
    res.type('html').send(html);
  });
}
