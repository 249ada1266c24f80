import { onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import { apiResponses, errorBodySchema, jsonResponseOf, routeOfRequest } from '@functions/contract/api-responses';

/**
 * Replaces the global fetch with a stand-in for the API in store and page tests. The real API
 * needs tokens signed by the Auth emulator (the e2e tests run the pair); this one answers from a
 * route table and records what it was asked. It is held to the real API: a route the API does
 * not have is refused when installed, and every answer must be what the API's response schemas
 * (functions/src/contract/api-responses.ts) allow, or the test fails.
 */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body: unknown;
}

export type FakeRoute = (request: FakeRequest) => { status: number; body?: unknown };

const API_PREFIX = '/api';

/** The API route a fake route key (`GET /api/crm/customers/c1`) stands for. */
function realRouteOf(method: string, path: string) {
  if (!path.startsWith(`${API_PREFIX}/`)) return null;
  return routeOfRequest(method, path.slice(API_PREFIX.length));
}

/** What the real API could not have answered; null when the answer is one it allows. */
export function violationOf(request: FakeRequest, status: number, body: unknown): string | null {
  const route = realRouteOf(request.method, request.path);
  if (!route) return `${request.method} ${request.path} is not a route of the API`;
  const schema: z.ZodType | null = status >= 400 ? errorBodySchema : status === 204 ? null : jsonResponseOf(apiResponses[route]);
  if (status === 204 && body !== undefined) return `${route} answered 204 with a body`;
  if (!schema) return null;
  const checked = schema.safeDecode(body);
  return checked.success ? null : `${route} answered ${status} with what the API's schema does not allow:\n${z.prettifyError(checked.error)}`;
}

export function installFakeApi(routes: Record<string, FakeRoute>) {
  for (const key of Object.keys(routes)) {
    const [method = '', path = ''] = key.split(' ');
    if (!realRouteOf(method, path)) throw new Error(`The fake API answers ${key}, which the real API has no route for`);
  }
  const requests: FakeRequest[] = [];
  const violations: string[] = [];
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
      : { status: 404, body: { error: { code: 'not_found', message: `No route ${request.method} ${request.path}`, details: [] } } };
    const violation = violationOf(request, status, body);
    if (violation) {
      violations.push(violation);
      throw new Error(violation);
    }
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetch);
  // The page under test may swallow the thrown error and show an error state; the test still fails.
  onTestFinished(() => {
    if (violations.length > 0) throw new Error(violations.join('\n\n'));
  });
  return { requests };
}
