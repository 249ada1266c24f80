import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, realpathSync, type Stats } from 'node:fs';
import { link, lstat, mkdir, readdir, rename, rm, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { mimeTypeOf } from './mime-types.js';
import type { NextcloudConfig } from './nextcloud.config.js';

export interface EmbeddedWebdav {
  /** Point createNextcloudClient at this. */
  config: NextcloudConfig;
  stop(): Promise<void>;
}

const USER = 'crm';
const PREFIX = `/remote.php/dav/files/${USER}`;
/** In-flight PUTs: written beside the target, renamed over it when complete. */
const PUT_TEMP_PREFIX = '.davput-';

/**
 * Embedded mode's stand-in for Nextcloud: a small WebDAV server (PROPFIND, MKCOL, PUT, GET,
 * HEAD, MOVE, DELETE) over `root`, on loopback, at Nextcloud's path
 * `/remote.php/dav/files/crm/`, with basic auth and a password made up for this run.
 * It answers as Nextcloud does where the client cares: MKCOL on an existing folder 405,
 * PUT or MKCOL under a missing folder 409, MOVE with `Overwrite: F` onto a file 412.
 */
export async function startEmbeddedWebdav(options: { root: string; port?: number }): Promise<EmbeddedWebdav> {
  mkdirSync(options.root, { recursive: true });
  const root = realpathSync(options.root);
  const password = randomBytes(18).toString('base64url');
  const expected = digest(`Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`);
  const server = createServer((req, res) => {
    const authorized = timingSafeEqual(digest(req.headers.authorization ?? ''), expected);
    const work = authorized ? handle(root, req, res) : unauthorized(req, res);
    work.catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else send(res, err instanceof DavError ? err.status : 500);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    config: { url: `http://127.0.0.1:${port}`, username: USER, password },
    stop: () => stopServer(server),
  };
}

class DavError extends Error {
  constructor(readonly status: number) {
    super(`WebDAV ${status}`);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

async function unauthorized(req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.resume();
  res.setHeader('WWW-Authenticate', 'Basic realm="BellSystems CRM files"');
  send(res, 401);
}

function send(res: ServerResponse, status: number, body?: string, type?: string): void {
  res.statusCode = status;
  if (body !== undefined) {
    res.setHeader('Content-Type', type ?? 'text/plain; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(body));
  }
  res.end(body);
}

interface Target {
  segments: string[];
  fsPath: string;
}

/** Maps a URL path under PREFIX to a file under root; anything that could leave root is a 400. */
function resolveTarget(root: string, urlPath: string): Target {
  if (urlPath !== PREFIX && !urlPath.startsWith(`${PREFIX}/`)) throw new DavError(404);
  let segments: string[];
  try {
    segments = urlPath
      .slice(PREFIX.length)
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s).normalize('NFC'));
  } catch {
    throw new DavError(400);
  }
  if (segments.some((s) => s === '.' || s === '..' || /[/\\\0]/.test(s))) throw new DavError(400);
  const fsPath = join(root, ...segments);
  if (fsPath !== root && !fsPath.startsWith(root + sep)) throw new DavError(400);
  return { segments, fsPath };
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
    throw err;
  }
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const target = resolveTarget(root, url.pathname);
  switch (req.method) {
    case 'OPTIONS':
      req.resume();
      res.setHeader('DAV', '1');
      res.setHeader('Allow', 'OPTIONS, PROPFIND, MKCOL, PUT, GET, HEAD, MOVE, DELETE');
      return send(res, 200);
    case 'PROPFIND':
      return propfind(req, res, target);
    case 'MKCOL':
      return mkcol(req, res, target);
    case 'PUT':
      return put(req, res, target);
    case 'GET':
    case 'HEAD':
      return get(req, res, target);
    case 'DELETE':
      return remove(req, res, target, root);
    case 'MOVE':
      return move(req, res, target, root);
    default:
      req.resume();
      return send(res, 405);
  }
}

async function propfind(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void> {
  req.resume();
  const stats = await statOrNull(target.fsPath);
  if (!stats) return send(res, 404);
  const entries = [propResponse(target.segments, stats)];
  if (stats.isDirectory() && req.headers.depth !== '0') {
    for (const name of (await readdir(target.fsPath)).sort()) {
      if (name.startsWith(PUT_TEMP_PREFIX)) continue;
      const child = await statOrNull(join(target.fsPath, name));
      if (child) entries.push(propResponse([...target.segments, name.normalize('NFC')], child));
    }
  }
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:">${entries.join('')}</d:multistatus>`;
  send(res, 207, xml, 'application/xml; charset=utf-8');
}

function propResponse(segments: string[], stats: Stats): string {
  const dir = stats.isDirectory();
  const href = `${PREFIX}/${segments.map(encodeURIComponent).join('/')}${dir && segments.length > 0 ? '/' : ''}`;
  const name = segments.at(-1) ?? '';
  const props = [
    `<d:displayname>${escapeXml(name)}</d:displayname>`,
    `<d:getlastmodified>${stats.mtime.toUTCString()}</d:getlastmodified>`,
    `<d:getetag>"${etagOf(stats)}"</d:getetag>`,
    dir
      ? '<d:resourcetype><d:collection/></d:resourcetype>'
      : `<d:resourcetype/><d:getcontentlength>${stats.size}</d:getcontentlength><d:getcontenttype>${escapeXml(mimeTypeOf(name))}</d:getcontenttype>`,
  ];
  return `<d:response><d:href>${escapeXml(href)}</d:href><d:propstat><d:prop>${props.join('')}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
}

function etagOf(stats: Stats): string {
  return `${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function mkcol(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void> {
  req.resume();
  if (await statOrNull(target.fsPath)) return send(res, 405);
  const parent = await statOrNull(dirname(target.fsPath));
  if (!parent?.isDirectory()) return send(res, 409);
  try {
    await mkdir(target.fsPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return send(res, 405);
    throw err;
  }
  send(res, 201);
}

async function put(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void> {
  const existing = await statOrNull(target.fsPath);
  if (existing?.isDirectory()) {
    req.resume();
    return send(res, 405);
  }
  const parent = await statOrNull(dirname(target.fsPath));
  if (!parent?.isDirectory()) {
    req.resume();
    return send(res, 409);
  }
  if (req.headers['if-none-match'] === '*' && existing) {
    req.resume();
    return send(res, 412);
  }
  const temp = join(dirname(target.fsPath), `${PUT_TEMP_PREFIX}${randomUUID()}`);
  try {
    await pipeline(req, createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, target.fsPath);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  send(res, existing ? 204 : 201);
}

async function get(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void> {
  req.resume();
  const stats = await statOrNull(target.fsPath);
  if (!stats) return send(res, 404);
  if (!stats.isFile()) return send(res, 405);
  const name = target.segments.at(-1) ?? '';
  res.writeHead(200, {
    'Content-Type': mimeTypeOf(name),
    'Content-Length': stats.size,
    'Last-Modified': stats.mtime.toUTCString(),
    ETag: `"${etagOf(stats)}"`,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(target.fsPath), res);
}

async function remove(req: IncomingMessage, res: ServerResponse, target: Target, root: string): Promise<void> {
  req.resume();
  if (target.fsPath === root) return send(res, 403);
  const stats = await statOrNull(target.fsPath);
  if (!stats) return send(res, 404);
  await rm(target.fsPath, { recursive: true, force: true });
  send(res, 204);
}

async function move(req: IncomingMessage, res: ServerResponse, source: Target, root: string): Promise<void> {
  req.resume();
  const destinationHeader = req.headers.destination;
  if (typeof destinationHeader !== 'string') return send(res, 400);
  let destinationPath: string;
  try {
    destinationPath = new URL(destinationHeader, 'http://127.0.0.1').pathname;
  } catch {
    return send(res, 400);
  }
  const destination = resolveTarget(root, destinationPath);
  if (source.fsPath === root || destination.fsPath === root) return send(res, 403);
  if (destination.fsPath === source.fsPath) return send(res, 403);
  const overwrite = String(req.headers.overwrite ?? 'T').toUpperCase() !== 'F';
  const stats = await statOrNull(source.fsPath);
  if (!stats) return send(res, 404);
  const parent = await statOrNull(dirname(destination.fsPath));
  if (!parent?.isDirectory()) return send(res, 409);
  const existing = await statOrNull(destination.fsPath);
  if (existing && !overwrite) return send(res, 412);
  if (stats.isFile() && !overwrite) {
    // link() fails if the name exists: two racing MOVEs cannot both take one name.
    try {
      await link(source.fsPath, destination.fsPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return send(res, 412);
      throw err;
    }
    await unlink(source.fsPath);
    return send(res, 201);
  }
  if (existing?.isDirectory()) await rm(destination.fsPath, { recursive: true, force: true });
  await rename(source.fsPath, destination.fsPath);
  send(res, existing ? 204 : 201);
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
