// A tiny site on 127.0.0.1 for tests that must know what a page's server received: each
// route answers with a page (or a handler's reply), and every request is recorded with its
// URL and body. Two of them on two ports are two origins.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received { method: string; url: string; body: string }

export type Route = string | ((req: Received, res: ServerResponse) => void);

export interface RecordingSite {
  /** http://127.0.0.1:PORT (no trailing slash): the site's origin. */
  origin: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startRecordingSite(routes: Record<string, Route>): Promise<RecordingSite> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const got: Received = { method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') };
    received.push(got);
    const route = routes[new URL(got.url, 'http://x').pathname];
    if (typeof route === 'function') return route(got, res);
    res.writeHead(route === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(route ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
