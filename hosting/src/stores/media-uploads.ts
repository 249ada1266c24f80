import { defineStore } from 'pinia';
import { markRaw, ref } from 'vue';
import type { UploadProgress } from '../api/client';
import type { MediaItem } from '../components/media/media.types';
import { uploadCustomerFile } from '../components/media/media.api';

export type UploadStatus = 'waiting' | 'uploading' | 'failed';

export interface UploadTask {
  id: number;
  customerId: string;
  name: string;
  loaded: number;
  total: number;
  status: UploadStatus;
  error: Error | null;
  file: File;
}

type UploadedListener = (customerId: string, file: MediaItem) => void;

/**
 * The upload queue of customer files, one file at a time. It lives in a store rather than in the
 * Files & Media tab so that an upload goes on while the user looks at another tab; the tab shows
 * its customer's tasks and hears of each finished file. A finished task leaves the queue; a failed
 * one stays, with the server's reason, until dismissed.
 */
export const useMediaUploadsStore = defineStore('media-uploads', () => {
  const tasks = ref<UploadTask[]>([]);
  const listeners = new Set<UploadedListener>();
  let nextId = 1;
  let running = false;

  function add(customerId: string, files: readonly File[]): void {
    for (const file of files) {
      // Raw: XMLHttpRequest.send needs the File itself, not a reactive proxy of it.
      tasks.value.push({ id: nextId++, customerId, name: file.name, loaded: 0, total: file.size, status: 'waiting', error: null, file: markRaw(file) });
    }
    void run();
  }

  async function run(): Promise<void> {
    if (running) return;
    running = true;
    try {
      for (let task = nextWaiting(); task; task = nextWaiting()) await upload(task);
    } finally {
      running = false;
    }
  }

  function nextWaiting(): UploadTask | undefined {
    return tasks.value.find((task) => task.status === 'waiting');
  }

  async function upload(task: UploadTask): Promise<void> {
    task.status = 'uploading';
    try {
      const item = await uploadCustomerFile(task.customerId, task.file, (progress: UploadProgress) => {
        task.loaded = progress.loaded;
        task.total = progress.total;
      });
      tasks.value = tasks.value.filter((t) => t.id !== task.id);
      for (const listener of listeners) listener(task.customerId, item);
    } catch (e) {
      task.status = 'failed';
      task.error = e instanceof Error ? e : new Error(String(e));
    }
  }

  function dismiss(id: number): void {
    tasks.value = tasks.value.filter((task) => task.id !== id || task.status !== 'failed');
  }

  /** Calls `listener` for every file uploaded; returns the unsubscribe function. */
  function onUploaded(listener: UploadedListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { tasks, add, dismiss, onUploaded };
});
