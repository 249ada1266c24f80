import { vi } from 'vitest';

/**
 * Replaces the global fetch with a stand-in for the API in store and page tests. The real API
 * needs tokens signed by the Auth emulator (the e2e tests run the pair); this one answers from a
 * route table with the API's documented shapes and records what it was asked.
 */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body: unknown;
}

export type FakeRoute = (request: FakeRequest) => { status: number; body?: unknown };

export function installFakeApi(routes: Record<string, FakeRoute>) {
  const requests: FakeRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const headers = new Headers(init.headers);
    const request: FakeRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      authorization: headers.get('Authorization'),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const route = routes[`${request.method} ${request.path}`];
    const { status, body } = route
      ? route(request)
      : { status: 404, body: { error: { code: 'not_found', message: `No route ${request.method} ${request.path}` } } };
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  return { requests };
}
