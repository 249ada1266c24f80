import type { Readable } from 'node:stream';
import type { AuthUser } from '../auth/auth.types.js';
import type { CommsLog } from '../comms/comms.log.js';
import type { CommsEntry } from '../comms/comms.schema.js';
import { readContact } from '../customers/customer-read.js';
import { CUSTOMERS } from '../shared/collections.js';
import type { AppDeps } from '../app/deps.js';
import { ApiError, notFound, unprocessable } from '../http/errors.js';
import { MediaService, storageApiError } from '../media/media.service.js';
import { actorOf } from '../shared/actor.js';
import type { WhatsAppConfig } from './whatsapp.config.js';
import { GraphClient, GraphError, type GraphTemplate } from './whatsapp.graph.js';
import type { WhatsAppRepositories } from './whatsapp.media.js';
import { logWhatsApp } from './whatsapp.process.js';
import { WINDOW_MS, type TemplateSummary, type TemplatesAnswer, type WhatsAppSend, type WindowInfo } from './whatsapp.schema.js';

export type WhatsAppServiceDeps = Pick<AppDeps, 'sql' | 'store' | 'clock' | 'logger' | 'files' | 'whatsapp'>;

/** Templates read from Meta are used this long before they are read again. */
const TEMPLATE_TTL_MS = 15 * 60_000;
/** Meta takes documents up to 100 MB; we read at most this much of a file into memory to send it. */
const MAX_SEND_BYTES = 64 * 1024 * 1024;
/** How many of the customer's latest inbound WhatsApp messages are searched for the recipient's last one. */
const RECENT_INBOUND = 50;
/** Meta's code for "outside the 24-hour window" (re-engagement message). */
const OUTSIDE_WINDOW_CODE = 131047;

const placeholder = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/**
 * Replies to customers on WhatsApp: text and the customer's files inside the 24-hour
 * customer-service window, approved templates at any time. Every message sent is logged with
 * its wamid, so the statuses Meta sends land on it.
 */
export class WhatsAppService {
  constructor(
    private readonly deps: WhatsAppServiceDeps,
    private readonly comms: CommsLog,
    private readonly repos: WhatsAppRepositories,
  ) {}

  /**
   * The connection, for sending: unconfigured is the request's dead end (422, nothing sent),
   * not the server's failure; a write route answers 5xx only for what a retry may fix.
   */
  private get config(): WhatsAppConfig {
    if (!this.deps.whatsapp) throw unprocessable('WhatsApp is not connected on this server: nothing was sent');
    return this.deps.whatsapp;
  }

  async window(customerId: string): Promise<WindowInfo> {
    const numbers = await this.customerNumbers(customerId);
    const recent = await this.recentInbound(customerId);
    const to = recent[0]?.address ?? numbers[0] ?? null;
    const last = to ? (recent.find((entry) => entry.address === to) ?? null) : null;
    const ends = last ? new Date(last.occurred_at.getTime() + WINDOW_MS) : null;
    return {
      configured: this.deps.whatsapp !== undefined,
      to,
      last_inbound_at: last?.occurred_at.toISOString() ?? null,
      window_open: ends !== null && ends > this.deps.clock.now(),
      window_ends_at: ends?.toISOString() ?? null,
    };
  }

  async templates(refresh: boolean): Promise<TemplatesAnswer> {
    if (!this.deps.whatsapp) return { configured: false, templates: [], fetched_at: null, stale: false };
    const { templates, fetched_at, stale } = await this.loadTemplates(refresh);
    return { configured: true, templates: templates.filter((t) => t.status === 'APPROVED').map(summarise), fetched_at: fetched_at.toISOString(), stale };
  }

  async send(customerId: string, body: WhatsAppSend, user: AuthUser): Promise<CommsEntry> {
    const numbers = await this.customerNumbers(customerId);
    const config = this.config;
    const recent = await this.recentInbound(customerId);
    const to = body.to ?? recent[0]?.address ?? numbers[0];
    if (!to) {
      throw unprocessable('The customer has no phone number to send a WhatsApp message to', [{ path: 'to', message: 'no number' }]);
    }
    const graph = new GraphClient(config);
    let message: Record<string, unknown>;
    let text: string | null;
    let details: Record<string, unknown>;
    let attachments: { filename: string; nextcloud_path: string }[] = [];
    if (body.type === 'template') {
      const template = await this.approvedTemplate(body.name, body.language);
      const summary = summarise(template);
      if (summary.parameters.length !== body.parameters.length) {
        throw unprocessable(`Template ${body.name} takes ${summary.parameters.length} parameter(s), ${body.parameters.length} given`, [
          { path: 'parameters', message: `needs ${summary.parameters.length}` },
        ]);
      }
      const named = summary.parameters.some((p) => !/^\d+$/.test(p));
      message = {
        to: digits(to),
        type: 'template',
        template: {
          name: body.name,
          language: { code: body.language },
          ...(body.parameters.length > 0
            ? {
                components: [
                  {
                    type: 'body',
                    parameters: body.parameters.map((value, i) => ({ type: 'text', text: value, ...(named ? { parameter_name: summary.parameters[i] } : {}) })),
                  },
                ],
              }
            : {}),
        },
      };
      text = fill(summary.body, summary.parameters, body.parameters);
      details = { wa_type: 'template', template: { name: body.name, language: body.language, parameters: body.parameters } };
    } else {
      this.requireWindow(recent, to);
      const context = body.reply_to ? { context: { message_id: body.reply_to } } : {};
      if (body.type === 'text') {
        message = { to: digits(to), type: 'text', text: { preview_url: false, body: body.text }, ...context };
        text = body.text;
        details = { wa_type: 'text' };
      } else {
        const media = new MediaService(this.deps, this.repos.media);
        const record = await media.get(body.media_id);
        if (record.customer_id !== customerId) {
          throw unprocessable(`File ${body.media_id} is not one of this customer's files`, [{ path: 'media_id', message: 'not this customer’s file' }]);
        }
        const { download } = await media.download(record.id);
        const data = await readAll(download.stream, MAX_SEND_BYTES);
        const mime = record.mime_type ?? download.contentType ?? 'application/octet-stream';
        const kind = whatsappKindOf(mime);
        const uploadedId = await graph.uploadMedia(data, mime, record.filename).catch((err: unknown) => {
          throw graphApiError(err);
        });
        message = {
          to: digits(to),
          type: kind,
          [kind]: {
            id: uploadedId,
            ...(body.caption && kind !== 'audio' ? { caption: body.caption } : {}),
            ...(kind === 'document' ? { filename: record.filename } : {}),
          },
          ...context,
        };
        text = body.caption ?? (kind === 'document' ? record.filename : null);
        details = {
          wa_type: kind,
          media: { status: 'stored', crm_media_id: record.id, nextcloud_path: record.nextcloud_path, filename: record.filename, mime_type: mime, size: record.size },
        };
        attachments = [{ filename: record.filename, nextcloud_path: record.nextcloud_path }];
      }
      if (body.reply_to) details.context = { id: body.reply_to };
    }
    const wamid = await graph.sendMessage(message).catch((err: unknown) => {
      throw graphApiError(err);
    });
    const actor = actorOf(user);
    // A status that raced ahead of this write waits in whatsapp_pending: logWhatsApp takes it in.
    const { entry } = await logWhatsApp(this.repos.whatsapp, this.comms, {
      type: 'whatsapp',
      direction: 'outbound',
      customer_id: customerId,
      address: to,
      ext_message_id: wamid,
      body: text,
      attachments,
      occurred_at: this.deps.clock.now(),
      logged_by: actor.name,
      logged_by_uid: actor.uid,
      // Meta accepted it; its own "sent" status follows on the webhook.
      delivery_status: 'pending',
      details,
    });
    return entry;
  }

  private requireWindow(recent: CommsEntry[], to: string): void {
    const last = recent.find((entry) => entry.address === to);
    const now = this.deps.clock.now().getTime();
    if (last && last.occurred_at.getTime() + WINDOW_MS > now) return;
    const since = last ? ` (the customer last wrote from ${to} at ${last.occurred_at.toISOString()})` : ` (the customer has not written from ${to} yet)`;
    throw unprocessable(
      `The 24-hour customer-service window is closed${since}: only an approved template can be sent until the customer writes again`,
      [{ path: 'type', message: 'outside the 24-hour window: send a template' }],
    );
  }

  private async approvedTemplate(name: string, language: string): Promise<GraphTemplate> {
    const find = (list: GraphTemplate[]) => list.find((t) => t.name === name && t.language === language && t.status === 'APPROVED');
    let { templates } = await this.loadTemplates(false);
    let found = find(templates);
    // A template approved since the cache was filled.
    if (!found) ({ templates } = await this.loadTemplates(true));
    found = find(templates);
    if (!found) {
      throw unprocessable(`No approved template ${name} in language ${language}`, [{ path: 'name', message: 'no such approved template' }]);
    }
    return found;
  }

  private async loadTemplates(refresh: boolean): Promise<{ templates: GraphTemplate[]; fetched_at: Date; stale: boolean }> {
    const config = this.config;
    if (config.businessAccountId === '') throw unprocessable('WHATSAPP_BUSINESS_ACCOUNT_ID is not set: templates cannot be read');
    const repo = this.repos.whatsapp;
    const cached = await repo.cachedTemplates(config.businessAccountId);
    const now = this.deps.clock.now();
    if (cached && !refresh && now.getTime() - cached.fetched_at.getTime() < TEMPLATE_TTL_MS) return { ...cached, stale: false };
    try {
      const templates = await new GraphClient(config).templates();
      await repo.saveTemplates(config.businessAccountId, templates, now);
      return { templates, fetched_at: now, stale: false };
    } catch (err) {
      if (!cached) throw graphApiError(err);
      this.deps.logger.warn('whatsapp templates could not be read; using the cached ones', { error: (err as Error).message });
      return { ...cached, stale: true };
    }
  }

  /** The customer's WhatsApp numbers first, then the primary phone, then other phones (E.164). */
  private async customerNumbers(customerId: string): Promise<string[]> {
    const doc = await this.deps.store.get(`${CUSTOMERS}/${customerId}`);
    if (!doc) throw notFound(`Customer ${customerId}`);
    const contacts = (Array.isArray(doc.data.contacts) ? (doc.data.contacts as Record<string, unknown>[]) : []).map((c, i) => readContact(c, i));
    const rank = (c: (typeof contacts)[number]) => (c.type === 'whatsapp' ? 0 : c.primary ? 1 : 2);
    const numbers = contacts
      .filter((c) => c.e164)
      .sort((a, b) => rank(a) - rank(b))
      .map((c) => c.e164!);
    return [...new Set(numbers)];
  }

  private async recentInbound(customerId: string): Promise<CommsEntry[]> {
    const rows = await this.comms.list({ customer_id: customerId, types: ['whatsapp'], direction: 'inbound' }, RECENT_INBOUND);
    return rows.map((row) => row.entry);
  }
}

function summarise(template: GraphTemplate): TemplateSummary {
  const part = (type: string) => template.components.find((c) => c.type.toUpperCase() === type)?.text ?? null;
  const body = part('BODY') ?? '';
  const parameters: string[] = [];
  for (const match of body.matchAll(placeholder)) if (!parameters.includes(match[1]!)) parameters.push(match[1]!);
  return { name: template.name, language: template.language, category: template.category ?? null, header: part('HEADER'), body, footer: part('FOOTER'), parameters };
}

/** The template's body as the customer reads it, for the log. */
function fill(body: string, names: string[], values: string[]): string {
  return body.replace(placeholder, (whole, name: string) => {
    const i = names.indexOf(name);
    return i >= 0 && values[i] !== undefined ? values[i] : whole;
  });
}

function digits(e164: string): string {
  return e164.replace(/^\+/, '');
}

/** How Meta takes a file: images and videos it can show, audio, else a document. */
function whatsappKindOf(mime: string): 'image' | 'video' | 'audio' | 'document' {
  const type = mime.split(';')[0]!.trim().toLowerCase();
  if (type === 'image/jpeg' || type === 'image/png') return 'image';
  if (type === 'video/mp4' || type === 'video/3gpp') return 'video';
  if (['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'].includes(type)) return 'audio';
  return 'document';
}

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > limit) {
        stream.destroy();
        throw new ApiError('payload_too_large', `The file is larger than the ${limit} bytes WhatsApp sending allows here`);
      }
      chunks.push(buffer);
    }
  } catch (err) {
    throw storageApiError(err);
  }
  return Buffer.concat(chunks);
}

/** Meta refused (422 with its reason; outside the window says so) or could not be reached (503). */
function graphApiError(err: unknown): unknown {
  if (!(err instanceof GraphError)) return err;
  if (err.code === OUTSIDE_WINDOW_CODE) {
    return unprocessable('The 24-hour customer-service window is closed: only an approved template can be sent', [
      { path: 'type', message: 'outside the 24-hour window: send a template' },
    ]);
  }
  if (err.refused) return unprocessable(`WhatsApp refused the message: ${err.message}${err.code ? ` (code ${err.code})` : ''}`);
  return new ApiError('unavailable', `WhatsApp could not be reached: ${err.message}`);
}
