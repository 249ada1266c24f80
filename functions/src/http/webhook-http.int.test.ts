/**
 * Every error of the webhooks, as the embedded server mounts them beside the API, is the one
 * JSON error shape with details and a request id, with the API's security headers and no
 * X-Powered-By: bodies over the limit, garbage gzip, an unknown Content-Encoding, a method the
 * webhook does not take. Nothing is mocked; the API's own answers are checked alongside.
 */
import express from 'express';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app/app.js';
import { mountCallsWebhook } from '../calls/calls.webhook.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { mountWhatsAppWebhook, type WhatsAppWebhook } from '../whatsapp/whatsapp.webhook.js';

let t: TestApp;
let app: express.Express;
let webhook: WhatsAppWebhook;

beforeAll(async () => {
  t = await createTestApp();
  const deps = {
    ...t.deps,
    whatsapp: { appSecret: 'app-secret-Ωμέγα', verifyToken: 'verify-Ωμέγα', accessToken: '', phoneNumberId: '', businessAccountId: '', graphUrl: 'http://127.0.0.1:9' },
  };
  // As scripts/embedded/server.ts mounts them: the webhooks before the API, on one Express app.
  app = express();
  mountCallsWebhook(app, { ...deps, signingSecret: 'calls-secret-Ψ-0123456789' });
  webhook = mountWhatsAppWebhook(app, deps);
  app.use(createApp(deps));
}, 60_000);

afterAll(async () => {
  await webhook?.idle();
  await t?.close();
});

function expectErrorShape(res: request.Response, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.text).not.toMatch(/<html|<pre|at .*\(|node_modules|\/work\//i);
  expect(res.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Array), request_id: expect.any(String) } });
  expect(res.headers['x-request-id']).toBe(res.body.error.request_id);
  expect(res.headers['x-powered-by']).toBeUndefined();
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['strict-transport-security']).toBeDefined();
  expect(res.headers['content-security-policy']).toBeDefined();
}

describe('webhook errors', () => {
  const big = (bytes: number) => Buffer.alloc(bytes, 'α');

  it('answers a WhatsApp delivery over 3 MB with 413 in the error shape', async () => {
    const res = await request(app).post('/webhooks/whatsapp').set('content-type', 'application/json').send(big(3 * 1024 * 1024 + 1));
    expectErrorShape(res, 413, 'payload_too_large');
  });

  it('answers a calls body over 1 MB with 413 in the error shape', async () => {
    const res = await request(app).post('/webhooks/calls').set('content-type', 'application/json').send(big(1024 * 1024 + 1));
    expectErrorShape(res, 413, 'payload_too_large');
  });

  it.each(['/webhooks/whatsapp', '/webhooks/calls', '/api/crm/customers'])('answers garbage gzip and an unknown Content-Encoding on %s in the error shape', async (path) => {
    const auth = { Authorization: `Bearer ${t.tokens.editor}` };
    const garbage = await request(app).post(path).set(auth).set('content-type', 'application/json').set('content-encoding', 'gzip').send(Buffer.from('not gzip at all, Καλημέρα'));
    expectErrorShape(garbage, 400, 'bad_request');
    const truncated = gzipSync(Buffer.from(JSON.stringify({ name: 'Ναός' }))).subarray(0, 12);
    const cut = await request(app).post(path).set(auth).set('content-type', 'application/json').set('content-encoding', 'gzip').send(truncated);
    expectErrorShape(cut, 400, 'bad_request');
    const unknown = await request(app).post(path).set(auth).set('content-type', 'application/json').set('content-encoding', 'snappy').send(Buffer.from('{}'));
    expectErrorShape(unknown, 415, 'unsupported_media_type');
  });

  it('answers methods the webhooks do not take with 405 and Allow', async () => {
    for (const method of ['put', 'delete', 'patch'] as const) {
      const res = await request(app)[method]('/webhooks/whatsapp').send('{}');
      expectErrorShape(res, 405, 'method_not_allowed');
      expect(res.headers.allow).toBe('GET, POST');
    }
    for (const method of ['get', 'put', 'delete'] as const) {
      const res = await request(app)[method]('/webhooks/calls');
      expectErrorShape(res, 405, 'method_not_allowed');
      expect(res.headers.allow).toBe('POST');
    }
  });

  it('gives refused signatures and the verify handshake the same headers and shape', async () => {
    expectErrorShape(await request(app).post('/webhooks/whatsapp').set('content-type', 'application/json').send('{}'), 401, 'unauthenticated');
    expectErrorShape(await request(app).get('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1'), 403, 'forbidden');
    expectErrorShape(await request(app).post('/webhooks/calls').set('content-type', 'application/json').send('{}'), 401, 'unauthenticated');
    const ok = await request(app).get(`/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${encodeURIComponent('verify-Ωμέγα')}&hub.challenge=42`);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('42');
    expect(ok.headers['x-powered-by']).toBeUndefined();
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
  });
});
