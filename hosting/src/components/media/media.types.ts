/** A file in crm_media as the API sends it (functions/src/media/media.schema.ts). */
export const mediaDirections = ['received', 'sent', 'internal'] as const;
export type MediaDirection = (typeof mediaDirections)[number];

export interface MediaItem {
  id: string;
  customer_id: string | null;
  order_id: string | null;
  product_id: string | null;
  filename: string;
  nextcloud_path: string;
  mime_type: string | null;
  direction: MediaDirection | null;
  tags: string[];
  size: number | null;
  uploaded_by: string | null;
  uploaded_by_uid: string | null;
  created_at: string;
  updated_at: string;
}

export interface MediaPage {
  files: MediaItem[];
  next_cursor: string | null;
}

/** PATCH /crm/media/:id: only the given fields change. */
export interface MediaPatch {
  filename?: string;
  tags?: string[];
  direction?: MediaDirection;
}

/** Types the browser shows in the page, as the API serves them inline. */
export type PreviewKind = 'image' | 'pdf';

const imageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function previewKind(mimeType: string | null): PreviewKind | null {
  const type = mimeType?.toLowerCase() ?? '';
  if (imageTypes.has(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  return null;
}

/** "a, b ,, c" → ['a', 'b', 'c'], each once. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}
