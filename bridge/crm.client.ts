/**
 * The bridge's only way out: signed HTTPS requests to the CRM. Nothing at the office listens
 * for the internet; click-to-call requests come back as answers to a long poll.
 */
import { signedHeaders } from '../functions/src/calls/calls.signature.js';
import type { BridgeStatus, OriginateRequest } from '../functions/src/calls/calls.schema.js';

export class CrmError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export class CrmClient {
  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  /** Delivers one call; resolves on 2xx, rejects otherwise. */
  async deliver(callJson: string, status: BridgeStatus): Promise<void> {
    await this.post(this.url, `{"call":${callJson},"bridge":${JSON.stringify(status)}}`, 15_000);
  }

  /** Waits (up to waitSeconds) for click-to-call requests, reporting what became of earlier ones. */
  async poll(
    status: BridgeStatus,
    waitSeconds: number,
    results: { id: string; ok: boolean; message?: string }[],
    signal?: AbortSignal,
  ): Promise<OriginateRequest[]> {
    const body = JSON.stringify({ bridge: status, wait_seconds: waitSeconds, results });
    const text = await this.post(`${this.url.replace(/\/$/, '')}/originate`, body, (waitSeconds + 15) * 1000, signal);
    const parsed = JSON.parse(text) as { requests?: OriginateRequest[] };
    return Array.isArray(parsed.requests) ? parsed.requests : [];
  }

  private async post(url: string, body: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...signedHeaders(this.secret, body, new Date()) },
        body,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new CrmError(`CRM unreachable: ${(err as Error).message}`, null);
    }
    const text = await res.text();
    if (!res.ok) throw new CrmError(`CRM answered ${res.status}: ${text.slice(0, 200)}`, res.status);
    return text;
  }
}
