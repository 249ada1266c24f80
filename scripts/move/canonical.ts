import { createHash } from 'node:crypto';

/** JSON with sorted keys and dates as ISO strings, so equal content hashes equally on either side. */
export function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return JSON.stringify(Buffer.from(value as Uint8Array).toString('base64'));
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export class Digest {
  private readonly hash = createHash('sha256');
  count = 0;

  add(value: unknown): void {
    this.hash.update(canonical(value));
    this.hash.update('\n');
    this.count += 1;
  }

  result(): { count: number; hash: string } {
    return { count: this.count, hash: this.hash.digest('hex') };
  }
}
