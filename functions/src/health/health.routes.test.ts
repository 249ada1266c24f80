import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => new Date('2026-03-01T10:00:00Z') } });
  });
  afterAll(() => t.close());

  describe('happy', () => {
    it('answers 200 with every check up when the store and the database answer', async () => {
      const res = await request(t.app).get('/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', checks: { store: 'up', sql: 'up' }, time: '2026-03-01T10:00:00.000Z' });
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('error', () => {
    it('answers 503 naming the store as down once the store is closed', async () => {
      const broken = await createTestApp();
      try {
        await broken.store.close();
        const res = await request(broken.app).get('/api/health');
        expect(res.status).toBe(503);
        expect(res.body.status).toBe('unavailable');
        expect(res.body.checks.store).toBe('down');
      } finally {
        await broken.close();
      }
    });
  });

  describe('security', () => {
    it('needs no token and ignores a bad one', async () => {
      const res = await request(t.app).get('/api/health').set('Authorization', 'Bearer not-a-token');
      expect(res.status).toBe(200);
    });

    it('tells nothing but states: no versions, paths, hosts or errors', async () => {
      const res = await request(t.app).get('/api/health');
      expect(Object.keys(res.body).sort()).toEqual(['checks', 'status', 'time']);
      expect(JSON.stringify(res.body)).not.toMatch(/file:|libsql|127\.0\.0\.1|Error/i);
    });
  });
});
