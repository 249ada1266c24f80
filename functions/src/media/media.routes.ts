import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { AuthUser } from '../auth/auth.types.js';
import type { AppDeps } from '../app/deps.js';
import { defineRoute, type RouteDef } from '../http/route.js';
import { contentDisposition, isPreviewable } from './content-disposition.js';
import {
  customerUploadQuerySchema,
  downloadQuerySchema,
  mediaListQuerySchema,
  mediaParamsSchema,
  mediaPatchSchema,
  ownerParamsSchema,
  productUploadQuerySchema,
  type UploadQuery,
} from './media.schema.js';
import type { MediaRepository } from './media.repository.js';
import { MediaService, type OwnerKind } from './media.service.js';

export function mediaRoutes(deps: AppDeps, repo: MediaRepository): RouteDef[] {
  const media = new MediaService(deps, repo);

  const upload = async (kind: OwnerKind, id: string, query: UploadQuery, req: Request, res: Response, user: AuthUser) => {
    const declared = req.get('content-length');
    // Cloud Functions hand over the body already read, as rawBody; elsewhere it is streamed.
    const rawBody = (req as Request & { rawBody?: unknown }).rawBody;
    try {
      return await media.upload(
        kind,
        id,
        query,
        {
          body: Buffer.isBuffer(rawBody) ? rawBody : req,
          contentType: req.get('content-type'),
          contentLength: declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined,
        },
        user,
      );
    } catch (err) {
      if (!req.complete) {
        // Answer now and drop the rest of the upload, rather than read it for nothing.
        res.setHeader('Connection', 'close');
        req.resume();
      }
      throw err;
    }
  };

  const listRoute = (kind: OwnerKind, path: string) =>
    defineRoute({
      method: 'get',
      path,
      role: 'viewer',
      params: ownerParamsSchema,
      query: mediaListQuerySchema,
      handler: ({ params, query }) => media.list(kind, params.id, query.limit, query.cursor),
    });

  return [
    listRoute('customer', '/crm/customers/:id/files'),
    listRoute('product', '/crm/products/:id/files'),
    defineRoute({
      method: 'post',
      path: '/crm/customers/:id/files',
      role: 'editor',
      rawBody: true,
      params: ownerParamsSchema,
      query: customerUploadQuerySchema,
      status: 201,
      handler: ({ params, query, req, res, user }) => upload('customer', params.id, query, req, res, user),
    }),
    defineRoute({
      method: 'post',
      path: '/crm/products/:id/files',
      role: 'editor',
      rawBody: true,
      params: ownerParamsSchema,
      query: productUploadQuerySchema,
      status: 201,
      handler: ({ params, query, req, res, user }) => upload('product', params.id, query, req, res, user),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/media/:id',
      role: 'viewer',
      params: mediaParamsSchema,
      handler: ({ params }) => media.get(params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/crm/media/:id/download',
      role: 'viewer',
      params: mediaParamsSchema,
      query: downloadQuerySchema,
      handler: async ({ params, query, res }) => {
        const { record, download } = await media.download(params.id);
        const type = record.mime_type ?? download.contentType ?? 'application/octet-stream';
        res.status(200);
        res.setHeader('Content-Type', type);
        if (download.size !== null) res.setHeader('Content-Length', String(download.size));
        res.setHeader('Content-Disposition', contentDisposition(record.filename, query.inline && isPreviewable(type)));
        // Served from the API's origin: a file must never run as a page of it.
        res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
        res.setHeader('Cache-Control', 'private, no-store');
        await pipeline(download.stream, res);
        return undefined;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/crm/media/:id',
      role: 'editor',
      params: mediaParamsSchema,
      body: mediaPatchSchema,
      handler: ({ params, body }) => media.update(params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/crm/media/:id',
      role: 'editor',
      params: mediaParamsSchema,
      status: 204,
      handler: ({ params }) => media.remove(params.id),
    }),
  ];
}
