import request from 'supertest';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { ApiError } from './errors.js';
import { withRequestContext } from './request-context.js';
import { defineRoute } from './route.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    routes: (deps) => {
      // As production wires it (config/production-deps.ts): the services' logger is wrapped.
      const logger = withRequestContext(deps.logger);
      return [
        defineRoute({
          method: 'post',
          path: '/probe/notes/:id',
          role: 'editor',
          body: z.object({ text: z.string() }),
          async handler({ params, body }) {
            // After the body was parsed and an await: the context must still be there.
            await new Promise((done) => setTimeout(done, 5));
            logger.info('note stored', { length: body.text.length });
            return { id: params.id };
          },
        }),
        defineRoute({
          method: 'get',
          path: '/probe/fails',
          role: 'viewer',
          async handler() {
            logger.warn('about to fail');
            throw new ApiError('conflict', 'Already there');
          },
        }),
        defineRoute({
          method: 'get',
          path: '/probe/crashes',
          role: 'viewer',
          async handler() {
            throw new Error('boom');
          },
        }),
      ];
    },
  });
});
afterAll(() => t.close());

const linesOf = (requestId: string) => t.logs.filter((entry) => entry.fields?.requestId === requestId);

describe('structured logs', () => {
  it('stamps every line of a request with its id, user and route, and logs latency once', async () => {
    const res = await request(t.app)
      .post('/api/probe/notes/n-1?draft=1')
      .set('Authorization', `Bearer ${t.tokens.editor}`)
      .send({ text: 'SECRET-MESSAGE-BODY' });
    expect(res.status).toBe(200);
    const id = res.headers['x-request-id'] as string;
    const lines = linesOf(id);
    expect(lines.map((line) => line.message)).toEqual(['note stored', 'request']);
    expect(lines[0]!.fields).toEqual({ requestId: id, uid: t.users.editor.uid, route: '/api/probe/notes/:id', length: 19 });
    expect(lines[1]!.fields).toMatchObject({
      requestId: id,
      method: 'POST',
      path: '/api/probe/notes/n-1',
      route: '/api/probe/notes/:id',
      status: 200,
      uid: t.users.editor.uid,
      ms: expect.any(Number),
    });
  });

  it('never logs the message body, the query string or the token', async () => {
    const res = await request(t.app)
      .post('/api/probe/notes/n-2?secret=QUERY-SECRET')
      .set('Authorization', `Bearer ${t.tokens.editor}`)
      .send({ text: 'SECRET-MESSAGE-BODY' });
    const logged = JSON.stringify(linesOf(res.headers['x-request-id'] as string));
    expect(logged).not.toContain('SECRET-MESSAGE-BODY');
    expect(logged).not.toContain('QUERY-SECRET');
    expect(logged).not.toContain(t.tokens.editor);
  });
});

describe('the request id in error answers', () => {
  it('is in the body of a 4xx, the same as the header, and on the lines logged before it', async () => {
    const res = await request(t.app).get('/api/probe/fails').set('Authorization', `Bearer ${t.tokens.viewer}`).set('x-request-id', 'support-ticket-42');
    expect(res.status).toBe(409);
    expect(res.headers['x-request-id']).toBe('support-ticket-42');
    expect(res.body.error).toMatchObject({ code: 'conflict', request_id: 'support-ticket-42' });
    expect(linesOf('support-ticket-42').map((line) => [line.message, line.fields?.route])).toEqual([
      ['about to fail', '/api/probe/fails'],
      ['request', '/api/probe/fails'],
    ]);
  });

  it('is in the body of a 500, whose log line has the stack but whose answer has none', async () => {
    const res = await request(t.app).get('/api/probe/crashes').set('Authorization', `Bearer ${t.tokens.viewer}`);
    expect(res.status).toBe(500);
    const id = res.headers['x-request-id'] as string;
    expect(res.body.error).toMatchObject({ code: 'internal', message: 'Internal server error', request_id: id });
    expect(JSON.stringify(res.body)).not.toContain('boom');
    const error = linesOf(id).find((line) => line.level === 'error');
    expect(error?.fields).toMatchObject({ route: '/api/probe/crashes', error: expect.stringContaining('boom') });
  });

  it('is in the body of answers that never reach a route: 401, 404, bad JSON', async () => {
    for (const res of [
      await request(t.app).get('/api/probe/fails'),
      await request(t.app).get('/api/no/such/route').set('Authorization', `Bearer ${t.tokens.viewer}`),
      await request(t.app)
        .post('/api/probe/notes/n-3')
        .set('Authorization', `Bearer ${t.tokens.editor}`)
        .set('content-type', 'application/json')
        .send('{"text":'),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.error.request_id).toBe(res.headers['x-request-id']);
    }
  });
});
