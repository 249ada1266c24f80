import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { lazyHandler } from './lazy-handler.js';

function appOf(handler: ReturnType<typeof lazyHandler>) {
  const app = express();
  app.use((req, res) => void handler(req, res));
  return app;
}

describe('lazyHandler', () => {
  it('answers 503 in the error shape while loading fails, then loads once and serves every request', async () => {
    let loads = 0;
    const handler = lazyHandler(
      'probe',
      async () => {
        loads += 1;
        if (loads === 1) throw new Error('TURSO_URL is not set');
        return { greeting: 'Καλημέρα' };
      },
      async (loaded, _req, res) => {
        res.json(loaded);
      },
    );
    const app = appOf(handler);

    const failed = await request(app).get('/');
    expect(failed.status).toBe(503);
    expect(failed.body.error).toMatchObject({ code: 'unavailable', details: [], request_id: failed.headers['x-request-id'] });
    expect(JSON.stringify(failed.body)).not.toContain('TURSO_URL');

    for (let i = 0; i < 3; i++) expect((await request(app).get('/')).body).toEqual({ greeting: 'Καλημέρα' });
    expect(loads).toBe(2);
  });

  it('answers 503 when serving fails before answering, and leaves an answer already sent alone', async () => {
    const handler = lazyHandler(
      'probe',
      async () => 'loaded',
      async (_loaded, req, res) => {
        if (req.path === '/late') res.status(202).json({ accepted: true });
        throw new Error('the processing failed');
      },
    );
    const app = appOf(handler);
    expect((await request(app).get('/early')).status).toBe(503);
    const late = await request(app).get('/late');
    expect(late.status).toBe(202);
    expect(late.body).toEqual({ accepted: true });
  });
});
