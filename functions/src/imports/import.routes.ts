import busboy from 'busboy';
import type { Request } from 'express';
import type { AppDeps } from '../app/deps.js';
import { ApiError } from '../http/errors.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { importMappingBodySchema, importParamsSchema, importRunBodySchema, importUploadQuerySchema, parseUploadKind } from './import.schema.js';
import { ImportService } from './import.service.js';

/** The largest file an import takes: a spreadsheet of 20,000 customers is a few MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

interface Upload {
  name: string;
  bytes: Buffer;
  /** The multipart text fields sent with the file (`kind`). */
  fields: Record<string, string>;
}

/** The `file` part of a multipart upload, held in memory up to MAX_IMPORT_BYTES (413 beyond), and its text fields. */
function readUpload(req: Request): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_IMPORT_BYTES } });
    } catch {
      reject(new ApiError('bad_request', 'Send the file as multipart/form-data in a field named file', [{ path: 'file', message: 'is missing' }]));
      return;
    }
    let file: { name: string; bytes: Buffer } | null = null;
    let failed: ApiError | null = null;
    const fields: Record<string, string> = {};
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failed = new ApiError('payload_too_large', `The file is larger than ${MAX_IMPORT_BYTES / 2 ** 20} MB`, [{ path: 'file', message: 'is too large' }]);
        req.unpipe(parser);
        reject(failed);
      });
      stream.on('end', () => {
        if (!failed) file = { name: info.filename || 'upload', bytes: Buffer.concat(chunks) };
      });
    });
    parser.on('error', () => reject(new ApiError('bad_request', 'The upload is not well-formed multipart/form-data', [{ path: 'file', message: 'could not be read' }])));
    parser.on('close', () => {
      if (failed) return;
      if (!file) reject(new ApiError('validation_failed', 'Invalid body: file: is missing', [{ path: 'file', message: 'is missing' }]));
      else resolve({ ...file, fields });
    });
    req.pipe(parser);
  });
}

/** Imports are an admin's (issue 23, item 6). */
export function importRoutes(deps: AppDeps): RouteDef[] {
  const imports = new ImportService(deps);
  return [
    defineRoute({
      method: 'post',
      path: '/crm/imports',
      role: 'admin',
      rawBody: true,
      status: 201,
      query: importUploadQuerySchema,
      handler: async ({ req, query, user }) => {
        const upload = await readUpload(req);
        // The kind comes as a multipart field beside the file (or, as before, in the query); customers when neither gives it.
        const kind = upload.fields.kind === undefined ? query.kind : parseUploadKind(upload.fields.kind);
        return imports.upload(upload, kind, user);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/crm/imports/:id',
      role: 'admin',
      params: importParamsSchema,
      handler: ({ params }) => imports.get(params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/crm/imports/:id/mapping',
      role: 'admin',
      params: importParamsSchema,
      body: importMappingBodySchema,
      handler: ({ params, body }) => imports.setMapping(params.id, body.mapping, body.choices),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/imports/:id/run',
      role: 'admin',
      params: importParamsSchema,
      body: importRunBodySchema,
      handler: ({ params, body, user }) => imports.run(params.id, body.dry_run, user),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/imports/:id/undo',
      role: 'admin',
      params: importParamsSchema,
      handler: ({ params }) => imports.undo(params.id),
    }),
  ];
}
