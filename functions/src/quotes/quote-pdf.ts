import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import type { DocData } from '../store/docstore.js';
import { dayMonthYear } from './quote-days.js';
import { formatEuros, formatPercent, pdfLabels } from './quote-format.js';
import type { QuoteDoc } from './quotes.schema.js';
import type { QuoteSettings } from './quotes.settings.js';

/**
 * The quote as an A4 PDF, laid out by pdfmake with DejaVu Sans from the `dejavu-fonts-ttf`
 * package: resolved from node_modules at run time, so the font ships with the deployed
 * functions and never depends on the machine's fonts. pdfmake embeds only the glyphs used
 * (a subset), and text stays text, so `pdftotext` reads every Greek word back.
 */

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fonts = {
  DejaVuSans: {
    normal: join(fontDir, 'DejaVuSans.ttf'),
    bold: join(fontDir, 'DejaVuSans-Bold.ttf'),
    italics: join(fontDir, 'DejaVuSans-Oblique.ttf'),
    bolditalics: join(fontDir, 'DejaVuSans-BoldOblique.ttf'),
  },
};

type PdfMake = typeof import('pdfmake');
let pdfmake: PdfMake | undefined;

/** pdfmake loads on the first render, not at cold start; it may read the font files and nothing else. */
async function loadPdfMake(): Promise<PdfMake> {
  if (pdfmake) return pdfmake;
  const loaded = ((await import('pdfmake')) as unknown as { default: PdfMake }).default;
  loaded.setFonts(fonts);
  loaded.setUrlAccessPolicy(() => false);
  loaded.setLocalAccessPolicy((path) => path.startsWith(fontDir));
  pdfmake = loaded;
  return loaded;
}

export interface QuotePdfInput {
  quote: QuoteDoc;
  customer: DocData;
  settings: QuoteSettings;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function customerBlock(customer: DocData): string[] {
  const title = text(customer.title);
  const contacts = Array.isArray(customer.contacts) ? (customer.contacts as DocData[]) : [];
  const location = (customer.location ?? {}) as DocData;
  const place = [text(location.city), text(location.region), text(location.country)].filter(Boolean).join(', ');
  const email = contacts.find((c) => c.type === 'email');
  const phone = contacts.find((c) => c.type === 'phone' || c.type === 'mobile');
  return [`${title ? `${title} ` : ''}${text(customer.name)}`, text(customer.organization), place, text(phone?.value), text(email?.value)].filter(Boolean);
}

export function quoteDocDefinition({ quote, customer, settings }: QuotePdfInput): TDocumentDefinitions {
  const l = pdfLabels[quote.language];
  const money = (cents: number) => formatEuros(cents, quote.language);
  const { company } = settings;
  const companyLines = [
    company.address,
    [company.vat_number && `${l.vatNumber}: ${company.vat_number}`, company.tax_office && `${l.taxOffice}: ${company.tax_office}`].filter(Boolean).join(' · '),
    [company.phone && `${l.phone} ${company.phone}`, company.email].filter(Boolean).join(' · '),
  ].filter(Boolean);

  const header: TableCell[] = [l.no, l.description, l.quantity, l.unitPrice, l.discount, l.vat, l.net].map((label, i) => ({
    text: label,
    style: 'th',
    alignment: i >= 2 ? 'right' : 'left',
  }));
  const rows: TableCell[][] = quote.lines.map((line, i) => [
    String(i + 1),
    line.description,
    { text: String(line.quantity), alignment: 'right' },
    { text: money(line.unit_price_cents), alignment: 'right' },
    { text: line.discount_percent ? formatPercent(line.discount_percent, quote.language) : '—', alignment: 'right' },
    { text: formatPercent(line.vat_rate, quote.language), alignment: 'right' },
    { text: money(line.net_cents), alignment: 'right' },
  ]);

  const totals: TableCell[][] = [
    ...(quote.discount_percent ? [[l.quoteDiscount, { text: formatPercent(quote.discount_percent, quote.language), alignment: 'right' as const }]] : []),
    [l.totalNet, { text: money(quote.totals.net_cents), alignment: 'right' }],
    [l.totalVat, { text: money(quote.totals.vat_cents), alignment: 'right' }],
    [{ text: l.total, bold: true }, { text: money(quote.totals.gross_cents), alignment: 'right', bold: true }],
  ];

  const terms: Content[] = [
    { text: l.validity(dayMonthYear(quote.valid_until)), margin: [0, 12, 0, 4] },
    ...(quote.payment_terms ? [{ text: [{ text: `${l.paymentTerms}: `, bold: true }, quote.payment_terms], margin: [0, 2, 0, 2] } as Content] : []),
    ...(quote.delivery_time ? [{ text: [{ text: `${l.deliveryTime}: `, bold: true }, quote.delivery_time], margin: [0, 2, 0, 2] } as Content] : []),
    ...(quote.customer_note ? [{ text: quote.customer_note, margin: [0, 8, 0, 0] } as Content] : []),
  ];

  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    defaultStyle: { font: 'DejaVuSans', fontSize: 9 },
    info: { title: `${quote.number}${quote.revision > 1 ? ` v${quote.revision}` : ''}`, author: company.name, creator: 'BellSystems CRM' },
    footer: (page: number, pages: number) => ({ text: l.page(page, pages), alignment: 'center', fontSize: 8, margin: [0, 20, 0, 0] }),
    content: [
      {
        columns: [
          [
            ...(company.logo ? [{ image: company.logo, fit: [120, 60] as [number, number], margin: [0, 0, 0, 6] as [number, number, number, number] }] : []),
            { text: company.name, style: 'company' },
            ...companyLines.map((line) => ({ text: line })),
          ],
          {
            width: 200,
            stack: [
              { text: l.title, style: 'title' },
              { text: `${l.number}: ${quote.number}` },
              ...(quote.revision > 1 ? [{ text: `${l.revision}: v${quote.revision}` }] : []),
              { text: `${l.issued}: ${dayMonthYear(quote.issue_date)}` },
              { text: `${l.validUntil}: ${dayMonthYear(quote.valid_until)}` },
            ],
            alignment: 'right',
          },
        ],
      },
      { text: `${l.to}:`, bold: true, margin: [0, 18, 0, 2] },
      ...customerBlock(customer).map((line) => ({ text: line })),
      {
        margin: [0, 16, 0, 0],
        table: { headerRows: 1, dontBreakRows: true, widths: [22, '*', 32, 62, 38, 32, 66], body: [header, ...rows] },
        layout: 'lightHorizontalLines',
      },
      {
        columns: [
          {
            width: '*',
            margin: [0, 12, 12, 0],
            table: {
              headerRows: 1,
              widths: ['auto', 'auto', 'auto'],
              body: [
                [
                  { text: l.vatRate, style: 'th' },
                  { text: l.base, style: 'th', alignment: 'right' },
                  { text: l.vat, style: 'th', alignment: 'right' },
                ],
                ...quote.totals.vat_breakdown.map((r): TableCell[] => [
                  formatPercent(r.rate, quote.language),
                  { text: money(r.base_cents), alignment: 'right' },
                  { text: money(r.vat_cents), alignment: 'right' },
                ]),
              ],
            },
            layout: 'lightHorizontalLines',
          },
          { width: 220, margin: [0, 12, 0, 0], table: { widths: ['*', 'auto'], body: totals }, layout: 'noBorders' },
        ],
      },
      ...terms,
    ],
    styles: {
      company: { fontSize: 13, bold: true, margin: [0, 0, 0, 4] },
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      th: { bold: true, fillColor: '#eeeeee' },
    },
  };
}

export async function renderQuotePdf(input: QuotePdfInput): Promise<Buffer> {
  const pdf = await loadPdfMake();
  return pdf.createPdf(quoteDocDefinition(input)).getBuffer();
}
