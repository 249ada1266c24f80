import { describe, expect, it } from 'vitest';
import { numberOrNaN, numberText, parseNumber, type NumberKind, type NumberProblemKey } from './number-input';

type Row = [text: string, kind: NumberKind, expected: number | NumberProblemKey];

// What Greek staff type, what they paste from invoices and bank statements, and what is refused.
const rows: Row[] = [
  ['1.000', 'money', 1000],
  ['1.450', 'money', 1450],
  ['1.000,50', 'money', 1000.5],
  ['1.450,00', 'money', 1450],
  ['1000,50', 'money', 1000.5],
  ['1000.50', 'money', 1000.5],
  ['1000.5', 'money', 1000.5],
  ['12.5', 'money', 12.5],
  ['1 000,50', 'money', 1000.5],
  ['1\u00a0000,50', 'money', 1000.5],
  ['1\u202f000,50', 'money', 1000.5],
  ['1 000.50', 'money', 1000.5],
  ['  300  ', 'money', 300],
  ['€1.000', 'money', 1000],
  ['€ 1.000,50', 'money', 1000.5],
  ['1.000 €', 'money', 1000],
  ['1.000€', 'money', 1000],
  ['1.000.000', 'money', 1_000_000],
  ['1.000.000,01', 'money', 1_000_000.01],
  ['12.345.678,9', 'money', 12_345_678.9],
  ['0,5', 'money', 0.5],
  [',5', 'money', 0.5],
  ['.5', 'money', 0.5],
  ['0,500', 'money', 0.5],
  ['0', 'money', 0],
  ['0,00', 'money', 0],
  ['1000', 'money', 1000],
  ['1000.500', 'money', 1000.5],
  ['-5', 'money', -5],
  ['\u221212,30', 'money', -12.3],
  ['\u22121.000,00 €', 'money', -1000],
  ['0,1', 'money', 0.1],
  ['1.000.5', 'money', 'ambiguousNumber'],
  ['1,000.50', 'money', 'ambiguousNumber'],
  ['1,000,000', 'money', 'ambiguousNumber'],
  ['1,000', 'money', 'ambiguousNumber'],
  ['1,505', 'money', 'ambiguousNumber'],
  ['0.500', 'money', 'ambiguousNumber'],
  ['1.00', 'money', 1],
  ['1.0000', 'money', 1],
  ['1,234', 'money', 'ambiguousNumber'],
  ['10.00.000', 'money', 'ambiguousNumber'],
  ['1,005', 'money', 'ambiguousNumber'],
  ['0,005', 'money', 'twoDecimals'],
  ['1.000,505', 'money', 'twoDecimals'],
  ['12,345', 'money', 'ambiguousNumber'],
  ['', 'money', 'number'],
  ['   ', 'money', 'number'],
  ['€', 'money', 'number'],
  ['abc', 'money', 'number'],
  ['1e3', 'money', 'number'],
  ['12a', 'money', 'number'],
  ['1,', 'money', 'number'],
  ['1.', 'money', 'number'],
  ['1..000', 'money', 'number'],
  ['1,,5', 'money', 'number'],
  ['10 00', 'money', 'number'],
  ['1 000 000,5', 'money', 1_000_000.5],
  ['1 000.000', 'money', 'number'],
  ['+5', 'money', 'number'],
  ['5 %', 'money', 'number'],
  ['EUR 5', 'money', 'number'],
  ['--5', 'money', 'number'],
  ['3', 'quantity', 3],
  ['1.000', 'quantity', 1000],
  ['1 200', 'quantity', 1200],
  ['2,0', 'quantity', 2],
  ['2,5', 'quantity', 'wholeNumber'],
  ['1.5', 'quantity', 'wholeNumber'],
  ['€3', 'quantity', 'number'],
  ['12,5', 'percent', 12.5],
  ['12,5%', 'percent', 12.5],
  ['12,5 %', 'percent', 12.5],
  ['100', 'percent', 100],
  ['7.5', 'percent', 7.5],
  ['12,125', 'percent', 'ambiguousNumber'],
  ['2,25', 'decimal', 2.25],
];

describe('parseNumber', () => {
  it('has a table of at least 40 inputs', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)('reads %j as a %s → %j', (text, kind, expected) => {
    const parsed = parseNumber(text, kind);
    if (typeof expected === 'number') expect(parsed).toEqual({ ok: true, value: expected });
    else expect(parsed).toEqual({ ok: false, key: expected });
  });

  it('never returns float noise: every accepted amount is whole cents', () => {
    for (const [text, kind] of rows) {
      const parsed = parseNumber(text, kind);
      if (parsed.ok && kind === 'money') expect(Math.round(parsed.value * 100) / 100).toBe(parsed.value);
    }
  });

  it('gives NaN for what it refuses, for the forms\u2019 checks', () => {
    expect(numberOrNaN('1.000.5', 'money')).toBeNaN();
    expect(numberOrNaN('1.000', 'money')).toBe(1000);
  });
});

describe('numberText', () => {
  it.each<[number | null | undefined, NumberKind, string]>([
    [1450.5, 'money', '1.450,50'],
    [1000, 'money', '1.000,00'],
    [0, 'money', '0,00'],
    [999.99, 'money', '999,99'],
    [1_234_567.8, 'money', '1.234.567,80'],
    [-1000, 'money', '\u22121.000,00'],
    [1200, 'quantity', '1.200'],
    [12.5, 'percent', '12,5'],
    [100, 'percent', '100'],
    [null, 'money', ''],
    [undefined, 'money', ''],
    [Number.NaN, 'money', ''],
  ])('writes %j as a %s field shows it: %j', (value, kind, text) => {
    expect(numberText(value, kind)).toBe(text);
  });

  it('writes what it reads back: every stored value survives an edit form unchanged', () => {
    for (const value of [0, 0.01, 0.1, 1, 12.5, 999.99, 1000, 1450.5, 10_000, 123_456.78, 1_000_000_000]) {
      expect(parseNumber(numberText(value, 'money'), 'money')).toEqual({ ok: true, value });
      expect(parseNumber(numberText(value, 'percent'), 'percent')).toEqual({ ok: true, value });
    }
    for (const value of [0, 1, 999, 1000, 1450, 100_000]) expect(parseNumber(numberText(value, 'quantity'), 'quantity')).toEqual({ ok: true, value });
  });
});
