import { describe, expect, it } from 'vitest';
import { divRound, lineMoney, quoteMoney, type LineMoneyInput } from './quote-totals.js';

/** Every expected figure below was worked out by hand from the rule in quote-totals.ts. */

const line = (quantity: number, unit_price_cents: number, vat_rate: LineMoneyInput['vat_rate'] = 24, discount_percent = 0): LineMoneyInput => ({
  quantity,
  unit_price_cents,
  discount_percent,
  vat_rate,
});

describe('divRound', () => {
  it('rounds half away from zero, both signs', () => {
    expect([divRound(5n, 2n), divRound(-5n, 2n), divRound(4n, 3n), divRound(5n, 3n), divRound(-5n, 3n)]).toEqual([3n, -3n, 1n, 2n, -2n]);
  });
});

describe('line money', () => {
  it('rounds a half cent up once, on the discounted net: 1 × 0,05 € − 50 % = 2,5 c → 3 c', () => {
    expect(lineMoney(line(1, 5, 24, 50))).toEqual({ net_cents: 3, vat_cents: 1, gross_cents: 4 });
  });

  it('3 × 33,33 € at 24 % = 99,99 € + 23,9976 € → 24,00 €', () => {
    expect(lineMoney(line(3, 3333))).toEqual({ net_cents: 9999, vat_cents: 2400, gross_cents: 12399 });
  });

  it('a 100 % discount leaves nothing and a 0 % rate no VAT', () => {
    expect(lineMoney(line(7, 12345, 24, 100))).toEqual({ net_cents: 0, vat_cents: 0, gross_cents: 0 });
    expect(lineMoney(line(2, 1999, 0))).toEqual({ net_cents: 3998, vat_cents: 0, gross_cents: 3998 });
  });

  it('stays exact where floating point would not: 100000 × 9.999.999,99 €', () => {
    expect(lineMoney(line(100_000, 999_999_999, 0)).net_cents).toBe(99_999_999_900_000);
  });
});

describe('quote money', () => {
  const mixed = [line(2, 1000, 24), line(1, 555, 13, 10), line(3, 115, 24)];

  it('sums nets per rate and takes VAT once per rate (mixed 24 % and 13 %)', () => {
    // 24 %: 20,00 + 3,45 = 23,45 → VAT 5,628 → 5,63. 13 %: 5,55 − 10 % = 4,995 → 5,00 → VAT 0,65.
    expect(quoteMoney(mixed, 0)).toMatchObject({
      net_cents: 2845,
      vat_cents: 628,
      gross_cents: 3473,
      vat_breakdown: [
        { rate: 24, base_cents: 2345, vat_cents: 563 },
        { rate: 13, base_cents: 500, vat_cents: 65 },
      ],
    });
  });

  it('applies a whole-quote discount to each rate’s base, then the VAT', () => {
    // 24 %: 23,45 × 0,9 = 21,105 → 21,11 → VAT 5,0664 → 5,07. 13 %: 5,00 × 0,9 = 4,50 → VAT 0,585 → 0,59.
    expect(quoteMoney(mixed, 10)).toMatchObject({
      net_cents: 2561,
      vat_cents: 566,
      gross_cents: 3127,
      vat_breakdown: [
        { rate: 24, base_cents: 2111, vat_cents: 507 },
        { rate: 13, base_cents: 450, vat_cents: 59 },
      ],
    });
  });

  it('takes VAT on the rate’s base, not line by line: three 0,02 € lines owe 0,01 € between them', () => {
    const money = quoteMoney([line(1, 2), line(1, 2), line(1, 2)], 0);
    expect(money.lines.map((l) => l.vat_cents)).toEqual([0, 0, 0]);
    expect(money.vat_cents).toBe(1);
    expect(money.gross_cents).toBe(7);
  });

  it('an island rate and 0 % each get their own row, highest rate first', () => {
    const money = quoteMoney([line(1, 1000, 0), line(1, 1000, 17), line(1, 1000, 4)], 0);
    expect(money.vat_breakdown.map((r) => [r.rate, r.vat_cents])).toEqual([
      [17, 170],
      [4, 40],
      [0, 0],
    ]);
  });

  it('an empty quote is zero everywhere', () => {
    expect(quoteMoney([], 15)).toEqual({ lines: [], net_cents: 0, vat_cents: 0, gross_cents: 0, vat_breakdown: [] });
  });
});
