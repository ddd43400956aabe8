// Issue 13, points 4, 6, 7: a model endpoint that hangs cannot hold an episode past its time
// budget (policy or model critic), a huge malformed reply is not sent back whole, and every
// request the endpoint received is counted, retries and errored episodes included.
// Real Chromium on a loopback page; the model is the stub.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { createCriticChat, createModelCritic, createPipeline, createRuleCritic } from '../critics/index.js';
import type { ResolvedTask } from '../contract/index.js';
import { parseSuite } from '../tasks/load.js';
import { startModelStub, type ModelStub, type StubReply } from './model-stub.js';
import { startRecordingSite, type RecordingSite } from './recording-site.js';

const PAGE = '<!DOCTYPE html><html><head><title>Hello</title></head><body><h1>Hello</h1><button>Go</button></body></html>';

let site: RecordingSite;
let stub: ModelStub | undefined;
beforeAll(async () => { site = await startRecordingSite({ '/': PAGE }); });
afterAll(async () => { await site?.close(); });
afterEach(async () => { await stub?.close(); stub = undefined; });

/** `check`: holds from the start (so done succeeds) unless the test wants it never to hold. */
const suite = (timeoutS: number, check = "document.title === 'Hello'") => parseSuite(`name: faults
base_url: ${site.origin}/
tasks:
  - id: hello
    goal: Say hello
    start: { url: / }
    checks:
      - js: "${check}"
    budget: { max_steps: 4, timeout_s: ${timeoutS} }
`, 'faults.yaml');

const reply = (action: object, thought = 'scripted') => JSON.stringify({ thought, action });
const NEVER = 'window.greeted === true';
const DONE = reply({ type: 'done', status: 'success' });
const llm = () => makePolicy('llm', { model: 'stub-model', baseUrl: stub!.url });
const out = () => mkdtemp(join(tmpdir(), 'cairn-faults-'));

function traceOf(dir: string): any {
  const find = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? find(join(d, f)) : [join(d, f)]));
  return JSON.parse(readFileSync(find(dir).find((f) => f.endsWith('trace.json'))!, 'utf8'));
}

describe('a model endpoint that hangs', () => {
  it('ends the episode at its time budget, with one request sent, not 4 x 120 s', async () => {
    stub = await startModelStub(() => ({ hang: true }));
    const { results, summary } = await runSuite({ screenshots: false, suite: suite(3, NEVER), policy: llm(), out: await out(), log: () => {} });
    const [r] = results;
    expect(r!.status).toBe('failed');
    expect(r!.reason).toMatch(/^timeout: the time budget \(timeout_s: 3\) ran out/);
    // The SDK would retry a timed-out request 3 times, 120 s each: the deadline stopped it at the first.
    expect(stub.chats()).toHaveLength(1);
    expect(r!.model_calls).toBe(1);
    expect(summary.model_calls).toBe(1);
    expect(r!.wall_ms).toBeLessThan(5 * 3_000);
  }, 60_000);

  it('a hanging model critic is bounded by the same deadline', async () => {
    stub = await startModelStub((req) => (req.body.model === 'critic-stub' ? { hang: true } : reply({ type: 'wait', ms: 10 })));
    const chat = createCriticChat({ model: 'critic-stub', baseURL: stub.url, apiKey: 'none' });
    const critics = () => createPipeline([createRuleCritic(), createModelCritic({ mode: 'always', chat })], { irreversible: 'deny' });
    // 6 s, not 3: on a loaded machine the launch and the policy's call must leave the critic time to be asked.
    const { results } = await runSuite({ screenshots: false, suite: suite(6, NEVER), policy: llm(), critics, out: await out(), log: () => {} });
    const [r] = results;
    expect(r!.reason).toMatch(/^timeout: the time budget \(timeout_s: 6\) ran out/);
    expect(stub.chats().map((c) => c.body.model)).toEqual(['stub-model', 'critic-stub']);
    expect(r!.model_calls).toBe(2);
    expect(r!.wall_ms).toBeLessThan(5 * 6_000);
  }, 60_000);
});

describe('model calls are counted as the endpoint sees them', () => {
  it('parse retries, a 500 the SDK retried and an errored episode all count; tokens where reported', async () => {
    const script: StubReply[] = [
      // episode 1: a reply that does not parse, then a 500 (retried by the SDK), then done
      'I think I should click the button.',
      { status: 500, headers: { 'retry-after-ms': '10' } },
      { content: DONE, usage: { prompt_tokens: 100, completion_tokens: 7 } },
      // episode 2: three replies that never parse: the episode errors
      'no', 'still no', 'never',
    ];
    stub = await startModelStub(script);
    const { results, summary } = await runSuite({ screenshots: false, suite: suite(60), policy: llm(), seeds: [1, 2], out: await out(), log: () => {} });
    expect(stub.failures).toEqual([]);
    expect(results.map((r) => [r.status, r.model_calls])).toEqual([['success', 3], ['errored', 3]]);
    expect(results[1]!.reason).toMatch(/did not parse as an action \(3 tries\)/);
    expect(summary.model_calls).toBe(stub.chats().length);
    expect(summary.model_calls).toBe(6);
    expect(summary.tokens.completion).toBeGreaterThanOrEqual(7);
    expect(summary.tokens.prompt).toBeGreaterThanOrEqual(100);
  }, 60_000);
});

describe('huge replies', () => {
  it('a 3 MB malformed reply is sent back cut to a bound; a huge thought is cut in the trace', async () => {
    const huge = `{"thought": "${'x'.repeat(3_000_000)}`;
    stub = await startModelStub([huge, reply({ type: 'done', status: 'success' }, 'y'.repeat(50_000))]);
    const dir = await out();
    const { results } = await runSuite({ screenshots: false, suite: suite(60), policy: llm(), out: dir, log: () => {} });
    expect(results[0]!.status).toBe('success');
    const retry = stub.chats()[1]!;
    expect(JSON.stringify(retry.body).length).toBeLessThan(20_000);
    const fedBack = retry.body.messages.find((m: { role: string }) => m.role === 'assistant').content as string;
    expect(fedBack).toContain('[cut: the reply was 3000013 characters; only its first 2000 are shown]');
    const thought = traceOf(dir).steps[0].thought as string;
    expect(thought.length).toBeLessThan(1_100);
    expect(thought).toMatch(/\[cut from 50000 characters\]$/);
  }, 60_000);

  it("the model critic's unparsable reply is fed back cut too", async () => {
    stub = await startModelStub(['z'.repeat(1_000_000), JSON.stringify({ verdict: 'correct', observation: 'fine' })]);
    const critic = createModelCritic({ mode: 'always', chat: createCriticChat({ model: 'critic-stub', baseURL: stub.url, apiKey: 'none' }) });
    const task = { goal: 'Say hello', budget: { max_steps: 4, timeout_s: 60 } } as ResolvedTask;
    const obs = { platform: 'web' as const, screen: { width: 800, height: 600 }, location: `${site.origin}/`, elements: [], digest: 'd' };
    const v = await critic.vet({ task, obs, history: [] }, { action: { type: 'wait', ms: 10 } }, { flagged: [] });
    expect(v).toMatchObject({ decision: 'approve', rule: 'correct', model_calls: 2 });
    expect(JSON.stringify(stub.chats()[1]!.body).length).toBeLessThan(20_000);
  });
});
