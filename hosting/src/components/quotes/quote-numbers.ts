import type { QuoteLine, QuoteLineInput } from '../../api/quotes';
import type { Problem, Problems } from '../form/validation';
import { numberText, parseNumber, type NumberKind } from '../form/number-input';

/**
 * A quote's numbers as its fields hold them: the text staff typed, the Greek way
 * (form/number-input.ts), read into numbers only when the draft is priced or saved, so
 * "1.450,50" is 1.450,50 € and never 1,45 €; stored numbers come back as "1.450,50".
 */
export interface QuoteLineDraft {
  key: number;
  product_id: string | null;
  product_name: string;
  description: string;
  quantity: string;
  unit_price: string;
  discount_percent: string;
  vat_rate: number;
}

const kinds = { quantity: 'quantity', unit_price: 'money', discount_percent: 'percent' } as const satisfies Record<string, NumberKind>;

export function lineDraft(line: QuoteLine, key: number, productName: string): QuoteLineDraft {
  return {
    key,
    product_id: line.product_id,
    product_name: productName,
    description: line.description,
    quantity: numberText(line.quantity, 'quantity'),
    unit_price: numberText(line.unit_price, 'money'),
    discount_percent: line.discount_percent ? numberText(line.discount_percent, 'percent') : '',
    vat_rate: line.vat_rate,
  };
}

export function blankLine(key: number): QuoteLineDraft {
  return { key, product_id: null, product_name: '', description: '', quantity: '1', unit_price: '', discount_percent: '', vat_rate: 24 };
}

export type QuoteNumbers = { ok: true; discount_percent: number; lines: QuoteLineInput[] } | { ok: false; problems: Problems };

/**
 * The quote's numbers, or each field that cannot be read by the server's path
 * (`lines.0.unit_price`). An empty discount is none; an empty quantity or price is missing.
 */
export function readQuoteNumbers(discount: string, drafts: readonly QuoteLineDraft[]): QuoteNumbers {
  const problems: Problems = {};
  const read = (path: string, text: string, kind: NumberKind, emptyIs: number | null): number => {
    if (text.trim() === '') {
      if (emptyIs === null) problems[path] = { key: 'required' };
      return emptyIs ?? 0;
    }
    const parsed = parseNumber(text, kind);
    if (parsed.ok) return parsed.value;
    problems[path] = { key: parsed.key } satisfies Problem;
    return 0;
  };
  const discount_percent = read('discount_percent', discount, 'percent', 0);
  const lines = drafts.map((draft, index) => ({
    product_id: draft.product_id,
    description: draft.description,
    quantity: read(`lines.${index}.quantity`, draft.quantity, kinds.quantity, null),
    unit_price: read(`lines.${index}.unit_price`, draft.unit_price, kinds.unit_price, null),
    discount_percent: read(`lines.${index}.discount_percent`, draft.discount_percent, kinds.discount_percent, 0),
    vat_rate: draft.vat_rate,
  }));
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, discount_percent, lines };
}
