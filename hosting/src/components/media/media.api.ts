import { api } from '../../api';
import type { UploadProgress } from '../../api/client';
import type { MediaItem, MediaPage, MediaPatch } from './media.types';

/** The media routes of the API (functions/src/media), used by the Files & Media tab. */

/** The list first reads the customer's Nextcloud folder; past this it is an error to retry, not a spinner. */
export const FILE_LIST_TIMEOUT_MS = 20_000;

export function listCustomerFiles(customerId: string, cursor: string | null, signal: AbortSignal): Promise<MediaPage> {
  return api.get<MediaPage>(`/crm/customers/${encodeURIComponent(customerId)}/files`, { query: { limit: 100, cursor }, signal });
}

export function uploadCustomerFile(
  customerId: string,
  file: File,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
  /** Files it under that installation's photos folder (Εγκαταστάσεις/<serial>/). */
  installationId?: string,
): Promise<MediaItem> {
  return api.upload<MediaItem>(`/crm/customers/${encodeURIComponent(customerId)}/files`, file, {
    query: { filename: file.name, ...(installationId ? { installation_id: installationId } : {}) },
    onProgress,
    ...(signal ? { signal } : {}),
  });
}

/** The file's bytes through the API, which holds the Nextcloud credentials. */
export function fetchMediaBlob(id: string, signal?: AbortSignal): Promise<{ blob: Blob; filename: string | null }> {
  return api.download(`/crm/media/${encodeURIComponent(id)}/download`, signal ? { signal } : {});
}

export function updateMedia(id: string, patch: MediaPatch): Promise<MediaItem> {
  return api.patch<MediaItem>(`/crm/media/${encodeURIComponent(id)}`, patch);
}

export function deleteMedia(id: string): Promise<void> {
  return api.delete(`/crm/media/${encodeURIComponent(id)}`);
}

/** Saves a blob under `filename` through a temporary link, the way a browser download does. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
