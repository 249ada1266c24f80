/**
 * CSV as Greek Excel reads it right: UTF-8 with a BOM, `,` or `;` between cells, CRLF
 * between rows, amounts as plain decimals (1234.50), dates as ISO 8601. A text cell that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a CR) gets a leading
 * apostrophe, so an exported list cannot attack the reader's spreadsheet (OWASP "CSV injection").
 */
import { toCents } from '../shared/money.js';

export const BOM = '\uFEFF';
export const separators = { comma: ',', semicolon: ';' } as const;
export type Separator = (typeof separators)[keyof typeof separators];

/** What a column holds: text is escaped; money is written in cents' precision; the rest as is. */
export type Cell = string | number | boolean | Date | null | undefined | { money: number | null | undefined };

const FORMULA_START = /^[=+\-@\t\r]/;

export function money(amount: number | null | undefined): Cell {
  return { money: amount };
}

function plain(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'object') {
    if (cell.money === null || cell.money === undefined) return '';
    const cents = toCents(cell.money);
    const sign = cents < 0 ? '-' : '';
    const abs = Math.abs(cents);
    return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function quoted(text: string, separator: Separator): string {
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[], separator: Separator): string {
  return `${cells.map((cell) => quoted(plain(cell), separator)).join(separator)}\r\n`;
}

/** Bytes of text gathered before one write: fewer, larger writes, still a small buffer. */
const BATCH = 64 * 1024;

/** The whole file as text chunks: the BOM and header, then the rows in batches. */
export async function* csvChunks(header: readonly string[], rows: AsyncIterable<readonly Cell[]>, separator: Separator): AsyncGenerator<string> {
  let batch = BOM + csvLine(header, separator);
  for await (const row of rows) {
    batch += csvLine(row, separator);
    if (batch.length >= BATCH) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}
