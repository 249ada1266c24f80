import { describe, expect, it } from 'vitest';
import { parseAmountText } from './import.amount.js';

describe('an amount read from a spreadsheet cell', () => {
  it.each([
    ['1.450,50', 145_050],
    ['1450.50', 145_050],
    ['1450,5', 145_050],
    ['1 450,50 €', 145_050],
    ['€\u00a01.234.567,89', 123_456_789],
    ['1.450.000', 145_000_000],
    ['0,500', 50],
    ['0,1', 10],
    ['.5', 50],
    ['19.99', 1_999],
    ['0', 0],
    ['1450', 145_000],
  ])('%s is %i cents', (text, cents) => {
    expect(parseAmountText(text)).toEqual({ ok: true, cents });
  });

  it.each([
    ['1,450', 'is ambiguous: write 1.450,50 or 1450.50'],
    ['1.450', 'is ambiguous: write 1.450,50 or 1450.50'],
    ['1,450.50', 'is ambiguous: write 1.450,50 or 1450.50'],
    ['1450.505', 'is ambiguous: write 1.450,50 or 1450.50'],
    ['12,345', 'is ambiguous: write 1.450,50 or 1450.50'],
    ['1,455', 'is ambiguous: write 1.450,50 or 1450.50'],
    ['10,999', 'is ambiguous: write 1.450,50 or 1450.50'],
    ['1,5555', 'must have at most 2 decimals'],
    ['-5', 'must be 0 or more'],
    ['=SUM(A1:A3)', 'is not an amount'],
    ['δώδεκα', 'is not an amount'],
    ['1.45.0', 'is not an amount'],
  ])('%s is refused: %s', (text, message) => {
    expect(parseAmountText(text)).toEqual({ ok: false, message });
  });
});
