/**
 * The staff SPA as it was at an older commit, built from git and served against a running
 * embedded server, so a benchmark can measure the same thing in both in one run.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { repoRoot } from '../embedded/server.js';

export interface OldSpa {
  url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Builds `hosting/` of `commit` with today's node_modules into a temporary folder; returns the folder. */
function build(commit: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'spa-old-'));
  const archive = execFileSync('git', ['archive', commit, 'hosting'], { cwd: repoRoot, maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(join(repoRoot, 'node_modules/.bin/vite'), ['build', '--outDir', join(dir, 'dist'), '--logLevel', 'error'], {
    cwd: join(dir, 'hosting'),
    stdio: 'ignore',
  });
  return dir;
}

/**
 * Serves the old build on a free loopback port: its files, index.html for every other page, and
 * the API and Firebase config passed through to `apiUrl`, the running embedded server.
 */
export async function serveOldSpa(commit: string, apiUrl: string): Promise<OldSpa> {
  const dir = build(commit);
  const dist = join(dir, 'dist');
  const api = new URL(apiUrl);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.startsWith('/api/') || path.startsWith('/__/')) {
      const upstream = request({ host: api.hostname, port: api.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
      return;
    }
    const file = join(dist, normalize(path));
    const found = file.startsWith(dist) && existsSync(file) && statSync(file).isFile() ? file : join(dist, 'index.html');
    res.writeHead(200, { 'Content-Type': contentTypes[extname(found)] ?? 'application/octet-stream' });
    createReadStream(found).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          done();
        });
      }),
  };
}
