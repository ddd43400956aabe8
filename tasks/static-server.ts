// A folder served read-only over HTTP on 127.0.0.1 (a suite's `base_url: ./site`): GET and
// HEAD only, no listing, nothing outside the folder, `index.html` for a directory.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';

export interface ServedFolder {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff': 'font/woff',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.wasm': 'application/wasm', '.xml': 'application/xml', '.pdf': 'application/pdf',
  '.mp3': 'audio/mpeg', '.mp4': 'video/mp4', '.webm': 'video/webm',
};

/** `dir` must exist; the caller says what it was named in (see site.ts). */
export async function serveFolder(dir: string): Promise<ServedFolder> {
  const root = await realpath(dir);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, `${req.method} is not allowed; this site is read-only`, { allow: 'GET, HEAD' });
    fileFor(root, req.url ?? '/').then((file) => {
      if (!file) return reply(res, 404, `nothing at ${req.url}`);
      res.writeHead(200, { 'content-type': TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream', 'content-length': file.size, 'cache-control': 'no-store' });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file.path).on('error', () => res.destroy()).pipe(res);
    }, (e: Error) => reply(res, 500, e.message));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections(); // browsers keep connections alive
    }),
  };
}

/** The file a request path names inside root, or undefined; symlinks may not lead out. */
async function fileFor(root: string, url: string): Promise<{ path: string; size: number } | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    return undefined; // a malformed %-escape
  }
  if (path.includes('\0')) return undefined;
  for (const candidate of [join(root, path), join(root, path, 'index.html')]) {
    const real = await realpath(candidate).catch(() => undefined);
    if (!real || (real !== root && !real.startsWith(root + sep))) continue;
    const info = await stat(real).catch(() => undefined);
    if (info?.isFile()) return { path: real, size: info.size };
  }
  return undefined;
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}
