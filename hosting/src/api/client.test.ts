import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonAnswer, startLoopbackServer, type Answer, type LoopbackServer, type ReceivedRequest } from '../test-support/loopback-server';
import { ApiError, createApiClient, filenameFromDisposition } from './client';

let server: LoopbackServer;
let answer: (request: ReceivedRequest) => Answer;

beforeAll(async () => {
  server = await startLoopbackServer((request) => answer(request));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  answer = () => jsonAnswer(200, { ok: true });
});

function client(tokens: (string | null)[] = ['token-1']) {
  let calls = 0;
  return createApiClient({
    baseUrl: `${server.origin}/api`,
    getToken: async () => tokens[Math.min(calls++, tokens.length - 1)] ?? null,
  });
}

describe('token header', () => {
  it('sends the current ID token as a bearer token, asking for it on every request', async () => {
    const api = client(['first-token', 'refreshed-token']);
    await api.get('/me');
    await api.get('/me');
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer first-token', 'Bearer refreshed-token']);
  });

  it('sends no Authorization header when signed out', async () => {
    await client([null]).get('/health');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe('JSON in and out', () => {
  it('sends a JSON body and query, and returns the parsed answer', async () => {
    answer = (request) => jsonAnswer(201, { id: 'c1', received: JSON.parse(request.body.toString()) });
    const created = await client().post<{ id: string; received: unknown }>('/crm/customers', { name: 'Ενορία Αγ. Νικολάου' }, {
      query: { tag: ['parish', 'athens'], search: '', cursor: null, limit: 50 },
    });
    expect(created).toEqual({ id: 'c1', received: { name: 'Ενορία Αγ. Νικολάου' } });
    const request = server.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/crm/customers?tag=parish&tag=athens&limit=50');
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('returns undefined for 204 No Content', async () => {
    answer = () => ({ status: 204 });
    await expect(client().delete('/crm/customers/c1')).resolves.toBeUndefined();
    expect(server.requests[0]?.method).toBe('DELETE');
  });
});

describe('error mapping', () => {
  it('turns the API error shape into an ApiError naming each field path', async () => {
    answer = () =>
      jsonAnswer(400, {
        error: {
          code: 'validation_failed',
          message: 'Invalid body',
          details: [
            { path: 'name', message: 'Required' },
            { path: 'contacts.0.value', message: 'Invalid email' },
          ],
        },
      });
    const error = await client().put('/crm/customers/c1', { name: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.code).toBe('validation_failed');
    expect(apiError.message).toBe('Invalid body: name: Required; contacts.0.value: Invalid email');
    expect(apiError.fieldErrors()).toEqual({ name: 'Required', 'contacts.0.value': 'Invalid email' });
  });

  it('keeps a message without details as it is', async () => {
    answer = () => jsonAnswer(403, { error: { code: 'forbidden', message: 'This needs the editor role' } });
    await expect(client().post('/crm/products', {})).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
      message: 'This needs the editor role',
    });
  });

  it('names the HTTP status when the body is not the API error shape', async () => {
    answer = () => ({ status: 502, headers: { 'Content-Type': 'text/html' }, body: '<h1>Bad Gateway</h1>' });
    await expect(client().get('/crm/customers')).rejects.toMatchObject({ status: 502, code: 'internal', message: 'HTTP 502 Bad Gateway' });
  });

  it('reports an unreachable server as a network error', async () => {
    // Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    const api = createApiClient({ baseUrl: 'http://127.0.0.1:9/api', getToken: async () => null });
    await expect(api.get('/me')).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('lets an abort through as an AbortError, not as an API error', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await client().get('/me', { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('files', () => {
  it('uploads a raw body with its type and the token, and returns the JSON answer', async () => {
    answer = (request) => jsonAnswer(201, { id: 'm1', size: request.body.length, type: request.headers['content-type'] });
    const file = new Blob(['%PDF-1.7 quotation'], { type: 'application/pdf' });
    const media = await client().upload<{ id: string; size: number; type: string }>('/crm/customers/c1/files', file, {
      query: { filename: 'Προσφορά 2026.pdf' },
    });
    expect(media).toEqual({ id: 'm1', size: 18, type: 'application/pdf' });
    const request = server.requests[0]!;
    expect(request.url).toBe(`/api/crm/customers/c1/files?filename=${encodeURIComponent('Προσφορά 2026.pdf').replace(/%20/g, '+')}`);
    expect(request.headers.authorization).toBe('Bearer token-1');
  });

  it('maps a refused upload to an ApiError', async () => {
    answer = () => jsonAnswer(413, { error: { code: 'payload_too_large', message: 'The file is larger than 25 MB' } });
    await expect(client().upload('/crm/customers/c1/files', new Blob(['x']))).rejects.toMatchObject({
      status: 413,
      code: 'payload_too_large',
      message: 'The file is larger than 25 MB',
    });
  });

  it('downloads a blob with the file name the server gives', async () => {
    answer = () => ({
      status: 200,
      headers: { 'Content-Type': 'text/plain', 'Content-Disposition': `attachment; filename="offer.txt"; filename*=UTF-8''${encodeURIComponent('προσφορά.txt')}` },
      body: 'hello',
    });
    const { blob, filename } = await client().download('/crm/media/m1/download');
    expect(filename).toBe('προσφορά.txt');
    expect(await blob.text()).toBe('hello');
  });

  it('reads plain and quoted Content-Disposition file names', () => {
    expect(filenameFromDisposition('attachment; filename="a b.pdf"')).toBe('a b.pdf');
    expect(filenameFromDisposition('attachment; filename=plain.pdf')).toBe('plain.pdf');
    expect(filenameFromDisposition('inline')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });
});
