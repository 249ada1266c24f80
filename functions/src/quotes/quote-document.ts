import type { Response } from 'express';
import { notFound } from '../http/errors.js';
import { contentDisposition } from '../media/content-disposition.js';
import { customerPath } from '../shared/collections.js';
import type { Doc, DocStore } from '../store/docstore.js';
import { quoteFileName } from './quote-format.js';
import { parseQuotePath } from './quote-paths.js';
import { renderQuotePdf } from './quote-pdf.js';
import type { QuoteDoc } from './quotes.schema.js';
import { readQuoteSettings } from './quotes.settings.js';

export interface QuoteFile {
  filename: string;
  content: Buffer;
}

/** The PDF of a stored quote, rendered from its document, its customer and the current letterhead. */
export async function quotePdf(store: DocStore, doc: Doc): Promise<QuoteFile> {
  const ids = parseQuotePath(doc.path);
  const customer = ids ? await store.get(customerPath(ids.customerId)) : null;
  if (!customer) throw notFound('Customer');
  const quote = doc.data as unknown as QuoteDoc;
  const content = await renderQuotePdf({ quote, customer: customer.data, settings: await readQuoteSettings(store) });
  return { filename: quoteFileName(quote.number, quote.revision), content };
}

export function sendPdf(res: Response, file: QuoteFile, inline: boolean): undefined {
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Length', String(file.content.length));
  res.setHeader('Content-Disposition', contentDisposition(file.filename, inline));
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.end(file.content);
  return undefined;
}
