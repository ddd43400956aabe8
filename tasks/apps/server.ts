// Serves cairn's practice apps (contacts, shop, settings, challenge, todos) on 127.0.0.1 with
// one node:http server. This file owns the plumbing: sessions, routing, errors. Each app
// owns its pages in its own file.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { challengeRoutes } from './challenge.js';
import { checkoutRoutes } from './checkout.js';
import { contactRoutes } from './contacts.js';
import { homeRoutes } from './home.js';
import { BadRequest, NotFound, html, json, parseJson, readBody, type Ctx, type Reply, type Route } from './http.js';
import { layout } from './layout.js';
import { settingsRoutes } from './settings.js';
import { shopRoutes } from './shop.js';
import { COOKIE, Sessions } from './state.js';
import { todoRoutes } from './todos.js';

export interface PracticeApps {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

const ROUTES: Route[] = [...homeRoutes, ...contactRoutes, ...shopRoutes, ...checkoutRoutes, ...settingsRoutes, ...challengeRoutes, ...todoRoutes];

/** What memory calls the practice apps: they are served on a new port every run. */
export const PRACTICE_APP = 'cairn-practice';

export async function startPracticeApps(opts: { port?: number } = {}): Promise<PracticeApps> {
  const port = opts.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`practice apps: port ${port} is not a whole number from 0 to 65535`);
  const sessions = new Sessions();
  const server = createServer((req, res) => {
    handle(req, res, sessions).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${(e as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      // Browsers keep connections alive; without this close() waits for them to time out.
      server.closeAllConnections();
    }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, sessions: Sessions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const session = sessions.get(req.headers.cookie);
  const ctx: Ctx = {
    method: req.method ?? 'GET',
    url,
    state: session.state,
    form: async () => new URLSearchParams(await readBody(req)),
    json: async () => parseJson(await readBody(req)),
  };
  const reply = await dispatch(ctx);
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (session.isNew) headers['set-cookie'] = `${COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax`;
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

async function dispatch(ctx: Ctx): Promise<Reply> {
  const path = ctx.url.pathname;
  const matching = ROUTES.filter((r) => r.path.test(path));
  const route = matching.find((r) => r.method === ctx.method);
  try {
    if (!route) {
      if (matching.length === 0) throw new NotFound(`Nothing at ${path}.`);
      return failure(ctx, 405, `${ctx.method} is not allowed on ${path}; use ${matching.map((r) => r.method).join(' or ')}.`);
    }
    return await route.run(ctx, route.path.exec(path)!.slice(1));
  } catch (e) {
    if (e instanceof BadRequest) return failure(ctx, 400, e.message);
    if (e instanceof NotFound) return failure(ctx, 404, e.message);
    throw e;
  }
}

/** JSON for API paths, a page for people everywhere else. */
function failure(ctx: Ctx, status: number, message: string): Reply {
  if (ctx.url.pathname.includes('/api/')) return json({ error: message }, status);
  const title = status === 404 ? 'Not found' : status === 405 ? 'Not allowed' : 'Bad request';
  return layout(ctx, { title, status, body: html`<h1>${title}</h1><p>${message}</p><p><a href="/">Home</a></p>` });
}
