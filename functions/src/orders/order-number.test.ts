import { describe, expect, it } from 'vitest';
import { formatOrderNumber, orderYear } from './order-number.js';

describe('order numbers', () => {
  it('are ORD-YYYY-NNN, growing past three digits', () => {
    expect(formatOrderNumber(2026, 7)).toBe('ORD-2026-007');
    expect(formatOrderNumber(2026, 1234)).toBe('ORD-2026-1234');
  });

  it('belong to the Athens calendar year', () => {
    // 23:30 UTC on 31 December is already New Year in Athens (UTC+2).
    expect(orderYear(new Date('2025-12-31T23:30:00Z'))).toBe(2026);
    expect(orderYear(new Date('2025-12-31T21:30:00Z'))).toBe(2025);
  });
});
