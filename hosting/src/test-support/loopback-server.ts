import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/**
 * A real HTTP server on 127.0.0.1 for tests of the API client. It stands in for the API: the real
 * one needs Firebase-signed tokens from the Auth emulator, which the e2e tests run; here it answers
 * with the API's documented shapes. The page is on another origin (happy-dom's), hence the CORS headers.
 */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
  'Access-Control-Expose-Headers': 'Content-Disposition',
};

export async function startLoopbackServer(answer: (request: ReceivedRequest) => Answer): Promise<LoopbackServer> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors).end();
        return;
      }
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(request);
      const { status, headers, body } = answer(request);
      res.writeHead(status, { ...cors, ...headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('The loopback server has no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export const jsonAnswer = (status: number, body: unknown): Answer => ({
  status,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
