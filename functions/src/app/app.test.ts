import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { createApp } from './app.js';
import { StoreError } from '../store/docstore.js';
import type { AppDeps } from './deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';

/** Routes that exist only here, to drive the app's shared machinery from outside. */
function probeRoutes(deps: AppDeps): RouteDef[] {
  return [
    defineRoute({
      method: 'post',
      path: '/probe/contacts',
      role: 'editor',
      status: 201,
      body: z.strictObject({
        name: z.string().min(1),
        contacts: z.array(z.object({ type: z.enum(['email', 'phone']), value: z.string().min(1) })),
      }),
      async handler({ body, user }) {
        await deps.store.create(`probes/${deps.store.newId()}`, { ...body, created_by: user.name });
        return { ...body, created_by: user.name };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/probe/items',
      role: 'viewer',
      query: z.object({ limit: z.coerce.number().int().min(1).max(100) }),
      async handler({ query }) {
        return { limit: query.limit };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/probe/crash',
      role: 'viewer',
      async handler() {
        throw new Error('connection string libsql://secret-token@db leaked');
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/probe/missing',
      role: 'editor',
      async handler() {
        await deps.store.update('probes/does-not-exist', { touched: true });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/probe/contended',
      role: 'editor',
      async handler() {
        throw new StoreError('aborted', 'transaction retries exhausted');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/probe/twice',
      role: 'editor',
      async handler() {
        const path = `probes/${deps.store.newId()}`;
        await deps.store.create(path, {});
        await deps.store.create(path, {});
      },
    }),
  ];
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ routes: probeRoutes });
});
afterAll(() => t.close());

const editor = () => ({ Authorization: `Bearer ${t.tokens.editor}` });
const validBody = { name: 'Ενορία Αγίου Νικολάου', contacts: [{ type: 'email', value: 'info@example.gr' }] };
const storedProbes = async () => (await t.store.query({ collection: 'probes' })).length;

describe('validation errors', () => {
  it('accepts a valid body and fills who-did-it from the token', async () => {
    const res = await request(t.app).post('/api/probe/contacts').set(editor()).send(validBody);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ ...validBody, created_by: t.users.editor.name });
  });

  it('names every bad field by its path in details', async () => {
    const before = await storedProbes();
    const res = await request(t.app)
      .post('/api/probe/contacts')
      .set(editor())
      .send({ name: '', contacts: [{ type: 'email', value: 'a@b.gr' }, { type: 'fax', value: '' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'contacts.1.type',
      'contacts.1.value',
      'name',
    ]);
    expect(res.body.error.message).toMatch(/^Invalid body: /);
    expect(await storedProbes()).toBe(before);
  });

  it('rejects unknown fields, naming them', async () => {
    const res = await request(t.app)
      .post('/api/probe/contacts')
      .set(editor())
      .send({ ...validBody, created_by: 'someone else' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: '', message: expect.stringContaining('created_by') }),
    ]);
  });

  it('names the query parameter that is wrong', async () => {
    const res = await request(t.app).get('/api/probe/items?limit=5000').set(editor());
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'limit' })]);
    expect((await request(t.app).get('/api/probe/items?limit=5').set(editor())).body).toEqual({ limit: 5 });
  });
});

describe('malformed bodies', () => {
  const post = (body: string, type = 'application/json') =>
    request(t.app).post('/api/probe/contacts').set(editor()).set('Content-Type', type).send(body);

  it('answers invalid JSON with 400 in the error shape', async () => {
    const res = await post('{"name": "x", ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'bad_request', message: 'Request body is not valid JSON', details: [], request_id: expect.any(String) } });
  });

  it('answers a JSON body that is not an object or array with 400', async () => {
    expect((await post('"just a string"')).status).toBe(400);
  });

  it('answers a body over 1 MB with 413 and stores nothing', async () => {
    const before = await storedProbes();
    const res = await post(JSON.stringify({ ...validBody, name: 'x'.repeat(1024 * 1024 + 10) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await storedProbes()).toBe(before);
  });

  it('answers a body nested deeper than 32 levels with 400', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const res = await post(`{"name":"x","contacts":${deep}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('refuses prototype-polluting keys anywhere in the body', async () => {
    for (const body of [
      `{"__proto__":{"polluted":true},"name":"x","contacts":[]}`,
      `{"name":"x","contacts":[{"type":"email","value":"a","__proto__":{"polluted":true}}]}`,
      `{"name":"x","contacts":[],"constructor":{"prototype":{"polluted":true}}}`,
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].message).toMatch(/Forbidden key/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses text that is not valid Unicode (a lone surrogate), in values and keys, naming the field', async () => {
    const before = await storedProbes();
    const inValue = await post('{"name":"Ναός \\ud800","contacts":[]}');
    expect(inValue.status).toBe(400);
    expect(inValue.body.error.details).toEqual([{ path: 'name', message: 'Not valid Unicode (lone surrogate)' }]);
    const inKey = await post('{"name":"x","contacts":[{"\\udc00":1}]}');
    expect(inKey.body.error.details).toEqual([{ path: 'contacts.0.\udc00', message: 'Not valid Unicode (lone surrogate)' }]);
    const paired = await post(JSON.stringify({ name: 'Καμπάνα 🔔 𐀀', contacts: [] }));
    expect(paired.status).toBe(201);
    expect(await storedProbes()).toBe(before + 1);
  });

  it('reads a body only after the caller is known: an anonymous bad body gets 401', async () => {
    const res = await request(t.app).post('/api/probe/contacts').set('Content-Type', 'application/json').send('{oops');
    expect(res.status).toBe(401);
  });

  it('enforces the 1 MB limit on bodies Cloud Functions has already parsed', async () => {
    // The Functions framework (not installable here) parses the body before Express and keeps
    // the bytes in req.rawBody; this outer app does the same.
    const outer = express();
    outer.use((req, _res, next) => {
      const raw = Buffer.from(JSON.stringify({ ...validBody, name: 'x'.repeat(2 * 1024 * 1024) }));
      Object.assign(req, { rawBody: raw, body: JSON.parse(raw.toString()), _body: true });
      next();
    });
    outer.use(t.app);
    const res = await request(outer).post('/api/probe/contacts').set(editor());
    expect(res.status).toBe(413);
  });
});

describe('server errors', () => {
  it('answers 500 with a generic message and no stack, and logs the stack with the request id', async () => {
    const res = await request(t.app).get('/api/probe/crash').set(editor()).set('x-request-id', 'req-crash-1');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal server error', details: [], request_id: expect.any(String) } });
    expect(res.text).not.toMatch(/secret|at .*\.ts|Error:/);
    const logged = t.logs.find((entry) => entry.level === 'error' && entry.fields?.requestId === 'req-crash-1');
    expect(String(logged?.fields?.error)).toContain('libsql://secret-token@db leaked');
  });

  it('maps a missing document to 404 and a duplicate create to 409', async () => {
    const missing = await request(t.app).patch('/api/probe/missing').set(editor());
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);
    const twice = await request(t.app).post('/api/probe/twice').set(editor());
    expect([twice.status, twice.body.error.code]).toEqual([409, 'conflict']);
  });

  it('maps a transaction that lost to contention after its retries to a 409 the client may retry', async () => {
    const res = await request(t.app).post('/api/probe/contended').set(editor());
    expect([res.status, res.body.error.code]).toEqual([409, 'conflict']);
    expect(res.body.error.message).toMatch(/try again/);
  });

  it('answers an unknown path or method under /api with 404 in the error shape', async () => {
    const unknown = await request(t.app).get('/api/nothing/here').set(editor());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: 'not_found', message: 'No route GET /nothing/here', details: [], request_id: expect.any(String) } });
    expect((await request(t.app).delete('/api/probe/items').set(editor())).body.error.code).toBe('not_found');
  });
});

describe('headers and logs', () => {
  it('sends security headers and hides the framework', async () => {
    const res = await request(t.app).get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps a well-formed request id, replaces a bad one, and logs each request once with it', async () => {
    const kept = await request(t.app).get('/api/probe/items?limit=1').set(editor()).set('x-request-id', 'abc-123');
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await request(t.app).get('/api/health').set('x-request-id', 'bad id; <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const entries = t.logs.filter((entry) => entry.message === 'request' && entry.fields?.requestId === 'abc-123');
    expect(entries).toEqual([
      {
        level: 'info',
        message: 'request',
        fields: expect.objectContaining({ method: 'GET', path: '/api/probe/items', status: 200, uid: t.users.editor.uid }),
      },
    ]);
  });

  it('passes paths outside /api on untouched, so the embedded server can serve the SPA', async () => {
    const outer = express();
    outer.use(createApp(t.deps, []));
    outer.get('/customers', (_req, res) => {
      res.type('html').send('<div id="app"></div>');
    });
    const res = await request(outer).get('/customers');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBeUndefined();
  });
});
