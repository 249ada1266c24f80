import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { buildOpenApi, openApiPath, type OpenApiDocument } from './openapi.js';
import { buildRoutes } from '../app/routes.js';

let t: TestApp;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await request(t.app).get('/api/openapi.json')).body as OpenApiDocument;
});
afterAll(() => t.close());

describe('GET /api/openapi.json', () => {
  it('has every route of the route table, with its role, and nothing else', () => {
    const routes = buildRoutes(t.deps);
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${openApiPath(route.path)}`).sort());
    for (const route of routes) {
      const op = doc.paths[openApiPath(route.path)]![route.method]!;
      expect(op['x-role'], `${route.method} ${route.path}`).toBe(route.role);
      expect(Boolean(op.security), `${route.method} ${route.path}`).toBe(route.role !== 'public');
    }
  });

  it('describes bodies, path and query parameters from the zod schemas, and the errors', () => {
    const create = doc.paths['/api/crm/customers']!.post!;
    const body = create.requestBody!.content['application/json']!.schema as { properties: Record<string, unknown>; required: string[] };
    expect(body.properties).toHaveProperty('name');
    expect(body.required).toContain('name');
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '409', '422', '500']);
    expect(create.responses['400']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Error' });

    const read = doc.paths['/api/crm/customers/{id}']!.get!;
    expect(read.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path', required: true }));
    expect(read.responses['404']).toBeDefined();

    const list = doc.paths['/api/crm/customers']!.get!;
    expect(list.parameters?.some((p) => p.in === 'query' && p.name === 'limit')).toBe(true);
    expect(doc.components.schemas.Error).toMatchObject({ properties: { error: { properties: { request_id: { type: 'string' } } } } });
  });

  it('describes what a route answers from its response schema, dates as the strings the JSON carries', () => {
    const read = doc.paths['/api/crm/customers/{id}']!.get!.responses['200']!.content!['application/json']!.schema as {
      properties: Record<string, { type?: string; format?: string }>;
      required: string[];
    };
    expect(read.required).toEqual(expect.arrayContaining(['id', 'name', 'contacts', 'version', 'created_at']));
    expect(read.properties.created_at).toMatchObject({ type: 'string', format: 'date-time' });
    expect(doc.paths['/api/crm/customers/{id}']!.delete!.responses['204']!.content).toBeUndefined();
    // A file is described as the file it is, not as JSON.
    expect(doc.paths['/api/crm/export/orders.csv']!.get!.responses['200']!.content).toEqual({ 'text/csv': { schema: { type: 'string', format: 'binary' } } });
    expect(Object.keys(doc.paths['/api/crm/quotes/{id}/pdf']!.get!.responses['200']!.content!)).toEqual(['application/pdf']);
  });

  it('serves the document buildOpenApi makes from the route table', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(buildOpenApi(buildRoutes(t.deps)))));
    expect(doc.openapi).toBe('3.1.0');
  });
});

describe('GET /api/docs', () => {
  it('is one self-contained HTML page naming every route and its role, with no script or remote resource', async () => {
    const res = await request(t.app).get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    for (const path of Object.keys(doc.paths)) expect(res.text).toContain(`<code>${path}</code>`);
    expect(res.text).toContain('Role: <b>editor</b>');
    expect(res.text).not.toMatch(/<script|https?:\/\/(?!json-schema)/i);
  });
});
