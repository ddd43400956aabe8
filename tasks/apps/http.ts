// The small HTTP vocabulary the practice apps share: escaped HTML templates, replies,
// routes, and reading form or JSON bodies. No framework: node:http is enough here.
import type { IncomingMessage } from 'node:http';
import type { SessionState } from './state.js';

/** HTML that is already safe; anything else interpolated into html`` is escaped. */
export class Html {
  constructor(readonly text: string) {}
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => { out += render(v) + (strings[i + 1] ?? ''); });
  return new Html(out);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === undefined || v === null || v === false) return '';
  return escapeHtml(String(v));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const page = (body: Html, status = 200): Reply =>
  ({ status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: body.text });

export const json = (value: unknown, status = 200): Reply =>
  ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) });

/** POST/redirect/GET: 303 so a reload never re-submits a form. */
export const redirect = (location: string): Reply =>
  ({ status: 303, headers: { location }, body: '' });

/** Bad input from a client: becomes a 400 that says what was wrong and what was expected. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

/** A page for a thing that does not exist (a deleted contact, an unknown order): a 404. */
export class NotFound extends Error {
  override name = 'NotFound';
}

export interface Ctx {
  method: string;
  url: URL;
  state: SessionState;
  /** A urlencoded form body (what an HTML form posts). */
  form(): Promise<URLSearchParams>;
  /** A JSON body; a BadRequest when it is not JSON. */
  json(): Promise<unknown>;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the whole path; capture groups become `params`. */
  path: RegExp;
  run(ctx: Ctx, params: string[]): Reply | Promise<Reply>;
}

const MAX_BODY = 1 << 20;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new BadRequest(`request body is larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not valid JSON; expected a JSON object');
  }
}

/** A trimmed form field; '' when absent. */
export const field = (form: URLSearchParams, name: string): string => (form.get(name) ?? '').trim();
