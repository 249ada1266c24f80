import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedWebdav } from './embedded-webdav.js';
import { describeFileStorage } from './test-support/file-storage.contract.js';

describeFileStorage('Nextcloud client against the embedded WebDAV server', async () => {
  const root = mkdtempSync(join(tmpdir(), 'crm-files-'));
  const server = await startEmbeddedWebdav({ root });
  return {
    config: server.config,
    root,
    stop: async () => {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
});

describe('embedded WebDAV server', () => {
  it('never serves a file outside its root, whatever the URL encodes', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'crm-files-'));
    const root = join(parent, 'files');
    writeFileSync(join(parent, 'secret.txt'), 'not for you');
    const server = await startEmbeddedWebdav({ root });
    const auth = `Basic ${Buffer.from(`${server.config.username}:${server.config.password}`).toString('base64')}`;
    const base = `${server.config.url}/remote.php/dav/files/crm`;
    try {
      for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/a/%2E%2E/%2E%2E/secret.txt', '/..%2fsecret.txt', '/x%5c..%5c..%5csecret.txt', '/nul%00.txt']) {
        const res = await fetch(`${base}${path}`, { headers: { authorization: auth } });
        expect([400, 404], path).toContain(res.status);
      }
      const unauthenticated = await fetch(`${base}/`, { method: 'PROPFIND', headers: { depth: '0' } });
      expect(unauthenticated.status).toBe(401);
      const ok = await fetch(`${base}/`, { method: 'PROPFIND', headers: { authorization: auth, depth: '0' } });
      expect(ok.status).toBe(207);
    } finally {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
