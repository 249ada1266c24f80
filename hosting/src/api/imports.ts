/** Imports as the API speaks them (functions/src/imports/import.schema.ts). */
import type { importRunResultSchema, importSchema } from '@functions/imports/import.schema';
import type { Wire } from '@functions/shared/wire';
import type { ApiClient } from './client';

export { importKinds, matchChoices, type ImportKind, type MatchChoice } from '@functions/imports/import.enums';

export type ImportView = Wire<typeof importSchema>;
export type ImportRow = ImportView['rows'][number];
export type ImportRunResult = Wire<typeof importRunResultSchema>;

/** A multipart body by hand: the client's upload sends one Blob (and reports progress), and the kind goes beside the file. */
function multipart(file: File, kind: string): { body: Blob; contentType: string } {
  const boundary = `----crm-import-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const asciiName = file.name.replace(/[^\x20-\x7e]|"/g, '_');
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.name)}\r\n` +
    `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`;
  return { body: new Blob([head, file, `\r\n--${boundary}--\r\n`]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function uploadImport(api: ApiClient, file: File, kind: string): Promise<ImportView> {
  const { body, contentType } = multipart(file, kind);
  return api.upload<ImportView>('/crm/imports', body, { contentType });
}

export function getImport(api: ApiClient, id: string): Promise<ImportView> {
  return api.get<ImportView>(`/crm/imports/${encodeURIComponent(id)}`);
}

export function setImportMapping(api: ApiClient, id: string, mapping: ImportView['mapping'], choices: ImportView['choices']): Promise<ImportView> {
  return api.put<ImportView>(`/crm/imports/${encodeURIComponent(id)}/mapping`, { mapping, choices });
}

export function runImport(api: ApiClient, id: string, dryRun: boolean): Promise<ImportRunResult> {
  return api.post<ImportRunResult>(`/crm/imports/${encodeURIComponent(id)}/run`, { dry_run: dryRun });
}

export function undoImport(api: ApiClient, id: string): Promise<ImportView> {
  return api.post<ImportView>(`/crm/imports/${encodeURIComponent(id)}/undo`);
}
