import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { registerSecret } from '../shared/secrets.js';
import type { WhatsAppConfig } from './whatsapp.config.js';

/**
 * The few Graph API calls the CRM makes (WhatsApp Cloud API): a media object's URL, the media
 * bytes, sending a message, uploading media to send, and the approved templates. Every call
 * carries the access token as a bearer token and gives up after a timeout.
 */

const TIMEOUT_MS = 20_000;
const MEDIA_TIMEOUT_MS = 120_000;

/** A Graph API refusal, with Meta's error code and title when it gave them. */
export class GraphError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when Meta could not be reached. */
    readonly status: number,
    readonly code?: number,
    readonly title?: string,
  ) {
    super(message);
    this.name = 'GraphError';
  }

  /** Whether Meta refused the request itself (a retry with the same request would fail again). */
  get refused(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 429;
  }
}

const graphErrorBody = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    code: z.number().optional(),
    error_user_title: z.string().optional(),
    error_data: z.looseObject({ details: z.string().optional() }).optional(),
  }),
});

const mediaInfoSchema = z.looseObject({
  url: z.string().url(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  file_size: z.union([z.number(), z.string()]).optional(),
});
export type MediaInfo = z.infer<typeof mediaInfoSchema>;

const sendResultSchema = z.looseObject({
  messages: z.array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

const uploadResultSchema = z.looseObject({ id: z.string().min(1) });

const templateComponentSchema = z.looseObject({
  type: z.string(),
  format: z.string().optional(),
  text: z.string().optional(),
});
const templateSchema = z.looseObject({
  name: z.string(),
  language: z.string(),
  status: z.string(),
  category: z.string().optional(),
  components: z.array(templateComponentSchema).default([]),
});
export type GraphTemplate = z.infer<typeof templateSchema>;
const templatePageSchema = z.looseObject({
  data: z.array(templateSchema),
  paging: z.looseObject({ next: z.string().optional() }).optional(),
});

/** At most this many template pages are read (100 templates each). */
const MAX_TEMPLATE_PAGES = 10;

export class GraphClient {
  constructor(private readonly config: Pick<WhatsAppConfig, 'graphUrl' | 'accessToken' | 'phoneNumberId' | 'businessAccountId'>) {
    // Meta's errors may quote the token back; no answer or log line may.
    registerSecret(config.accessToken);
  }

  /** GET /{media-id}: the short-lived URL of an inbound media object. */
  async mediaInfo(mediaId: string): Promise<MediaInfo> {
    return mediaInfoSchema.parse(await this.json('GET', `/${encodeURIComponent(mediaId)}`));
  }

  /** GET the media URL with the bearer token: the bytes as a stream. */
  async downloadMedia(url: string): Promise<{ stream: Readable; size: number | null; contentType: string | null }> {
    const res = await this.fetch(url, { method: 'GET' }, MEDIA_TIMEOUT_MS);
    if (!res.ok || !res.body) throw await graphError(res);
    const length = Number(res.headers.get('content-length'));
    return {
      stream: Readable.fromWeb(res.body as WebReadableStream<Uint8Array>),
      size: Number.isFinite(length) && length > 0 ? length : null,
      contentType: res.headers.get('content-type'),
    };
  }

  /** POST /{phone-number-id}/messages: the new message's wamid. */
  async sendMessage(message: Record<string, unknown>): Promise<string> {
    this.need('phoneNumberId');
    const body = { messaging_product: 'whatsapp', recipient_type: 'individual', ...message };
    const result = sendResultSchema.parse(await this.json('POST', `/${encodeURIComponent(this.config.phoneNumberId)}/messages`, body));
    return result.messages[0]!.id;
  }

  /** POST /{phone-number-id}/media (multipart): an id to send the file by. */
  async uploadMedia(data: Buffer, mimeType: string, filename: string): Promise<string> {
    this.need('phoneNumberId');
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', mimeType);
    form.append('file', new Blob([new Uint8Array(data)], { type: mimeType }), filename);
    const url = `${this.config.graphUrl}/${encodeURIComponent(this.config.phoneNumberId)}/media`;
    const res = await this.fetch(url, { method: 'POST', body: form }, MEDIA_TIMEOUT_MS);
    if (!res.ok) throw await graphError(res);
    return uploadResultSchema.parse(await res.json()).id;
  }

  /** GET /{waba-id}/message_templates, every page. */
  async templates(): Promise<GraphTemplate[]> {
    this.need('businessAccountId');
    const all: GraphTemplate[] = [];
    let url: string | undefined =
      `${this.config.graphUrl}/${encodeURIComponent(this.config.businessAccountId)}/message_templates?fields=name,language,status,category,components&limit=100`;
    for (let page = 0; url && page < MAX_TEMPLATE_PAGES; page++) {
      const res: Response = await this.fetch(url, { method: 'GET' }, TIMEOUT_MS);
      if (!res.ok) throw await graphError(res);
      const parsed = templatePageSchema.parse(await res.json());
      all.push(...parsed.data);
      url = parsed.paging?.next;
    }
    return all;
  }

  private need(field: 'phoneNumberId' | 'businessAccountId'): void {
    if (this.config[field] === '') {
      const name = field === 'phoneNumberId' ? 'WHATSAPP_PHONE_NUMBER_ID' : 'WHATSAPP_BUSINESS_ACCOUNT_ID';
      throw new GraphError(`${name} is not set`, 0);
    }
  }

  private async json(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await this.fetch(
      `${this.config.graphUrl}${path}`,
      body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
      TIMEOUT_MS,
    );
    if (!res.ok) throw await graphError(res);
    return res.json();
  }

  private async fetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    if (this.config.accessToken === '') throw new GraphError('WHATSAPP_ACCESS_TOKEN is not set', 0);
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.config.accessToken}`);
    try {
      return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new GraphError(`The Graph API could not be reached: ${(err as Error).message}`, 0);
    }
  }
}

async function graphError(res: Response): Promise<GraphError> {
  const text = await res.text().catch(() => '');
  let parsed: z.infer<typeof graphErrorBody> | null;
  try {
    const result = graphErrorBody.safeParse(JSON.parse(text));
    parsed = result.success ? result.data : null;
  } catch {
    parsed = null;
  }
  const error = parsed?.error;
  const message = error?.error_data?.details ?? error?.message ?? `Graph API answered ${res.status}`;
  return new GraphError(message, res.status, error?.code, error?.error_user_title);
}
