import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../app/app.js';
import { buildRoutes, withResponses } from '../app/routes.js';
import { isoDate } from '../shared/wire.js';
import { jsonResponseOf, noContent, type Download, type RouteDef } from '../http/route.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { apiResponses, routeKeyOf, routeOfRequest } from './api-responses.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the API contract', () => {
  it('names exactly the routes of the route table, each with the schema the route carries', () => {
    const routes = buildRoutes(t.deps);
    expect(Object.keys(apiResponses).sort()).toEqual(routes.map((route) => routeKeyOf(route.method, route.path)).sort());
    for (const route of routes) expect(route.response).toBe(apiResponses[routeKeyOf(route.method, route.path) as keyof typeof apiResponses]);
  });

  it('says what every route answers: no content exactly for its 204s, a file, or JSON of a schema', () => {
    const routes = buildRoutes(t.deps);
    const key = (route: RouteDef) => routeKeyOf(route.method, route.path);
    expect(routes.filter((route) => (route.response === noContent) !== (route.status === 204)).map(key)).toEqual([]);
    const files = routes.filter((route) => route.response !== noContent && jsonResponseOf(route.response) === null);
    // Files: a media download, a quote's PDF, the CSV exports and their zip; each names its media type.
    expect(files.filter((route) => !/\/(download|pdf)$|\.(csv|zip)$/.test(route.path)).map(key)).toEqual([]);
    expect(files.map((route) => `${key(route)} ${(route.response as Download).mediaType}`)).toEqual(
      expect.arrayContaining(['GET /crm/quotes/:id/pdf application/pdf', 'GET /crm/export/ledger.csv text/csv', 'GET /crm/export/archive.zip application/zip']),
    );
  });

  it('finds the route a concrete request reaches, fixed segments before parameters as Express does', () => {
    expect(routeOfRequest('get', '/crm/customers/c1')).toBe('GET /crm/customers/:id');
    expect(routeOfRequest('GET', '/crm/comms/unassigned')).toBe('GET /crm/comms/unassigned');
    expect(routeOfRequest('GET', '/crm/comms/m1')).toBe('GET /crm/comms/:id');
    expect(routeOfRequest('PATCH', '/crm/customers/c1/technical-issues/0/resolve')).toBe('PATCH /crm/customers/:id/technical-issues/:indexOrId/resolve');
    expect(routeOfRequest('GET', '/crm/customers/c1/nothing')).toBeNull();
    expect(routeOfRequest('PUT', '/crm/comms/m1')).toBeNull();
  });

  it('refuses to start a route the contract does not name', () => {
    const stray: RouteDef = { method: 'get', path: '/crm/stray', role: 'viewer', handler: async () => ({}) };
    expect(() => withResponses([stray])).toThrow('GET /crm/stray is missing from functions/src/contract/api-responses.ts');
  });

  it('answers 500 in tests when a route answers what its response schema does not allow, and the answer when it does', async () => {
    const route = (body: unknown): RouteDef => ({
      method: 'get',
      path: '/crm/probe',
      role: 'viewer',
      response: z.object({ at: isoDate, n: z.number() }),
      handler: async () => body,
    });
    const strict = (body: unknown) => createApp(t.deps, [route(body)], { checkResponses: true });
    const auth = { Authorization: `Bearer ${t.tokens.viewer}` };
    const good = await request(strict({ at: new Date('2026-03-01T10:00:00Z'), n: 1 })).get('/api/crm/probe').set(auth);
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ at: '2026-03-01T10:00:00.000Z', n: 1 });
    expect((await request(strict({ at: 'yesterday', n: 1 })).get('/api/crm/probe').set(auth)).status).toBe(500);
    expect((await request(strict({ at: new Date() })).get('/api/crm/probe').set(auth)).status).toBe(500);
    // Production does not pay for the check.
    expect((await request(createApp(t.deps, [route({ n: 'x' })])).get('/api/crm/probe').set(auth)).status).toBe(200);
  });
});
