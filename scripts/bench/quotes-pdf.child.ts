/**
 * One cold render in a fresh process, for quotes.bench.ts: from before pdfmake and the fonts
 * are first loaded to the PDF bytes, as the first quote PDF after a function's cold start.
 */
import { sixtyLineQuote } from './quotes-fixture.js';

const input = sixtyLineQuote();
const started = performance.now();
const { renderQuotePdf } = await import('../../functions/src/quotes/quote-pdf.js');
const pdf = await renderQuotePdf(input);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, bytes: pdf.length, rss: process.memoryUsage().rss }));
