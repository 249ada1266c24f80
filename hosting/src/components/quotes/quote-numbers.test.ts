import { describe, expect, it } from 'vitest';
import type { QuoteLine } from '../../api/quotes';
import { blankLine, lineDraft, readQuoteNumbers } from './quote-numbers';

const stored: QuoteLine = {
  product_id: 'p-1',
  description: 'Καμπάνα «Ευαγγελίστρια» 120 εκ.',
  quantity: 1200,
  unit_price: 1450.5,
  discount_percent: 12.5,
  vat_rate: 24,
} as QuoteLine;

describe('quote numbers', () => {
  it('show stored numbers the Greek way and read them back unchanged', () => {
    const draft = lineDraft(stored, 7, 'Καμπάνα');
    expect(draft).toMatchObject({ key: 7, quantity: '1.200', unit_price: '1.450,50', discount_percent: '12,5' });
    expect(readQuoteNumbers('', [draft])).toEqual({
      ok: true,
      discount_percent: 0,
      lines: [{ product_id: 'p-1', description: stored.description, quantity: 1200, unit_price: 1450.5, discount_percent: 12.5, vat_rate: 24 }],
    });
  });

  it('read "1.450" as a thousand four hundred and fifty, and a line without discount as none', () => {
    const line = { ...blankLine(1), description: 'Τοποθέτηση', unit_price: '1.450' };
    const read = readQuoteNumbers('5', [line]);
    expect(read).toMatchObject({ ok: true, discount_percent: 5, lines: [{ quantity: 1, unit_price: 1450, discount_percent: 0 }] });
  });

  it('name every number that cannot be read by the server’s path, and a missing price', () => {
    const lines = [
      { ...blankLine(1), unit_price: '1,450', quantity: '2,5' },
      { ...blankLine(2), discount_percent: '10,5555' },
    ];
    expect(readQuoteNumbers('abc', lines)).toEqual({
      ok: false,
      problems: {
        discount_percent: { key: 'number' },
        'lines.0.quantity': { key: 'wholeNumber' },
        'lines.0.unit_price': { key: 'ambiguousNumber' },
        'lines.1.unit_price': { key: 'required' },
        'lines.1.discount_percent': { key: 'twoDecimals' },
      },
    });
  });
});
