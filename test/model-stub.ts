// The one stand-in in cairn's tests: a loopback OpenAI-compatible server that serves
// scripted chat replies, deterministic embeddings, and records everything it was sent.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubReply =
  /** The assistant's content; usage is counted from the text (about 4 characters a token). */
  | string
  /** `cached_tokens` is reported as OpenAI does, in usage.prompt_tokens_details. */
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number }; delayMs?: number }
  /** An error response, e.g. { status: 429, headers: { 'retry-after': '1' } }. */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** Never answers: the request hangs until the client gives up (or the stub closes). */
  | { hang: true };

export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

export interface ModelStub {
  /** Base URL for the SDK: http://127.0.0.1:PORT/v1 */
  url: string;
  /** Every request, in order, embeddings included. */
  requests: StubRequest[];
  /** Only the chat completion requests. */
  chats(): StubRequest[];
  /** What went wrong on the stub's side (script ran out, unknown path). Expect it empty. */
  failures: string[];
  close(): Promise<void>;
}

export const EMBEDDING_DIMENSIONS = 64;

export async function startModelStub(script: StubReply[] | ((req: StubRequest) => StubReply)): Promise<ModelStub> {
  const requests: StubRequest[] = [];
  const failures: string[] = [];
  let next = 0;
  const replyTo = (req: StubRequest): StubReply | undefined =>
    typeof script === 'function' ? script(req) : script[next++];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const record: StubRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: raw ? JSON.parse(raw) : undefined,
    };
    requests.push(record);
    const fail = (status: number, message: string) => {
      failures.push(message);
      // x-should-retry: false keeps the SDK from retrying a failure of the stub itself.
      send(res, status, { error: { message, type: 'stub_error' } }, { 'x-should-retry': 'false' });
    };

    if (record.path.endsWith('/embeddings')) return send(res, 200, embeddings(record.body));
    if (!record.path.endsWith('/chat/completions')) return fail(404, `model stub: no route for ${record.method} ${record.path}`);
    const reply = replyTo(record);
    if (reply === undefined) return fail(500, `model stub: script ran out at chat request #${requests.filter(isChat).length}`);
    if (typeof reply === 'object' && 'hang' in reply) return;
    if (typeof reply === 'object' && 'status' in reply) {
      return send(res, reply.status, reply.body ?? { error: { message: `stub error ${reply.status}`, type: 'stub' } }, reply.headers);
    }
    const content = typeof reply === 'string' ? reply : reply.content;
    if (typeof reply === 'object' && reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    const { cached_tokens: cached, ...usage } = (typeof reply === 'object' && reply.usage) || {
      prompt_tokens: Math.ceil(JSON.stringify(record.body?.messages ?? '').length / 4),
      completion_tokens: Math.ceil(content.length / 4),
    };
    send(res, 200, {
      id: `chatcmpl-stub-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: record.body?.model ?? 'stub',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens, ...(cached !== undefined ? { prompt_tokens_details: { cached_tokens: cached } } : {}) },
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chats: () => requests.filter(isChat),
    failures,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function isChat(r: StubRequest): boolean {
  return r.path.endsWith('/chat/completions');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // A client that timed out has gone; there is no one to answer.
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Deterministic bag-of-words vectors: each lower-cased word adds ±1 to a bucket picked by
 * its hash, then the vector is L2-normalised. Texts sharing words get similar vectors.
 */
export function stubEmbedding(text: string, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const h = createHash('sha256').update(word).digest();
    v[h.readUInt32BE(0) % dimensions]! += h[4]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v);
  return norm ? v.map((x) => x / norm) : v;
}

function embeddings(body: any): unknown {
  const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? '')];
  const dimensions = typeof body?.dimensions === 'number' ? body.dimensions : EMBEDDING_DIMENSIONS;
  const tokens = inputs.reduce((n, s) => n + Math.ceil(s.length / 4), 0);
  return {
    object: 'list',
    data: inputs.map((s, index) => {
      const vector = stubEmbedding(s, dimensions);
      // The openai SDK asks for base64 (little-endian float32) unless told otherwise.
      const embedding = body?.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    }),
    model: body?.model ?? 'stub-embedding',
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
