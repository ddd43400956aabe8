import OpenAI from 'openai';
import { afterEach, expect, test } from 'vitest';
import { createModelClient } from '../agent/llm/client.js';
import { PolicyError } from '../agent/types.js';
import { startModelStub, stubEmbedding, type ModelStub } from './model-stub.js';

const KEY = 'sk-test-secret-0123456789';
let stub: ModelStub | undefined;
afterEach(async () => { await stub?.close(); stub = undefined; });

function client(url: string, opts: { maxRetries?: number; timeoutMs?: number } = {}) {
  return createModelClient({ model: 'stub-model', baseURL: url, apiKey: KEY, vision: false, maxRetries: 2, timeoutMs: 5000, ...opts });
}
const hello = [{ role: 'user' as const, content: 'hi' }];

async function rejection(p: Promise<unknown>): Promise<PolicyError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(PolicyError);
  return err as PolicyError;
}

test('returns the content and usage, and sends model, messages and key', async () => {
  stub = await startModelStub([{ content: 'hello', usage: { prompt_tokens: 11, completion_tokens: 2 } }]);
  expect(await client(stub.url).chat(hello)).toEqual({ content: 'hello', usage: { prompt_tokens: 11, completion_tokens: 2 }, requests: 1 });
  const [req] = stub.chats();
  expect(req!.body).toMatchObject({ model: 'stub-model', messages: hello });
  expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
});

test('429 with Retry-After is retried by the SDK and then succeeds', async () => {
  stub = await startModelStub([{ status: 429, headers: { 'retry-after': '1' } }, 'after the wait']);
  expect((await client(stub.url).chat(hello)).content).toBe('after the wait');
  expect(stub.chats()).toHaveLength(2);
  // The second request is the SDK's own retry, not a new call of ours.
  expect(stub.chats().map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
});

test('5xx is retried with backoff', async () => {
  stub = await startModelStub([{ status: 503, body: { error: { message: 'overloaded' } } }, 'ok']);
  expect((await client(stub.url).chat(hello)).content).toBe('ok');
  expect(stub.chats()).toHaveLength(2);
});

test('a timeout is retried, and when every attempt times out it is a model error', async () => {
  stub = await startModelStub([{ content: 'too late', delayMs: 2000 }, 'in time']);
  expect((await client(stub.url, { timeoutMs: 500 }).chat(hello)).content).toBe('in time');
  expect(stub.chats()).toHaveLength(2);
  await stub.close();

  stub = await startModelStub(() => ({ content: 'too late', delayMs: 2000 }));
  const err = await rejection(client(stub.url, { timeoutMs: 200, maxRetries: 1 }).chat(hello));
  expect(err.kind).toBe('model');
  expect(err.message).toBe(`model endpoint ${stub.url} timed out after 2 attempts`);
  expect(stub.chats()).toHaveLength(2);
});

test('401: an auth error naming the endpoint and OPENAI_API_KEY, never the key', async () => {
  stub = await startModelStub([{ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } }]);
  const err = await rejection(client(stub.url).chat(hello));
  expect(err.kind).toBe('auth');
  expect(err.message).toContain(stub.url);
  expect(err.message).toContain('check OPENAI_API_KEY');
  expect(err.message).toContain('HTTP 401');
  expect(err.message).not.toContain(KEY);
  expect(stub.chats()).toHaveLength(1);
});

test('403 is an auth error too', async () => {
  stub = await startModelStub([{ status: 403 }]);
  expect((await rejection(client(stub.url).chat(hello))).kind).toBe('auth');
});

test('a 400 is not retried and becomes a model error with the server message', async () => {
  stub = await startModelStub([{ status: 400, body: { error: { message: 'model does not support images' } } }]);
  const err = await rejection(client(stub.url).chat(hello));
  expect(err.kind).toBe('model');
  expect(err.message).toMatch(/failed for model "stub-model": 400 model does not support images/);
  expect(stub.chats()).toHaveLength(1);
});

test('5xx after every retry: a model error saying how many attempts', async () => {
  stub = await startModelStub(() => ({ status: 500, headers: { 'retry-after-ms': '10' } }));
  const err = await rejection(client(stub.url, { maxRetries: 2 }).chat(hello));
  expect(err.kind).toBe('model');
  expect(err.message).toMatch(/after 3 attempts: 500/);
  expect(stub.chats()).toHaveLength(3);
});

test('an endpoint that is not there: a model error naming it', async () => {
  stub = await startModelStub([]);
  const url = stub.url;
  await stub.close();
  stub = undefined;
  const err = await rejection(client(url, { maxRetries: 0 }).chat(hello));
  expect(err.kind).toBe('model');
  expect(err.message).toMatch(new RegExp(`^could not reach model endpoint ${url.replace(/[.]/g, '\\.')} after 1 attempt: connect ECONNREFUSED`));
});

test('the stub fails loudly when its script runs out, and the SDK does not retry that', async () => {
  stub = await startModelStub(['only one']);
  const c = client(stub.url);
  await c.chat(hello);
  const err = await rejection(c.chat(hello));
  expect(err.message).toContain('model stub: script ran out at chat request #2');
  expect(stub.failures).toEqual(['model stub: script ran out at chat request #2']);
  expect(stub.chats()).toHaveLength(2);
});

test('the stub serves deterministic embeddings through the SDK (base64 and float)', async () => {
  stub = await startModelStub([]);
  const sdk = new OpenAI({ apiKey: 'none', baseURL: stub.url, maxRetries: 0 });
  const res = await sdk.embeddings.create({ model: 'e', input: ['add contact Bob', 'add contact Alice', 'delete all photos'] });
  const [bob, alice, photos] = res.data.map((d) => d.embedding);
  expect(bob).toHaveLength(64);
  const want = stubEmbedding('add contact Bob');
  bob!.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 5));
  const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  expect(dot(bob!, alice!)).toBeGreaterThan(dot(bob!, photos!));
  const floats = await sdk.embeddings.create({ model: 'e', input: 'x', encoding_format: 'float', dimensions: 8 });
  expect(floats.data[0]!.embedding).toEqual(stubEmbedding('x', 8));
  expect(stub.requests.map((r) => r.path)).toEqual(['/v1/embeddings', '/v1/embeddings']);
  expect(stub.failures).toEqual([]);
});
