import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileStorageError, type FileStorage } from '../file-storage.js';
import { createNextcloudClient } from '../nextcloud.client.js';
import type { NextcloudConfig } from '../nextcloud.config.js';

export interface DavServer {
  config: NextcloudConfig;
  /** Where the server keeps the user's files on disk. */
  root: string;
  stop(): Promise<void>;
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** A stream of `size` bytes in 64 KiB chunks, with no declared length (like a chunked upload). */
function chunked(data: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += 65_536) yield data.subarray(at, at + 65_536);
    })(),
  );
}

async function rejection(promise: Promise<unknown>): Promise<FileStorageError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FileStorageError);
  return err as FileStorageError;
}

/** The FileStorage behaviour every WebDAV server we use must show, run against `start()`'s server. */
export function describeFileStorage(name: string, start: () => Promise<DavServer>): void {
  describe(name, () => {
    let server: DavServer;
    let files: FileStorage;
    let folder: string;
    const onDisk = (...parts: string[]) => join(server.root, ...parts);
    const diskNames = (dir: string) => (existsSync(onDisk(dir)) ? readdirSync(onDisk(dir)).sort() : []);
    // The server notices an aborted PUT a moment after the client gave up, then drops its temp file.
    const noFileLeftIn = (dir: string) => vi.waitFor(() => expect(diskNames(dir)).toEqual([]), { timeout: 5_000 });

    beforeAll(async () => {
      server = await start();
      files = createNextcloudClient({ ...server.config, maxUploadBytes: 256 * 1024 });
    });
    afterAll(async () => {
      await server?.stop();
    });
    beforeEach(() => {
      folder = `05_Customers/Πελάτης ${randomUUID().slice(0, 8)}`;
    });

    it('creates nested folders on first use and tolerates existing ones, even concurrently', async () => {
      const nested = `${folder}/a/b`;
      await Promise.all([files.ensureFolder(nested), files.ensureFolder(nested), files.ensureFolder(`${folder}/a`)]);
      await files.ensureFolder(nested);
      expect(diskNames(folder)).toEqual(['a']);
      expect(diskNames(`${folder}/a`)).toEqual(['b']);
    });

    it('uploads into a folder that does not exist yet and downloads it byte-identical', async () => {
      const data = randomBytes(100_000);
      const stored = await files.upload(folder, 'offer.pdf', data, { contentType: 'application/pdf' });
      expect(stored).toMatchObject({ name: 'offer.pdf', path: `${folder}/offer.pdf`, size: data.length });
      const download = await files.download(stored.path);
      expect(sha(await readAll(download.stream))).toBe(sha(data));
      expect(download.size).toBe(data.length);
      expect(download.contentType).toMatch(/pdf/);
    });

    it('streams an upload with no declared length, byte-identical on disk and back', async () => {
      const data = randomBytes(200_000);
      const stored = await files.upload(folder, 'photo.jpg', chunked(data));
      expect(stored.size).toBe(data.length);
      expect(sha(readFileSync(onDisk(stored.path)))).toBe(sha(data));
      expect(sha(await readAll((await files.download(stored.path)).stream))).toBe(sha(data));
    });

    it('keeps both files when the same name is uploaded twice, never overwriting', async () => {
      const first = Buffer.from('first version');
      const second = Buffer.from('second version');
      const third = Buffer.from('third version');
      const a = await files.upload(folder, 'quote.pdf', first);
      const b = await files.upload(folder, 'quote.pdf', chunked(second));
      const c = await files.upload(folder, 'quote.pdf', third);
      expect([a.name, b.name, c.name]).toEqual(['quote.pdf', 'quote (2).pdf', 'quote (3).pdf']);
      expect(readFileSync(onDisk(folder, 'quote.pdf')).toString()).toBe('first version');
      expect(readFileSync(onDisk(folder, 'quote (2).pdf')).toString()).toBe('second version');
      expect((await files.list(folder)).map((f) => f.name).sort()).toEqual(['quote (2).pdf', 'quote (3).pdf', 'quote.pdf']);
    });

    it('gives concurrent uploads of one name distinct names and keeps every content', async () => {
      const bodies = Array.from({ length: 5 }, (_, i) => Buffer.from(`copy ${i}`));
      const stored = await Promise.all(bodies.map((body) => files.upload(folder, 'scan.png', body)));
      expect(new Set(stored.map((s) => s.name)).size).toBe(5);
      const contents = stored.map((s) => readFileSync(onDisk(s.path)).toString()).sort();
      expect(contents).toEqual(bodies.map(String).sort());
    });

    it('stores a name with Greek letters and spaces exactly as given', async () => {
      const greek = 'Προσφορά καμπάνας Αγ. Νικόλαος (τελική).pdf';
      const data = randomBytes(5_000);
      const stored = await files.upload(folder, greek, data);
      expect(stored.name).toBe(greek);
      expect(diskNames(folder)).toEqual([greek]);
      const listed = await files.list(folder);
      expect(listed.map((f) => [f.name, f.size])).toEqual([[greek, data.length]]);
      expect(sha(await readAll((await files.download(listed[0]!.path)).stream))).toBe(sha(data));
    });

    it('rejects names and folders that could leave their folder, writing nothing', async () => {
      for (const bad of ['../escape.pdf', '../../etc/passwd', 'a/b.pdf', '..', '.', 'a\\b.pdf', 'bell\u0000.pdf', 'tab\tname', '']) {
        expect((await rejection(files.upload(folder, bad, Buffer.from('x')))).code).toBe('invalid-path');
      }
      for (const badFolder of ['05_Customers/../..', '/etc', '05_Customers//x', '05_Customers/\u0007']) {
        expect((await rejection(files.upload(badFolder, 'ok.pdf', Buffer.from('x')))).code).toBe('invalid-path');
      }
      expect((await rejection(files.download(`${folder}/../../secret`))).code).toBe('invalid-path');
      expect(diskNames(folder)).toEqual([]);
      expect(readdirSync(server.root).filter((n) => !n.startsWith('05_Customers') && !n.startsWith('02_Products'))).toEqual([]);
    });

    it('refuses a file over the limit and leaves no file behind, declared or streamed', async () => {
      const big = randomBytes(300 * 1024);
      expect((await rejection(files.upload(folder, 'big.bin', big))).code).toBe('too-large');
      expect((await rejection(files.upload(folder, 'big.bin', chunked(big)))).code).toBe('too-large');
      expect(
        (await rejection(files.upload(folder, 'big.bin', chunked(big), { contentLength: big.length }))).code,
      ).toBe('too-large');
      expect(await files.list(folder)).toEqual([]);
      await noFileLeftIn(folder);
      const fits = await files.upload(folder, 'fits.bin', chunked(big.subarray(0, 256 * 1024)));
      expect(fits.size).toBe(256 * 1024);
    });

    it('leaves no file when the upload stream breaks off', async () => {
      const source = new Readable({ read() {} });
      source.push(randomBytes(10_000));
      setTimeout(() => source.destroy(new Error('client went away')), 20);
      expect((await rejection(files.upload(folder, 'half.bin', source))).code).toBe('incomplete');
      await noFileLeftIn(folder);
    });

    it('renames within the folder, refusing a taken name and a bad one', async () => {
      const a = await files.upload(folder, 'a.txt', Buffer.from('A'));
      await files.upload(folder, 'b.txt', Buffer.from('B'));
      expect((await rejection(files.rename(a.path, 'b.txt'))).code).toBe('exists');
      expect((await rejection(files.rename(a.path, '../a.txt'))).code).toBe('invalid-path');
      const renamed = await files.rename(a.path, 'Τιμολόγιο 2026.txt');
      expect(renamed).toBe(`${folder}/Τιμολόγιο 2026.txt`);
      expect(diskNames(folder)).toEqual(['b.txt', 'Τιμολόγιο 2026.txt'].sort());
      expect(readFileSync(onDisk(renamed)).toString()).toBe('A');
      expect((await rejection(files.rename(`${folder}/missing.txt`, 'c.txt'))).code).toBe('not-found');
    });

    it('removes a file, and removing it again is fine', async () => {
      const a = await files.upload(folder, 'gone.txt', Buffer.from('x'));
      await files.remove(a.path);
      await files.remove(a.path);
      expect(diskNames(folder)).toEqual([]);
      expect((await rejection(files.download(a.path))).code).toBe('not-found');
    });

    it('lists a folder that does not exist as empty', async () => {
      expect(await files.list(`${folder}/nothing here`)).toEqual([]);
    });

    it('reports wrong credentials as the file server being unavailable', async () => {
      const wrong = createNextcloudClient({ ...server.config, password: 'wrong' });
      const err = await rejection(wrong.list(folder));
      expect(err.code).toBe('unavailable');
      expect(err.message).toMatch(/401/);
    });
  });
}
