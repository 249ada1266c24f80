/** A file in crm_media as the API sends it, from its response schema (functions/src/media/media.schema.ts). */
import type { mediaPageSchema, mediaRecordSchema } from '@functions/media/media.schema';
import type { MediaDirection } from '@functions/media/media.enums';
import type { Wire } from '@functions/shared/wire';

export { mediaDirections, type MediaDirection } from '@functions/media/media.enums';

export type MediaItem = Wire<typeof mediaRecordSchema>;
export type MediaPage = Wire<typeof mediaPageSchema>;

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
