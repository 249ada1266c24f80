import type { VatRate } from './quotes.enums.js';

/**
 * The money of a quote, in integer cents (BigInt inside, so no product overflows).
 *
 * The one rounding rule, half away from zero wherever a division leaves a remainder:
 *   1. a line's net = quantity × unit price × (1 − line discount), rounded once to the cent;
 *   2. the lines' nets are summed per VAT rate, and the whole-quote discount is applied to each
 *      rate's sum (its base), rounded once per rate;
 *   3. each rate's VAT = base × rate, rounded once per rate;
 *   4. net = Σ bases, VAT = Σ VATs, gross = net + VAT.
 * A line also shows its own VAT and gross (its net × rate, rounded), for reading the table; the
 * quote's totals are the breakdown's, which is what Greek invoices carry.
 */

export interface LineMoneyInput {
  quantity: number;
  unit_price_cents: number;
  /** Percent with at most two decimals. */
  discount_percent: number;
  vat_rate: VatRate;
}

export interface LineMoney {
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
}

export interface VatBreakdownCents {
  rate: VatRate;
  base_cents: number;
  vat_cents: number;
}

export interface QuoteMoney {
  lines: LineMoney[];
  net_cents: number;
  vat_cents: number;
  gross_cents: number;
  vat_breakdown: VatBreakdownCents[];
}

/** n / d for d > 0, rounded half away from zero. */
export function divRound(n: bigint, d: bigint): bigint {
  const sign = n < 0n ? -1n : 1n;
  const abs = n < 0n ? -n : n;
  return sign * ((abs * 2n + d) / (2n * d));
}

/** A percent with at most two decimals, in hundredths of a percent (basis points). */
const basisPoints = (percent: number): bigint => BigInt(Math.round(percent * 100));
const FULL = 10_000n;

export function lineMoney(line: LineMoneyInput): LineMoney {
  const net = divRound(BigInt(line.quantity) * BigInt(line.unit_price_cents) * (FULL - basisPoints(line.discount_percent)), FULL);
  const vat = divRound(net * BigInt(line.vat_rate), 100n);
  return { net_cents: Number(net), vat_cents: Number(vat), gross_cents: Number(net + vat) };
}

export function quoteMoney(lines: readonly LineMoneyInput[], discountPercent: number): QuoteMoney {
  const priced = lines.map(lineMoney);
  const byRate = new Map<VatRate, bigint>();
  lines.forEach((line, i) => byRate.set(line.vat_rate, (byRate.get(line.vat_rate) ?? 0n) + BigInt(priced[i]!.net_cents)));
  const keep = FULL - basisPoints(discountPercent);
  const breakdown = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, sum]) => {
      const base = divRound(sum * keep, FULL);
      return { rate, base, vat: divRound(base * BigInt(rate), 100n) };
    });
  const net = breakdown.reduce((s, r) => s + r.base, 0n);
  const vat = breakdown.reduce((s, r) => s + r.vat, 0n);
  return {
    lines: priced,
    net_cents: Number(net),
    vat_cents: Number(vat),
    gross_cents: Number(net + vat),
    vat_breakdown: breakdown.map((r) => ({ rate: r.rate, base_cents: Number(r.base), vat_cents: Number(r.vat) })),
  };
}
