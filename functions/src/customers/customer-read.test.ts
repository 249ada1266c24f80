import { describe, expect, it } from 'vitest';
import { readCustomer } from './customer-read.js';

describe('readCustomer: language', () => {
  it.each([
    ['a legacy single code', 'en', ['en']],
    ['a list', ['ro', 'el', 'ro'], ['ro', 'el']],
    ['nothing stored', undefined, ['el']],
    ['an empty string', '', ['el']],
    ['an empty list or junk entries', [1, ' ', null], ['el']],
  ])('reads %s as a list of codes', (_, stored, expected) => {
    expect(readCustomer('c1', { name: 'Ενορία', language: stored }).language).toEqual(expected);
  });
});
