/**
 * A local HTTP server standing in for Meta's Graph API (Meta cannot be reached from tests):
 * media lookups and downloads, sending, media uploads and message templates, each checking
 * the bearer token, as the WhatsApp Cloud API documents them.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  body: Record<string, unknown>;
  wamid: string;
}

export interface GraphStandIn {
  /** Base URL with the version path, for WHATSAPP_GRAPH_URL. */
  graphUrl: string;
  token: string;
  /** Media the stand-in serves, by media id. */
  media: Map<string, { data: Buffer; mime: string }>;
  /** Media ids whose download fails this many more times (HTTP 500). */
  failDownloads: Map<string, number>;
  sent: SentMessage[];
  uploads: { size: number; type: string | null }[];
  templates: Record<string, unknown>[];
  templateReads: number;
  /** The wamids the next sends get, in order (else made up). */
  nextWamids: string[];
  /** Meta's error body for the next send, once. */
  refuseNextSend: { status: number; error: Record<string, unknown> } | null;
  stop(): Promise<void>;
}

export async function startGraphStandIn(token = 'test-access-token'): Promise<GraphStandIn> {
  let sendCount = 0;
  const state = {
    media: new Map<string, { data: Buffer; mime: string }>(),
    failDownloads: new Map<string, number>(),
    sent: [] as SentMessage[],
    uploads: [] as { size: number; type: string | null }[],
    templates: [] as Record<string, unknown>[],
    templateReads: 0,
    nextWamids: [] as string[],
    refuseNextSend: null as GraphStandIn['refuseNextSend'],
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== `Bearer ${token}`) {
        json(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts[0] === 'bytes' && req.method === 'GET') {
        const id = decodeURIComponent(parts[1] ?? '');
        const failing = state.failDownloads.get(id) ?? 0;
        if (failing > 0) {
          state.failDownloads.set(id, failing - 1);
          json(500, { error: { message: 'temporarily unavailable' } });
          return;
        }
        const item = state.media.get(id);
        if (!item) return json(404, { error: { message: 'no such media', code: 100 } });
        res.writeHead(200, { 'content-type': item.mime, 'content-length': item.data.length });
        res.end(item.data);
        return;
      }
      if (parts[0] !== 'v23.0') return json(404, { error: { message: 'unknown path' } });
      const [, id, edge] = parts;
      if (req.method === 'GET' && id && !edge) {
        const item = state.media.get(decodeURIComponent(id));
        if (!item) return json(404, { error: { message: 'Unsupported get request', code: 100 } });
        const address = server.address() as AddressInfo;
        return json(200, {
          messaging_product: 'whatsapp',
          url: `http://127.0.0.1:${address.port}/bytes/${encodeURIComponent(id)}`,
          mime_type: item.mime,
          sha256: 'not-checked',
          file_size: item.data.length,
          id,
        });
      }
      if (req.method === 'POST' && edge === 'messages') {
        if (state.refuseNextSend) {
          const refusal = state.refuseNextSend;
          state.refuseNextSend = null;
          return json(refusal.status, { error: refusal.error });
        }
        const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        const wamid = state.nextWamids.shift() ?? `wamid.OUT${++sendCount}`;
        state.sent.push({ body: parsed, wamid });
        return json(200, { messaging_product: 'whatsapp', contacts: [{ input: parsed.to, wa_id: parsed.to }], messages: [{ id: wamid }] });
      }
      if (req.method === 'POST' && edge === 'media') {
        state.uploads.push({ size: body.length, type: req.headers['content-type'] ?? null });
        return json(200, { id: `upload-${state.uploads.length}` });
      }
      if (req.method === 'GET' && edge === 'message_templates') {
        state.templateReads++;
        return json(200, { data: state.templates, paging: { cursors: { before: 'a', after: 'b' } } });
      }
      json(404, { error: { message: 'unknown path' } });
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    graphUrl: `http://127.0.0.1:${port}/v23.0`,
    token,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
