import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildRoutes } from '../app/routes.js';
import type { FileStorage } from '../nextcloud/file-storage.js';
import { startEmbeddedWebdav } from '../nextcloud/embedded-webdav.js';
import { createNextcloudClient } from '../nextcloud/nextcloud.client.js';
import { startApacheDav } from '../nextcloud/test-support/apache-dav.js';
import type { DavServer } from '../nextcloud/test-support/file-storage.contract.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

const LIMIT = 64 * 1024;
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function embedded(): Promise<DavServer> {
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
}

// Nextcloud cannot run here: Apache mod_dav at Nextcloud's WebDAV path is the real server.
describe.each([
  ['the embedded WebDAV server', embedded],
  ['Apache mod_dav', () => startApacheDav()],
])('customer and product files on %s', (_name, start) => {
  let dav: DavServer;
  let files: FileStorage;
  let t: TestApp;
  const auth = (role: 'editor' | 'viewer' = 'editor') => `Bearer ${t.tokens[role]}`;
  const onDisk = (path: string) => join(dav.root, path);

  beforeAll(async () => {
    dav = await start();
    files = createNextcloudClient({ ...dav.config, maxUploadBytes: LIMIT });
    t = await createTestApp({ routes: (deps) => buildRoutes({ ...deps, files }) });
  });
  afterAll(async () => {
    await t?.close();
    await dav?.stop();
  });

  async function customer(name: string): Promise<string> {
    const res = await request(t.app).post('/api/crm/customers').set('Authorization', auth()).send({ name });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  function upload(id: string, query: Record<string, string>, data: Buffer, type = 'application/pdf', role: 'editor' | 'viewer' = 'editor') {
    return request(t.app)
      .post(`/api/crm/customers/${id}/files`)
      .query(query)
      .set('Authorization', auth(role))
      .set('Content-Type', type)
      .send(data);
  }

  async function download(mediaId: string, query: Record<string, string> = {}) {
    return request(t.app)
      .get(`/api/crm/media/${mediaId}/download`)
      .query(query)
      .set('Authorization', auth('viewer'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  }

  it('uploads a file with a Greek name and spaces into the customer’s new folder and downloads it byte-identical', async () => {
    const id = await customer('Ενορία Αγίου Δημητρίου');
    const data = randomBytes(40_000);
    const name = 'Προσφορά καμπάνας 2026.pdf';
    const res = await upload(id, { filename: name, tags: 'προσφορά,2026', direction: 'sent' }, data);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      customer_id: id,
      filename: name,
      nextcloud_path: `05_Customers/Enoria_Agiou_Dimitriou/${name}`,
      mime_type: 'application/pdf',
      direction: 'sent',
      tags: ['προσφορά', '2026'],
      size: data.length,
      uploaded_by: t.users.editor.name,
    });
    const saved = await request(t.app).get(`/api/crm/customers/${id}`).set('Authorization', auth());
    expect(saved.body.nextcloud_folder).toBe('05_Customers/Enoria_Agiou_Dimitriou');
    expect(sha(readFileSync(onDisk(res.body.nextcloud_path)))).toBe(sha(data));

    const got = await download(res.body.id);
    expect(got.status).toBe(200);
    expect(sha(got.body as Buffer)).toBe(sha(data));
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="________ ________ 2026.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    expect(got.headers['content-security-policy']).toContain('sandbox');
    const inline = await download(res.body.id, { inline: '1' });
    expect(inline.headers['content-disposition']).toMatch(/^inline;/);

    const listed = await request(t.app).get(`/api/crm/customers/${id}/files`).set('Authorization', auth('viewer'));
    expect(listed.body.files.map((f: { id: string }) => f.id)).toEqual([res.body.id]);
  });

  it('keeps both files when the same name is uploaded twice', async () => {
    const id = await customer('Διπλό Όνομα');
    const first = await upload(id, { filename: 'σχέδιο.pdf' }, Buffer.from('first'));
    const second = await upload(id, { filename: 'σχέδιο.pdf' }, Buffer.from('second'));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.filename).toBe('σχέδιο (2).pdf');
    expect(readFileSync(onDisk(first.body.nextcloud_path)).toString()).toBe('first');
    expect(readFileSync(onDisk(second.body.nextcloud_path)).toString()).toBe('second');
    expect(((await download(first.body.id)).body as Buffer).toString()).toBe('first');
    const listed = await request(t.app).get(`/api/crm/customers/${id}/files`).set('Authorization', auth());
    expect(listed.body.files.map((f: { filename: string }) => f.filename).sort()).toEqual(['σχέδιο (2).pdf', 'σχέδιο.pdf']);
  });

  it('refuses a name with ../ or a slash with 400 and writes nothing', async () => {
    const id = await customer('Path Tricks');
    for (const filename of ['../evil.pdf', '../../etc/passwd', 'a/b.pdf', '..', 'x\u0000.pdf', '', 'invoice\u202Egnp.exe', 'a\u2066b.pdf']) {
      const res = await upload(id, { filename }, Buffer.from('x'));
      expect(res.status, filename).toBe(400);
      expect(res.body.error.details[0].path).toBe('filename');
    }
    const saved = await request(t.app).get(`/api/crm/customers/${id}`).set('Authorization', auth());
    expect(saved.body.nextcloud_folder).toBeNull();
    expect(existsSync(onDisk('05_Customers/Path_Tricks'))).toBe(false);
    expect(existsSync(onDisk('evil.pdf')) || existsSync(join(dav.root, '..', 'evil.pdf'))).toBe(false);
  });

  it('refuses a file over the limit with 413, declared or streamed, and leaves no file', async () => {
    const id = await customer('Big Files');
    const big = randomBytes(LIMIT + 1);
    const declared = await upload(id, { filename: 'big.bin' }, big, 'application/octet-stream');
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('payload_too_large');

    // A chunked upload says no length up front: refused once the limit is passed.
    const server = t.app.listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const body = new ReadableStream({
        start(controller) {
          for (let at = 0; at < big.length; at += 8192) controller.enqueue(big.subarray(at, at + 8192));
          controller.close();
        },
      });
      const res = await fetch(`http://127.0.0.1:${port}/api/crm/customers/${id}/files?filename=big.bin`, {
        method: 'POST',
        headers: { authorization: auth(), 'content-type': 'application/octet-stream' },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    const listed = await request(t.app).get(`/api/crm/customers/${id}/files`).set('Authorization', auth());
    expect(listed.body.files).toEqual([]);
    const folder = onDisk('05_Customers/Big Files');
    await vi.waitFor(() => expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]), { timeout: 5_000 });
    const fits = await upload(id, { filename: 'fits.bin' }, big.subarray(0, LIMIT), 'application/octet-stream');
    expect(fits.status).toBe(201);
  });

  it('gives two customers with the same name two folders', async () => {
    const a = await customer('Ενορία Αγίου Νικολάου');
    const b = await customer('Ενορία Αγίου Νικολάου');
    const fa = await upload(a, { filename: 'a.pdf' }, Buffer.from('a'));
    const fb = await upload(b, { filename: 'b.pdf' }, Buffer.from('b'));
    expect(fa.body.nextcloud_path).toBe('05_Customers/Enoria_Agiou_Nikolaou/a.pdf');
    expect(fb.body.nextcloud_path).toBe(`05_Customers/Enoria_Agiou_Nikolaou_${b}/b.pdf`);
  });

  it('lists files put in the folder on Nextcloud directly, and pages', async () => {
    const id = await customer('Shared Folder');
    const mine = await upload(id, { filename: 'mine.pdf' }, Buffer.from('mine'));
    await files.upload('05_Customers/Shared_Folder', 'from nextcloud.jpg', Buffer.from('jpeg'));
    const first = await request(t.app).get(`/api/crm/customers/${id}/files`).query({ limit: 1 }).set('Authorization', auth());
    expect(first.status).toBe(200);
    expect(first.body.files).toHaveLength(1);
    const second = await request(t.app)
      .get(`/api/crm/customers/${id}/files`)
      .query({ limit: 1, cursor: first.body.next_cursor })
      .set('Authorization', auth());
    const all = [...first.body.files, ...second.body.files];
    expect(second.body.next_cursor).toBeNull();
    expect(all.map((f: { filename: string }) => f.filename).sort()).toEqual(['from nextcloud.jpg', 'mine.pdf']);
    const outside = all.find((f: { filename: string }) => f.filename === 'from nextcloud.jpg');
    expect(outside).toMatchObject({ uploaded_by: null, mime_type: 'image/jpeg', size: 4, customer_id: id });
    expect(all.find((f: { id: string }) => f.id === mine.body.id)).toBeTruthy();
  });

  it('renames and retags a file, refusing a taken name with 409', async () => {
    const id = await customer('Renames');
    const a = (await upload(id, { filename: 'a.pdf' }, Buffer.from('A'))).body;
    await upload(id, { filename: 'b.pdf' }, Buffer.from('B'));
    const taken = await request(t.app).patch(`/api/crm/media/${a.id}`).set('Authorization', auth()).send({ filename: 'b.pdf' });
    expect(taken.status).toBe(409);
    expect(readFileSync(onDisk('05_Customers/Renames/b.pdf')).toString()).toBe('B');
    const bad = await request(t.app).patch(`/api/crm/media/${a.id}`).set('Authorization', auth()).send({ filename: '../a.pdf' });
    expect(bad.status).toBe(400);
    const res = await request(t.app)
      .patch(`/api/crm/media/${a.id}`)
      .set('Authorization', auth())
      .send({ filename: 'Τιμολόγιο Α.pdf', tags: ['τιμολόγιο'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ filename: 'Τιμολόγιο Α.pdf', nextcloud_path: '05_Customers/Renames/Τιμολόγιο Α.pdf', tags: ['τιμολόγιο'] });
    expect(readFileSync(onDisk(res.body.nextcloud_path)).toString()).toBe('A');
    expect(existsSync(onDisk('05_Customers/Renames/a.pdf'))).toBe(false);
  });

  it('deletes a file and its record', async () => {
    const id = await customer('Deletes');
    const a = (await upload(id, { filename: 'gone.pdf' }, Buffer.from('x'))).body;
    expect((await request(t.app).delete(`/api/crm/media/${a.id}`).set('Authorization', auth())).status).toBe(204);
    expect(existsSync(onDisk(a.nextcloud_path))).toBe(false);
    expect((await request(t.app).get(`/api/crm/media/${a.id}`).set('Authorization', auth())).status).toBe(404);
    expect((await download(a.id)).status).toBe(404);
  });

  it('answers 404 when the file was removed on Nextcloud, and serves unsafe types only as attachments', async () => {
    const id = await customer('Odd Files');
    const page = (await upload(id, { filename: 'page.html' }, Buffer.from('<script>alert(1)</script>'), 'text/html')).body;
    const inline = await download(page.id, { inline: '1' });
    expect(inline.headers['content-disposition']).toMatch(/^attachment;/);
    await files.remove(page.nextcloud_path);
    const missing = await download(page.id);
    expect(missing.status).toBe(404);
  });

  it('stores product files in 02_Products/<name>', async () => {
    const product = await request(t.app)
      .post('/api/crm/products')
      .set('Authorization', auth())
      .send({ name: 'Vesper Plus', sku: `VSP-${randomBytes(3).toString('hex')}`, category: 'controller', price: 100 });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    const res = await request(t.app)
      .post(`/api/crm/products/${product.body.id}/files`)
      .query({ filename: 'datasheet.pdf' })
      .set('Authorization', auth())
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('pdf'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ product_id: product.body.id, customer_id: null, nextcloud_path: '02_Products/Vesper_Plus/datasheet.pdf' });
    const listed = await request(t.app).get(`/api/crm/products/${product.body.id}/files`).set('Authorization', auth('viewer'));
    expect(listed.body.files).toHaveLength(1);
  });

  it('refuses viewers, unknown orders and a stored folder that could escape, changing nothing', async () => {
    const id = await customer('Guarded');
    const viewer = await upload(id, { filename: 'v.pdf' }, Buffer.from('v'), 'application/pdf', 'viewer');
    expect(viewer.status).toBe(403);
    const noToken = await request(t.app).post(`/api/crm/customers/${id}/files`).query({ filename: 'n.pdf' }).send(Buffer.from('n'));
    expect(noToken.status).toBe(401);
    const order = await upload(id, { filename: 'o.pdf', order_id: 'nope' }, Buffer.from('o'));
    expect(order.status).toBe(422);
    expect(existsSync(onDisk('05_Customers/Guarded'))).toBe(false);
    await t.store.update(`crm_customers/${id}`, { nextcloud_folder: '05_Customers/../../etc' });
    const escaped = await upload(id, { filename: 'x.pdf' }, Buffer.from('x'));
    expect(escaped.status).toBe(422);
    // Another owner kind's folder, or a customer's folder nested in another's, is refused too.
    for (const elsewhere of ['02_Products/Vesper_Plus', '05_Customers/Other/Guarded', '05_Customers']) {
      await t.store.update(`crm_customers/${id}`, { nextcloud_folder: elsewhere });
      const res = await upload(id, { filename: 'x.pdf' }, Buffer.from('x'));
      expect(res.status, elsewhere).toBe(422);
    }
    expect(existsSync(onDisk('02_Products/Vesper_Plus/x.pdf'))).toBe(false);
    // Nor can an editor point it anywhere: the field is the server's.
    await t.store.update(`crm_customers/${id}`, { nextcloud_folder: null });
    const put = await request(t.app)
      .put(`/api/crm/customers/${id}`)
      .set('Authorization', auth())
      .send({ nextcloud_folder: '02_Products/Vesper_Plus', name: 'Guarded' });
    expect(put.status).toBe(200);
    expect(put.body.nextcloud_folder).toBeNull();
    const placed = await upload(id, { filename: 'x.pdf' }, Buffer.from('x'));
    expect(placed.body.nextcloud_path).toBe('05_Customers/Guarded/x.pdf');
    expect(existsSync(onDisk('05_Customers/Guarded/x.pdf'))).toBe(true);
    expect((await request(t.app).post('/api/crm/customers/nobody/files').query({ filename: 'x.pdf' }).set('Authorization', auth()).send(Buffer.from('x'))).status).toBe(404);
  });
});

describe('files without a file server configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ routes: ({ files: _files, ...deps }) => buildRoutes(deps) });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 503 on upload', async () => {
    const created = await request(t.app).post('/api/crm/customers').set('Authorization', `Bearer ${t.tokens.editor}`).send({ name: 'No Storage' });
    const res = await request(t.app)
      .post(`/api/crm/customers/${created.body.id}/files`)
      .query({ filename: 'x.pdf' })
      .set('Authorization', `Bearer ${t.tokens.editor}`)
      .send(Buffer.from('x'));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
  });
});
