/**
 * Walks the whole route table, so a route added later is covered without touching this file:
 * every route but the agreed public ones answers 401 to a missing or bad token and 403 to a
 * role too low, in the one error shape, and a refused request writes nothing.
 */
import express from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../auth/auth.types.js';
import { dumpDatabase } from '../test-support/db-dump.js';
import { concretePath } from '../test-support/route-paths.js';
import { createTestApp, type TestApp, type TestRole } from '../test-support/test-app.js';
import { expiredIdToken, malformedIdTokens, mintIdToken, wrongProjectIdToken } from '../test-support/tokens.js';
import type { RouteDef } from './route.js';
import { buildRoutes } from '../app/routes.js';

/** Routes anyone may call. Adding one here is a security decision: say why in the route. */
const publicRoutes = new Set([
  'GET /health',
  // The customer's quote answer page: the link's token is the credential (quotes.public.routes.ts).
  'GET /public/quotes/:token',
  'GET /public/quotes/:token/pdf',
  'POST /public/quotes/:token/accept',
  'POST /public/quotes/:token/decline',
]);

let t: TestApp;
let routes: RouteDef[];
beforeAll(async () => {
  t = await createTestApp();
  routes = buildRoutes(t.deps);
});
afterAll(() => t.close());

const label = (route: RouteDef) => `${route.method.toUpperCase()} ${route.path}`;
const protectedRoutes = () => routes.filter((route) => route.role !== 'public');
const pathOf = (route: RouteDef) => `/api${concretePath(route.path, ({ name }) => `sec-${name}`)}`;

function send(route: RouteDef, token?: string) {
  const req = request(t.app)[route.method](pathOf(route));
  if (token !== undefined) req.set('Authorization', `Bearer ${token}`);
  return route.method === 'get' || route.rawBody ? req : req.send({});
}

/** Roles that must be refused: each role below the route's, and an account without a role. */
function rolesBelow(role: Role): TestRole[] {
  return [...roles.slice(0, roles.indexOf(role)), 'noRole'];
}

describe('the route table', () => {
  it('holds the routes of every domain', () => {
    expect(routes.map(label)).toEqual(expect.arrayContaining(['GET /health', 'GET /me', 'GET /admin/users']));
    expect(protectedRoutes().length).toBeGreaterThan(2);
  });

  it('has public routes only where agreed', () => {
    const unexpected = routes.filter((r) => r.role === 'public' && !publicRoutes.has(label(r))).map(label);
    expect(unexpected, 'public routes outside the agreed list').toEqual([]);
  });

  it('reaches every route at its own path: none is shadowed by an earlier one', async () => {
    const probe = express();
    routes.forEach((route, index) => probe[route.method](`/api${route.path}`, (_req, res) => res.json({ index })));
    const shadowed: string[] = [];
    for (const [index, route] of routes.entries()) {
      const res = await request(probe)[route.method](pathOf(route));
      if (res.body.index !== index) shadowed.push(`${label(route)} is answered by ${label(routes[res.body.index]!)}`);
    }
    expect(shadowed).toEqual([]);
  });
});

describe('every protected route', () => {
  it('answers 401 without a token, and with a token that is not Bearer', async () => {
    const failures: string[] = [];
    for (const route of protectedRoutes()) {
      const none = await send(route);
      const basic = await request(t.app)[route.method](pathOf(route)).set('Authorization', `Basic ${t.tokens.admin}`);
      for (const res of [none, basic]) {
        if (res.status !== 401 || res.body.error?.code !== 'unauthenticated') failures.push(`${label(route)}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 to expired, wrong-project and malformed tokens of an admin', async () => {
    const admin = { uid: t.users.admin.uid, email: t.users.admin.email, role: 'admin' };
    const badTokens = {
      expired: expiredIdToken(admin),
      'wrong project': wrongProjectIdToken(admin),
      ...malformedIdTokens(admin),
    };
    const failures: string[] = [];
    for (const route of protectedRoutes()) {
      for (const [kind, token] of Object.entries(badTokens)) {
        const res = await send(route, token);
        if (res.status !== 401 || res.body.error?.code !== 'unauthenticated') failures.push(`${label(route)} ${kind}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to every role too low, and never lets one through', async () => {
    const failures: string[] = [];
    for (const route of protectedRoutes()) {
      for (const role of rolesBelow(route.role as Role)) {
        const res = await send(route, t.tokens[role]);
        if (res.status !== 403 || res.body.error?.code !== 'forbidden') failures.push(`${label(route)} as ${role}: ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets the required role past the auth check', async () => {
    const refused: string[] = [];
    for (const route of protectedRoutes()) {
      const res = await send(route, t.tokens[route.role as Role]);
      if (res.status === 401 || res.status === 403) refused.push(`${label(route)}: ${res.status} ${res.text}`);
    }
    expect(refused).toEqual([]);
  });

  it('writes nothing for any refused request', async () => {
    const before = await dumpDatabase(t.deps.sql);
    for (const route of protectedRoutes()) {
      await send(route);
      for (const role of rolesBelow(route.role as Role)) await send(route, t.tokens[role]);
    }
    expect(await dumpDatabase(t.deps.sql)).toEqual(before);
  });

  it('answers 401, never 5xx, to random tokens: garbage and forged unsigned JWTs with random claims', async () => {
    const routeArb = fc.constantFrom(...protectedRoutes());
    const forged = fc
      .record({ uid: fc.string({ maxLength: 200 }), role: fc.jsonValue({ maxDepth: 1 }), projectId: fc.string({ maxLength: 40 }) })
      .map((claims) => mintIdToken(claims));
    const garbage = fc.stringMatching(/^[\x21-\x7e]{1,2000}$/);
    await fc.assert(
      fc.asyncProperty(routeArb, fc.oneof(forged, garbage), async (route, token) => {
        const res = await send(route, token);
        expect(res.status).toBe(401);
      }),
      { numRuns: 150 },
    );
  });
});
