import type { EmailEntry } from './mail.api';

/**
 * The document a message's HTML is shown in: a sandboxed iframe (no scripts, no same origin)
 * whose Content-Security-Policy lets images load only from data: URLs (the stored inline parts)
 * until the user asks for remote images. The HTML itself was sanitised by the server.
 */
export function emailDocument(html: string, options: { remoteImages: boolean; inline: Record<string, string> }): string {
  const withInline = html.replace(/(<img\b[^>]*\bsrc=")cid:([^"]+)(")/gi, (whole, start: string, cid: string, end: string) => {
    const data = options.inline[decodeEntities(cid)];
    return data ? `${start}${data}${end}` : whole;
  });
  const images = options.remoteImages ? 'data: https: http:' : 'data:';
  const csp = `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'; font-src data:`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><base target="_blank"><style>body{font-family:system-ui,sans-serif;font-size:14px;margin:8px;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${withInline}</body></html>`;
}

/** Whether the HTML asks for images from the network (the "show images" button appears only then). */
export function hasRemoteImages(html: string): boolean {
  return /<img\b[^>]*\bsrc="https?:/i.test(html);
}

function decodeEntities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
}

export interface EmailThread {
  id: string;
  subject: string;
  latest: EmailEntry;
  count: number;
}

/** A customer's emails as threads, newest activity first (entries come newest first). */
export function groupThreads(entries: EmailEntry[]): EmailThread[] {
  const threads = new Map<string, EmailThread>();
  for (const entry of entries) {
    const id = entry.thread_id ?? entry.id;
    const thread = threads.get(id);
    if (thread) thread.count++;
    else threads.set(id, { id, subject: entry.subject ?? '', latest: entry, count: 1 });
  }
  return [...threads.values()];
}
