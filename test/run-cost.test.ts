// What a run spends, through the real CLI against the loopback model stub (which reports
// cached prompt tokens as OpenAI does): tokens per step in trace.json, per episode in
// results.jsonl, per run in summary.json, and money from the prices given. --max-model-calls
// and --max-cost stop a run cleanly: finished episodes kept, no new one started, the one in
// flight stopped at its next step, the stop said in summary.json and in the report.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunBudget } from '../agent/budget.js';
import { Tally } from '../agent/tally.js';
import { launchBrowser } from '../drivers/web/index.js';
import { cairn } from './cli-runner.js';
import { greetSite, greetTask } from './greet-site.js';
import { startModelStub, type ModelStub, type StubRequest } from './model-stub.js';

const USAGE = { prompt_tokens: 1000, completion_tokens: 50, cached_tokens: 400 };
// USD per million tokens: a call costs (600 * 2 + 400 * 0.5 + 50 * 8) / 1e6 = $0.0018.
const PRICES = { CAIRN_PRICE_INPUT: '2', CAIRN_PRICE_OUTPUT: '8', CAIRN_PRICE_CACHED: '0.5' };
const NO_PRICES = { CAIRN_PRICE_INPUT: '', CAIRN_PRICE_OUTPUT: '', CAIRN_PRICE_CACHED: '' };

/** A model that saves the goal's name: type it, click Save, done; one call per step. */
function greeter(req: StubRequest) {
  const text: string = req.body.messages.at(-1).content;
  const name = /Goal: Save the name "(.+)"/.exec(text)?.[1];
  const id = (line: RegExp) => Number(text.split('\n').find((l) => line.test(l))?.match(/^\[(\d+)\]/)?.[1]);
  const done = (text.match(/^\d+\. .* -> /gm) ?? []).length;
  const action = done === 0 ? { type: 'type', target: { element: id(/textbox "Name"/) }, text: name }
    : done === 1 ? { type: 'click', target: { element: id(/button "Save"/) } }
      : { type: 'done', status: 'success' };
  return { content: JSON.stringify({ thought: `step ${done + 1}`, action }), usage: USAGE };
}

let dir: string;
let stub: ModelStub;
let browser: Browser;
beforeAll(async () => {
  dir = await greetSite(`name: greet\nbase_url: ./site\ntasks:\n${greetTask()}`);
  stub = await startModelStub(greeter);
  browser = await launchBrowser({});
});
afterAll(async () => {
  await browser?.close();
  await stub?.close();
});

const run = (out: string, ...more: string[]) =>
  ['run', 'suite.yaml', '--policy', 'llm', '--model', 'stub-model', '--base-url', stub.url, '--no-memory', '--no-screenshots', '--out', join(dir, out), ...more];
const env = (more: NodeJS.ProcessEnv = {}) => ({ cwd: dir, env: { OPENAI_API_KEY: 'none', CI: 'true', ...NO_PRICES, ...more } });
const json = async (file: string) => JSON.parse(await readFile(join(dir, file), 'utf8'));
const jsonl = async (file: string) => (await readFile(join(dir, file), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('tokens and cost', () => {
  it('are counted per step, per episode and per run, cached tokens apart, priced from CAIRN_PRICE_*', async () => {
    const r = await cairn(run('priced', '--seeds', '1..2'), env(PRICES));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(stub.failures).toEqual([]);

    const trace = await json('priced/episodes/greet-1/1/trace.json');
    expect(trace.steps.map((s: { action: { type: string } }) => s.action.type)).toEqual(['type', 'click', 'done']);
    for (const step of trace.steps) expect(step).toMatchObject({ model_calls: 1, tokens: { prompt: 1000, completion: 50, cached: 400 } });

    const episodes = await jsonl('priced/results.jsonl');
    expect(episodes).toHaveLength(2);
    for (const e of episodes) {
      expect(e).toMatchObject({ status: 'success', model_calls: 3, tokens: { prompt: 3000, completion: 150, cached: 1200 }, cost_usd: 0.0054 });
    }
    expect(trace.result.cost_usd).toBe(0.0054);

    const summary = await json('priced/summary.json');
    expect(summary).toMatchObject({ model_calls: 6, tokens: { prompt: 6000, completion: 300, cached: 2400 }, cost_usd: 0.0108 });
    expect(summary).not.toHaveProperty('stopped');
    expect(r.stdout).toContain('tokens 6000+300 (2400 cached); cost $0.0108;');

    // The report: the run's cost and cached tokens, each episode's cost, each step's tokens.
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'priced', 'report', 'index.html')).href);
    await expect(page.locator('#cost b').textContent()).resolves.toBe('$0.0108');
    await expect(page.locator('#tokens').textContent()).resolves.toContain('6000 / 300tokens in / out (2400 cached)');
    await expect(page.locator('#episodes tr.row').first().textContent()).resolves.toContain('$0.0054');
    await page.locator('#episodes a').first().click();
    await page.locator('.step .tokens').first().waitFor();
    await expect(page.locator('.step .tokens').allTextContents()).resolves.toEqual(Array(3).fill('1 model call · tokens 1000 in (400 cached) / 50 out'));
  }, 120_000);

  it('without prices: tokens, no cost', async () => {
    const r = await cairn(run('unpriced', '--seeds', '1'), env());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const summary = await json('unpriced/summary.json');
    expect(summary.tokens).toEqual({ prompt: 3000, completion: 150, cached: 1200 });
    expect(summary).not.toHaveProperty('cost_usd');
    expect((await jsonl('unpriced/results.jsonl'))[0]).not.toHaveProperty('cost_usd');
  }, 120_000);

  it('a model critic\'s tokens are priced at its own model\'s price', () => {
    const budget = new RunBudget({ policy: { input: 1, output: 1 }, critic: { input: 10, output: 10 } });
    const tally = new Tally(budget.meter());
    tally.add({ model_calls: 1, usage: { prompt_tokens: 1000, completion_tokens: 0 } });
    tally.add({ model_calls: 1, usage: { prompt_tokens: 1000, completion_tokens: 0 }, verdicts: [] });
    expect(tally.totals()).toMatchObject({ model_calls: 2, tokens: { prompt: 2000, completion: 0 }, cost_usd: 0.011 });
    expect(budget.costUsd).toBeCloseTo(0.011, 9);
  });
});

describe('limits stop a run cleanly', () => {
  it('--max-model-calls: the episode in flight stops at its next step, none starts after, the summary and the report say so', async () => {
    const before = stub.chats().length;
    const r = await cairn(run('calls', '--seeds', '1..4', '--max-model-calls', '4'), env());
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(stub.chats().length - before).toBe(4);
    const episodes = await jsonl('calls/results.jsonl');
    expect(episodes.map((e) => e.status)).toEqual(['success', 'errored']);
    expect(episodes[1]).toMatchObject({ steps: 1, model_calls: 1, reason: 'stopped: the run made 4 model calls (--max-model-calls 4)' });
    const summary = await json('calls/summary.json');
    expect(summary).toMatchObject({
      episodes: 2, model_calls: 4,
      stopped: { by: 'max-model-calls', reason: 'the run made 4 model calls (--max-model-calls 4)', not_run: 2, cut_short: 1 },
    });
    expect(r.stdout).toContain('cairn: stopping: the run made 4 model calls (--max-model-calls 4)');
    expect(r.stdout).toContain('STOPPED: the run made 4 model calls (--max-model-calls 4); 2 episodes not run, 1 stopped at their next step');

    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'calls', 'report', 'index.html')).href);
    await expect(page.locator('#stopped').textContent()).resolves.toMatch(/Stopped early: the run made 4 model calls \(--max-model-calls 4\); 2 episodes not run, 1 stopped at their next step/);
    await expect(page.locator('#counts b').textContent()).resolves.toBe('1 / 0 / 1');
  }, 120_000);

  it('--max-cost with --prices FILE: the episode that reached it finishes, none starts after', async () => {
    await writeFile(join(dir, 'prices.yaml'), '# USD per million tokens\nstub-model: { input: 2, output: 8, cached: 0.5 }\n');
    const r = await cairn(run('cost', '--seeds', '1..3', '--prices', 'prices.yaml', '--max-cost', '0.005'), env());
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const episodes = await jsonl('cost/results.jsonl');
    expect(episodes).toMatchObject([{ status: 'success', cost_usd: 0.0054 }]);
    const summary = await json('cost/summary.json');
    expect(summary).toMatchObject({ episodes: 1, succeeded: 1, cost_usd: 0.0054, stopped: { by: 'max-cost', reason: 'the run spent $0.0054 (--max-cost 0.005)', not_run: 2, cut_short: 0 } });
    expect(existsSync(join(dir, 'cost', 'report', 'index.html'))).toBe(true);
  }, 120_000);
});

describe('bad prices and limits', () => {
  const oneLine = (r: { code: number; stderr: string }) => {
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return r.stderr.trim();
  };

  it('are refused before the run starts (exit 2), naming the flag, variable, file, line and field', async () => {
    expect(oneLine(await cairn(run('x1', '--max-cost', '1'), env())))
      .toBe('cairn: --max-cost needs prices: set CAIRN_PRICE_INPUT and CAIRN_PRICE_OUTPUT (USD per million tokens) or give --prices FILE');
    expect(oneLine(await cairn(run('x2', '--max-cost', 'lots'), env()))).toMatch(/--max-cost <usd>.*'lots'.*expected an amount in USD > 0/);
    expect(oneLine(await cairn(run('x3', '--max-model-calls', '0'), env()))).toMatch(/--max-model-calls <n>.*expected a whole number >= 1/);
    expect(oneLine(await cairn(run('x4'), env({ CAIRN_PRICE_INPUT: '2' }))))
      .toBe('cairn: CAIRN_PRICE_OUTPUT is not set: give both CAIRN_PRICE_INPUT and CAIRN_PRICE_OUTPUT (USD per million tokens)');
    expect(oneLine(await cairn(run('x5'), env({ CAIRN_PRICE_INPUT: 'two', CAIRN_PRICE_OUTPUT: '8' }))))
      .toBe('cairn: CAIRN_PRICE_INPUT="two": expected a price in USD per million tokens, a number >= 0');

    await writeFile(join(dir, 'typo.yaml'), 'other-model: { input: 1, output: 2 }\nstub-model:\n  input: 2\n  ouput: 8\n');
    expect(oneLine(await cairn(run('x6', '--prices', 'typo.yaml'), env()))).toBe('cairn: typo.yaml:4: stub-model.ouput: unknown field; expected input, output or cached');
    await writeFile(join(dir, 'neg.yaml'), 'stub-model: { input: -2, output: 8 }\n');
    expect(oneLine(await cairn(run('x7', '--prices', 'neg.yaml'), env()))).toBe('cairn: neg.yaml:1: stub-model.input: expected a number >= 0 (USD per million tokens), got -2');
    await writeFile(join(dir, 'other.yaml'), 'other-model: { input: 1, output: 2 }\n');
    expect(oneLine(await cairn(run('x8', '--prices', 'other.yaml'), env())))
      .toMatch(/^cairn: other\.yaml has no price for model "stub-model" \(the policy's\): add it, or set CAIRN_PRICE_INPUT and CAIRN_PRICE_OUTPUT/);
    for (const out of ['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8']) expect(existsSync(join(dir, out)), out).toBe(false);
  }, 120_000);
});
