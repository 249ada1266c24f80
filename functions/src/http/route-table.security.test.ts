/**
 * Walks the whole route table, so a route added later is covered without touching this file:
 * every route but the agreed public ones answers 401 to a missing or bad token and 403 to a
 * role too low, in the one error shape, and a refused request writes nothing. The app signs in
 * as embedded mode does (its own signed sessions), so a forged one must fail everywhere.
 */
import express from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Role } from '../auth/auth.types.js';
import { dumpDatabase } from '../test-support/db-dump.js';
import { concretePath } from '../test-support/route-paths.js';
import { createTestApp, type TestApp, type TestRole } from '../test-support/test-app.js';
import { forgedSessionTokens } from '../test-support/tokens.js';
import type { RouteDef } from './route.js';
import { buildRoutes } from '../app/routes.js';

/** Routes anyone may call. Adding one here is a security decision: say why in the route. */
const publicRoutes = new Set([
  'GET /health',
  'POST /auth/sign-in',
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
    expect(routes.map(label)).toEqual(expect.arrayContaining(['GET /health', 'GET /me', 'GET /admin/users', 'POST /auth/sign-in']));
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

  it('answers 401 to forged, expired, disabled and signed-out sessions, on every protected route', async () => {
    const by = { uid: 'script:security-test', name: 'security test' };
    const admin = async (name: string) => {
      const account = await t.accounts.create({ email: `${name}-${Date.now()}@bellsystems.test`, name: `Διαχειριστής ${name}`, role: 'admin' }, by);
      return { account, token: t.accounts.issueSession(account, { issuedMs: Date.now() - 1000 }).token };
    };
    const disabled = await admin('disabled');
    await t.accounts.update(disabled.account.uid, { disabled: 1 }, by, true);
    const signedOut = await admin('signed-out');
    expect((await request(t.app).post('/api/auth/sign-out').set('Authorization', `Bearer ${signedOut.token}`)).status).toBe(204);
    const badTokens = {
      ...forgedSessionTokens(t.tokens.viewer, t.users.admin.uid),
      expired: t.tokenFor('admin', { issuedAt: Math.floor(Date.now() / 1000) - 7200, lifetime: 3600 }),
      'of a disabled admin': disabled.token,
      'issued before sign-out': signedOut.token,
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
    // Signing out ends that role's sessions: it goes last, so it cannot refuse the routes after it.
    const signOutLast = (route: RouteDef) => (label(route) === 'POST /auth/sign-out' ? 1 : 0);
    for (const route of [...protectedRoutes()].sort((a, b) => signOutLast(a) - signOutLast(b))) {
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

  it('answers 401, never 5xx, to random tokens: garbage and forged JWTs with random claims', async () => {
    const routeArb = fc.constantFrom(...protectedRoutes());
    const segment = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
    const [header, , signature] = t.tokens.viewer.split('.') as [string, string, string];
    const forged = fc
      .record({ sub: fc.string({ maxLength: 200 }), role: fc.jsonValue({ maxDepth: 1 }), iat_ms: fc.jsonValue({ maxDepth: 0 }), exp: fc.integer() })
      .chain((claims) =>
        fc.constantFrom(`${header}.${segment(claims)}.${signature}`, `${segment({ alg: 'none' })}.${segment(claims)}.`, `${header}.${segment(claims)}.`),
      );
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
