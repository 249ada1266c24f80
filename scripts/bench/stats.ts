/** Small helpers shared by the benchmarks. */

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Runs fn `times` times (after `warmup` unmeasured runs) and returns each duration in ms. */
export async function sample(times: number, fn: (i: number) => Promise<unknown>, warmup = 5): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await fn(i);
    out.push(performance.now() - start);
  }
  return out;
}

export function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

export function line(label: string, values: Record<string, string | number>): void {
  const parts = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  console.log(`${label.padEnd(44)} ${parts.join('  ')}`);
}
