/**
 * An uploaded file as a header and rows of text: XLSX (by its ZIP signature) through exceljs,
 * anything else as CSV through csv-parse. A CSV's encoding is UTF-8 when its bytes are valid
 * UTF-8 (a BOM is dropped), else windows-1253, what Excel writes for "CSV" on a Greek Windows;
 * its separator is whichever of `;` `,` or tab the header line uses most.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { ApiError } from '../http/errors.js';

export interface ParsedFile {
  encoding: 'utf-8' | 'windows-1253' | 'xlsx';
  headers: string[];
  rows: string[][];
}

/** Rows an import takes at most (the bench is 10,000). */
export const MAX_ROWS = 20_000;

const notTabular = () =>
  new ApiError('unprocessable', 'The file is not a CSV or XLSX file', [{ path: 'file', message: 'is not a CSV or XLSX file' }]);

function decodeText(bytes: Buffer): { text: string; encoding: ParsedFile['encoding'] } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(body, 'windows-1253'), encoding: 'windows-1253' };
  }
}

function separatorOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [';', ',', '\t'].map((s) => [s, firstLine.split(s).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

function parseCsv(bytes: Buffer): ParsedFile {
  // A NUL byte never appears in text: a binary file that is not XLSX.
  if (bytes.subarray(0, 8192).includes(0)) throw notTabular();
  const { text, encoding } = decodeText(bytes);
  let records: string[][];
  try {
    records = parse(text, { delimiter: separatorOf(text), relax_column_count: true, skip_empty_lines: true, relax_quotes: false });
  } catch (error) {
    throw new ApiError('unprocessable', `The CSV file cannot be read: ${(error as Error).message}`, [{ path: 'file', message: 'is not well-formed CSV' }]);
  }
  return table(records, encoding);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('formula' in value) return `=${String(value.formula)}`;
    return '';
  }
  return String(value);
}

async function parseXlsx(bytes: Buffer): Promise<ParsedFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw notTabular();
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw notTabular();
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    records.push(cells);
  });
  return table(records, 'xlsx');
}

function table(records: string[][], encoding: ParsedFile['encoding']): ParsedFile {
  const [header, ...rows] = records;
  if (!header || header.every((h) => !h.trim())) {
    throw new ApiError('unprocessable', 'The file has no header row', [{ path: 'file', message: 'has no header row' }]);
  }
  if (rows.length > MAX_ROWS) {
    throw new ApiError('unprocessable', `The file has more than ${MAX_ROWS} rows`, [{ path: 'file', message: `has more than ${MAX_ROWS} rows` }]);
  }
  const headers = header.map((h, i) => h.trim() || `column ${i + 1}`);
  return { encoding, headers, rows: rows.map((row) => headers.map((_, i) => row[i] ?? '')) };
}

export function parseUpload(bytes: Buffer): Promise<ParsedFile> {
  if (bytes.length === 0) return Promise.reject(new ApiError('unprocessable', 'The file is empty', [{ path: 'file', message: 'is empty' }]));
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  return isZip ? parseXlsx(bytes) : Promise.resolve().then(() => parseCsv(bytes));
}
