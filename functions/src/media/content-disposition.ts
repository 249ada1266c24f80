/**
 * A Content-Disposition header for a download whose name may be Greek: a plain ASCII
 * `filename` for old clients and the exact name as RFC 5987 `filename*` (RFC 6266).
 */
export function contentDisposition(filename: string, inline = false): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Types a browser may show in the page (previews); anything else is always an attachment. */
const previewable = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function isPreviewable(mimeType: string | null): boolean {
  return mimeType !== null && previewable.has(mimeType.toLowerCase());
}
