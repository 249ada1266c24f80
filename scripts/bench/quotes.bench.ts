/**
 * The quote PDF (issue 20): a 60-line Greek quote rendered by pdfmake with embedded DejaVu
 * Sans, warm (p50/p95 over repeated renders in one process, target p95 < 500 ms), the first
 * render after a cold start (fresh processes that load pdfmake and the fonts on first use, as
 * a function instance does), and memory (RSS and heap growth over the warm renders).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { renderQuotePdf } from '../../functions/src/quotes/quote-pdf.js';
import type { Bench } from './run.js';
import { sixtyLineQuote } from './quotes-fixture.js';
import { fmt, line, percentile, sample } from './stats.js';

const WARM_RUNS = 30;
const COLD_RUNS = 5;

const bench: Bench = {
  name: 'quotes',
  async run() {
    const cold: number[] = [];
    let coldRss = 0;
    for (let i = 0; i < COLD_RUNS; i++) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'quotes-pdf.child.ts')], { encoding: 'utf8' });
      const result = JSON.parse(out) as { ms: number; bytes: number; rss: number };
      cold.push(result.ms);
      coldRss = Math.max(coldRss, result.rss);
    }
    line('first render, fresh process (60 lines)', { p50: fmt(percentile(cold, 50)), max: fmt(Math.max(...cold)), runs: COLD_RUNS, rss: `${(coldRss / 2 ** 20).toFixed(0)} MiB` });

    const input = sixtyLineQuote();
    const heapBefore = process.memoryUsage().heapUsed;
    let bytes = 0;
    const warm = await sample(WARM_RUNS, async () => {
      bytes = (await renderQuotePdf(input)).length;
    });
    const memory = process.memoryUsage();
    line('warm render (60 lines)', {
      p50: fmt(percentile(warm, 50)),
      p95: fmt(percentile(warm, 95)),
      target_p95: '500 ms',
      runs: WARM_RUNS,
      pdf: `${(bytes / 1024).toFixed(0)} KiB`,
    });
    line('memory after warm renders', {
      rss: `${(memory.rss / 2 ** 20).toFixed(0)} MiB`,
      heap_growth: `${((memory.heapUsed - heapBefore) / 2 ** 20).toFixed(1)} MiB`,
    });
  },
};

export default bench;
