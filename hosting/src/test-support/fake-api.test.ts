import { describe, expect, it } from 'vitest';
import { customerFixture } from './customer-fixtures';
import { installFakeApi, violationOf, type FakeRequest } from './fake-api';

const get = (path: string): FakeRequest => ({ method: 'GET', path, query: new URLSearchParams(), authorization: null, body: undefined });

describe('the fake API is held to the real one', () => {
  it('refuses to stand in for a route the API does not have', () => {
    expect(() => installFakeApi({ 'GET /api/crm/customers/c1/nothing': () => ({ status: 200, body: {} }) })).toThrow(
      'The fake API answers GET /api/crm/customers/c1/nothing, which the real API has no route for',
    );
  });

  it('allows only answers the response schemas allow', () => {
    expect(violationOf(get('/api/crm/customers/c1'), 200, customerFixture())).toBeNull();
    expect(violationOf(get('/api/crm/customers/c1'), 200, { id: 'c1', name: 'Ενορία' })).toMatch(/GET \/crm\/customers\/:id answered 200/);
    expect(violationOf(get('/api/crm/customers/c1'), 200, customerFixture({ created_at: 'yesterday' }))).toMatch(/created_at/);
    expect(violationOf(get('/api/crm/customers/c1'), 404, { error: { code: 'not_found', message: 'Customer not found', details: [] } })).toBeNull();
    expect(violationOf(get('/api/crm/customers/c1'), 400, { error: { code: 'invalid_argument', message: 'Bad' } })).toMatch(/error\.code/);
    expect(violationOf(get('/api/crm/nothing'), 200, {})).toBe('GET /api/crm/nothing is not a route of the API');
  });
});
