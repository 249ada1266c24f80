/**
 * Property: no body makes a write route answer 5xx, and a request it refuses (4xx) leaves the
 * whole database as it was. Runs over every route of the table that takes a JSON body, so
 * routes added later are covered; path parameters point at real fixture documents.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDumps, dumpDatabase, type DatabaseDump } from '../test-support/db-dump.js';
import { createFixtures, type Fixtures } from '../test-support/fixtures.js';
import { bodyJsonSchema, mutatedJson, mutation, plausibleValue } from '../test-support/json-schema-arbitrary.js';
import { concretePath } from '../test-support/route-paths.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { RouteDef } from './route.js';
import { buildRoutes } from '../app/routes.js';

/**
 * The whole property's share of the run; each route gets an equal slice of it. Reusing the last
 * refused request's dump made a run about a third cheaper, so 28 s holds as many runs as 40 s did.
 */
const TIME_BUDGET_MS = 28_000;
const MAX_RUNS_PER_ROUTE = 60;

let t: TestApp;
let routes: RouteDef[];
let fixtures: Fixtures;
beforeAll(async () => {
  t = await createTestApp();
  routes = buildRoutes(t.deps);
  fixtures = await createFixtures(t, routes);
});
afterAll(async () => {
  await fixtures?.close();
  await t.close();
});

interface Body {
  type: string;
  text: string;
}

const json = 'application/json';
const rawBodies: Body[] = [
  { type: json, text: '{' },
  { type: json, text: '{"name": "x",' },
  { type: json, text: 'nul' },
  { type: json, text: '' },
  { type: json, text: '"a string"' },
  { type: json, text: '12' },
  { type: json, text: `{"a":${'['.repeat(3000)}${']'.repeat(3000)}}` },
  { type: json, text: `{"name":"${'x'.repeat(1_100_000)}"}` },
  { type: json, text: '{"__proto__":{"polluted":true}}' },
  { type: json, text: '{"constructor":{"prototype":{"polluted":true}}}' },
  { type: 'text/plain', text: 'hello' },
  { type: 'application/x-www-form-urlencoded', text: 'name=x&role=admin' },
];

function bodies(route: RouteDef): fc.Arbitrary<Body> {
  const schema = route.body ? bodyJsonSchema(route.body) : null;
  const plausible = schema ? plausibleValue(schema, { ids: Object.values(fixtures.ids) }) : fc.jsonValue({ maxDepth: 3 });
  const asJson = (value: unknown): Body => ({ type: json, text: JSON.stringify(value) });
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(plausible, mutation, fc.nat()).map(([value, change, pick]) => ({ type: json, text: mutatedJson(value, change, pick) })) },
    { weight: 2, arbitrary: plausible.map(asJson) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(asJson) },
    { weight: 1, arbitrary: fc.constantFrom(...rawBodies) },
  );
}

const label = (route: RouteDef) => `${route.method.toUpperCase()} ${route.path}`;

describe('write routes under random and malformed bodies', () => {
  it('never answer 5xx, and store nothing when they refuse', { timeout: 90_000 }, async () => {
    const writeRoutes = routes.filter((route) => route.method !== 'get' && route.body && !route.rawBody);
    expect(writeRoutes.length).toBeGreaterThan(0);
    const perRoute = Math.floor(TIME_BUDGET_MS / writeRoutes.length);
    const statuses: number[] = [];
    const failures: string[] = [];
    // The database as the last refused request left it, unchanged since: the next run's "before"
    // without dumping it again. A request that got through (or failed) may have written, so the
    // run after it dumps afresh.
    let unchanged: DatabaseDump | undefined;

    for (const route of writeRoutes) {
      const path = `/api${concretePath(route.path, fixtures.valueFor)}`;
      // Each route gets its share of the time; runs past it pass at once. (fast-check's own
      // interruptAfterTimeLimit would abandon a request in flight, whose write would then land
      // in the next route's first run.)
      const deadline = performance.now() + perRoute;
      const property = fc.asyncProperty(bodies(route), async (body) => {
        if (performance.now() > deadline) return;
        const before = unchanged ?? (await dumpDatabase(t.deps.sql));
        unchanged = undefined;
        const res = await request(t.app)[route.method](path)
          .set('Authorization', `Bearer ${t.tokens.admin}`)
          .set('Content-Type', body.type)
          .send(body.text);
        statuses.push(res.status);
        if (res.status >= 500) {
          const logged = t.logs.filter((entry) => entry.level === 'error').at(-1);
          expect.fail(`${res.status} ${res.text.slice(0, 300)}\nserver log: ${String(logged?.fields?.error).slice(0, 1500)}`);
        }
        expect(res.text).not.toMatch(/\n\s+at \S/);
        if (res.status >= 400) {
          expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
          const after = await dumpDatabase(t.deps.sql);
          const changes = diffDumps(before, after);
          if (changes.length > 0) expect.fail(`${res.status} ${res.text.slice(0, 300)} changed:\n${changes.slice(0, 20).join('\n')}`);
          unchanged = after;
        }
      });
      try {
        await fc.assert(property, { numRuns: MAX_RUNS_PER_ROUTE });
      } catch (err) {
        const cause = (err as Error).cause instanceof Error ? `\n${((err as Error).cause as Error).message}` : '';
        failures.push(`${label(route)} at ${path}:\n${(err as Error).message.slice(0, 2000)}${cause.slice(0, 2000)}`);
      }
    }

    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Some bodies must get past validation, or the property only ever tested the validator.
    expect(statuses.some((status) => status < 300)).toBe(true);
  });
});
