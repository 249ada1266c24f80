/**
 * A file server that accepts the connection and then never answers (a hung Nextcloud, a proxy
 * holding the line): every call gives up within its budget with a clear error instead of
 * holding the request until the function is killed.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStorageError } from './file-storage.js';
import { createNextcloudClient } from './nextcloud.client.js';

let stalling: Server;
const sockets = new Set<Socket>();
let url: string;

beforeAll(async () => {
  stalling = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Reads the request and never answers.
    socket.on('data', () => undefined);
  });
  await new Promise<void>((done) => stalling.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(stalling.address() as AddressInfo).port}/remote.php/dav/files/crm`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((done) => stalling.close(done));
});

describe('a file server that stalls', () => {
  const client = () => createNextcloudClient({ url, username: 'crm', password: 'app-password-0123456789', callTimeoutMs: 300, transferTimeoutMs: 600 });

  it('times out listing, uploading, downloading, renaming and deleting, naming the cause', async () => {
    const files = client();
    const attempts: [string, Promise<unknown>][] = [
      ['list', files.list('05_Customers/Ενορία')],
      ['upload', files.upload('05_Customers/Ενορία', 'προσφορά.pdf', Buffer.from('%PDF-1.7'))],
      ['download', files.download('05_Customers/Ενορία/προσφορά.pdf')],
      ['rename', files.rename('05_Customers/Ενορία/a.pdf', 'b.pdf')],
      ['ensureFolder', files.ensureFolder('05_Customers/Νέος')],
    ];
    // Settled side by side: each gets its own budget, none waits for another.
    const outcomes = await Promise.all(attempts.map(([name, attempt]) => attempt.then(() => [name, null] as const, (e: unknown) => [name, e] as const)));
    for (const [name, err] of outcomes) {
      expect(err, name).toBeInstanceOf(FileStorageError);
      expect((err as FileStorageError).message, name).toMatch(/did not answer in time/);
    }
    // remove() of a missing file is quiet on 404, but a timeout is an error.
    await expect(files.remove('05_Customers/Ενορία/a.pdf')).rejects.toThrow(/did not answer in time/);
  }, 20_000);
});
