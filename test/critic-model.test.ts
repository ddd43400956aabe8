import sharp from 'sharp';
import { afterEach, describe, expect, test } from 'vitest';
import type { Action, Observation, ResolvedTask, UIElement } from '../contract/index.js';
import { createModelClient } from '../agent/llm/client.js';
import { CriticError, createModelCritic, createPipeline, createRuleCritic, criticModelConfig, parseCriticReply, type VetContext } from '../critics/index.js';
import { startModelStub, type ModelStub, type StubRequest } from './model-stub.js';

const SCREEN = { width: 1280, height: 800 };
const TARGET = { x: 400, y: 300, w: 200, h: 60 };

let stub: ModelStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function el(id: number, role: string, name: string, bbox = { x: 10, y: 10 + 40 * id, w: 100, h: 30 }, enabled = true): UIElement {
  return { id, role, name, bbox, state: { enabled, visible: true }, attrs: {} };
}

async function observation(): Promise<Observation> {
  const screenshot = await sharp({ create: { width: SCREEN.width, height: SCREEN.height, channels: 3, background: '#ffffff' } }).png().toBuffer();
  return {
    platform: 'web', screen: SCREEN, location: 'http://127.0.0.1:1/contacts/', title: 'Contacts',
    elements: [el(0, 'link', 'Home'), el(1, 'button', 'Save contact', TARGET), el(2, 'button', 'Archive', undefined, false)],
    screenshot, digest: 'd',
  };
}

function task(): ResolvedTask {
  return {
    id: 't', seed: 1, instance: 't#1', goal: 'Save the contact Ada', goal_template: 'Save the contact {{name}}', params: {}, platform: 'web',
    start: { platform: 'web', url: 'http://127.0.0.1:1/contacts/', setup: [] }, checks: [], budget: { max_steps: 5, timeout_s: 60 },
    tags: [], allow_irreversible: true, at: 'x:1',
  };
}

const ctx = async (): Promise<VetContext> => ({
  task: task(), obs: await observation(),
  history: [{ action: { type: 'type', target: { element: 3 }, text: 'Ada' }, digest: 'd0', location: 'x', result: { ok: true } }],
});
const click = (element: number): Action => ({ type: 'click', target: { element } });
const reply = (verdict: string, suggestion = '') => JSON.stringify({ observation: 'a form with a Save button', likely_result: 'the contact is saved', verdict, suggestion });
const config = () => ({ model: 'critic-stub', baseURL: stub!.url, apiKey: 'k', maxRetries: 0 });

function userParts(req: StubRequest): { text: string; image?: string } {
  const user = req.body.messages.find((m: any) => m.role === 'user');
  const text = user.content.find((p: any) => p.type === 'text').text as string;
  const image = user.content.find((p: any) => p.type === 'image_url')?.image_url.url as string | undefined;
  return { text, image };
}

describe('the model critic', () => {
  test('sends the goal, the history, the proposed action and the screenshot with the target boxed in red', async () => {
    stub = await startModelStub([reply('correct')]);
    const critic = createModelCritic({ mode: 'always', config: config() });
    const v = await critic.vet(await ctx(), { action: click(1), thought: 'save it' }, { flagged: [] });
    expect(v).toMatchObject({ decision: 'approve', critic: 'model', rule: 'correct', model_calls: 1 });
    expect(v.usage!.prompt_tokens).toBeGreaterThan(0);

    const [req] = stub.chats();
    expect(req!.body.model).toBe('critic-stub');
    const { text, image } = userParts(req!);
    expect(text).toContain('Goal: Save the contact Ada');
    expect(text).toContain('1. type [3] "Ada"');
    expect(text).toContain('Proposed action: click [1]');
    expect(text).toContain('Its target: [1] button "Save contact"');
    expect(text).toContain("The agent's reasoning: save it");
    expect(image).toMatch(/^data:image\/png;base64,/);

    const png = Buffer.from(image!.split(',')[1]!, 'base64');
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const scale = info.width / SCREEN.width; // reduced to at most 1024 px
    expect(info.width).toBe(1024);
    const red = (x: number, y: number) => {
      const i = (Math.round(y) * info.width + Math.round(x)) * info.channels;
      return data[i]! > 200 && data[i + 1]! < 60 && data[i + 2]! < 60;
    };
    /** A red pixel within 4 px of (x, y): the stroke is a few px wide and anti-aliased. */
    const redNear = (x: number, y: number) => {
      for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) if (red(x + dx, y + dy)) return true;
      return false;
    };
    // The box's four edges, just outside the element, are red; inside it and far from it the page is untouched.
    const { x, y, w, h } = TARGET;
    for (const f of [0.25, 0.75]) {
      expect(redNear((x + f * w) * scale, y * scale - 2)).toBe(true);
      expect(redNear((x + f * w) * scale, (y + h) * scale + 2)).toBe(true);
    }
    expect(redNear(x * scale - 2, (y + h / 2) * scale)).toBe(true);
    expect(redNear((x + w) * scale + 2, (y + h / 2) * scale)).toBe(true);
    // the crosshair at the centre of the target
    expect(red((x + w / 2) * scale, (y + h / 2) * scale)).toBe(true);
    expect(redNear((x + w / 4) * scale, (y + h / 4) * scale)).toBe(false);
    expect(redNear(50 * scale, 700 * scale)).toBe(false);
  });

  test('incorrect becomes a revise with the suggestion', async () => {
    stub = await startModelStub(['```json\n' + reply('Incorrect', 'click [0] to go home first') + '\n```']);
    const v = await createModelCritic({ mode: 'always', config: config() }).vet(await ctx(), { action: click(1) }, { flagged: [] });
    expect(v).toMatchObject({ decision: 'revise', rule: 'incorrect', suggestion: 'click [0] to go home first' });
  });

  test('a malformed reply is retried once, then the step is approved with a warning', async () => {
    stub = await startModelStub(['I think it is fine', '{"verdict": "maybe"}']);
    const v = await createModelCritic({ mode: 'always', config: config() }).vet(await ctx(), { action: click(1) }, { flagged: [] });
    expect(v).toMatchObject({ decision: 'approve', rule: 'unparsed', model_calls: 2 });
    expect(v.warning).toContain('maybe');
    const chats = stub.chats();
    expect(chats).toHaveLength(2);
    const retry = chats[1]!.body.messages;
    expect(retry.at(-2)).toEqual({ role: 'assistant', content: 'I think it is fine' });
    expect(retry.at(-1).content).toContain('only the JSON object');
  });

  test('a malformed reply followed by a good one counts the good one', async () => {
    stub = await startModelStub(['not json', reply('incorrect', 'type the name first')]);
    const v = await createModelCritic({ mode: 'always', config: config() }).vet(await ctx(), { action: click(1) }, { flagged: [] });
    expect(v).toMatchObject({ decision: 'revise', model_calls: 2, suggestion: 'type the name first' });
  });

  test('an unreachable endpoint approves with a warning instead of blocking', async () => {
    stub = await startModelStub([{ status: 400, body: { error: { message: 'bad model', type: 'invalid_request_error' } } }]);
    const v = await createModelCritic({ mode: 'always', config: config() }).vet(await ctx(), { action: click(1) }, { flagged: [] });
    expect(v).toMatchObject({ decision: 'approve', rule: 'model_error' });
    expect(v.warning).toContain('bad model');
  });

  test('refused credentials are a CriticError naming the endpoint, not an approval', async () => {
    stub = await startModelStub([{ status: 401, body: { error: { message: 'invalid api key', type: 'invalid_request_error' } } }]);
    const vetting = createModelCritic({ mode: 'always', config: config() }).vet(await ctx(), { action: click(1) }, { flagged: [] });
    await expect(vetting).rejects.toThrow(CriticError);
    await expect(vetting).rejects.toThrow(/refused the credentials \(HTTP 401\) for model "critic-stub": check CAIRN_CRITIC_API_KEY/);
  });

  test('risky mode asks only about flagged or uncertain steps; off never asks', async () => {
    stub = await startModelStub([reply('correct'), reply('correct')]);
    const risky = createModelCritic({ mode: 'risky', config: config() });
    expect((await risky.vet(await ctx(), { action: click(1) }, { flagged: [] })).rule).toBe('skipped');
    expect((await risky.vet(await ctx(), { action: click(1), uncertain: true }, { flagged: [] })).rule).toBe('correct');
    expect((await risky.vet(await ctx(), { action: click(1) }, { flagged: ['irreversible: x'] })).rule).toBe('correct');
    expect((await createModelCritic({ mode: 'off' }).vet(await ctx(), { action: click(1) }, { flagged: [] })).rule).toBe('skipped');
    expect(stub.chats()).toHaveLength(2);
    expect(userParts(stub.chats()[1]!).text).toContain('Flagged by the rules: irreversible: x');
  });

  test('in a pipeline the model is not called when a rule already rejected', async () => {
    stub = await startModelStub([]);
    const p = createPipeline([createRuleCritic(), createModelCritic({ mode: 'always', config: config() })], { irreversible: 'deny' });
    const out = await p.vet(await ctx(), { action: click(2) });
    expect(out.verdict).toMatchObject({ critic: 'rules', rule: 'target_enabled' });
    expect(stub.requests).toHaveLength(0);
  });

  test('in a pipeline a flagged irreversible step reaches the model in risky mode, and its tokens are summed', async () => {
    stub = await startModelStub([reply('incorrect', 'do not delete')]);
    const obs = await observation();
    obs.elements = [...obs.elements, el(3, 'button', 'Delete contact')];
    const p = createPipeline([createRuleCritic(), createModelCritic({ mode: 'risky', config: config() })], { irreversible: 'deny' });
    const out = await p.vet({ ...(await ctx()), obs }, { action: click(3) });
    expect(out.verdicts.map((v) => `${v.critic}:${v.decision}`)).toEqual(['rules:approve', 'model:revise']);
    expect(out.model_calls).toBe(1);
    expect(out.usage.completion_tokens).toBeGreaterThan(0);
  });

  test("agent/llm's client.chat can be injected as the chat function", async () => {
    stub = await startModelStub([reply('correct')]);
    const client = createModelClient({ model: 'shared', baseURL: stub.url, apiKey: 'k', vision: true, maxRetries: 0 });
    const v = await createModelCritic({ mode: 'always', chat: (m) => client.chat(m) }).vet(await ctx(), { action: click(1) }, { flagged: [] });
    expect(v.decision).toBe('approve');
    expect(stub.chats()[0]!.body.model).toBe('shared');
  });
});

describe('critic model settings and reply parsing', () => {
  test('criticModelConfig reads CAIRN_CRITIC_* and explains what is missing', () => {
    expect(criticModelConfig({ CAIRN_CRITIC_MODEL: 'm', CAIRN_CRITIC_BASE_URL: 'http://h/v1' })).toEqual({ model: 'm', baseURL: 'http://h/v1', apiKey: 'none' });
    expect(criticModelConfig({ CAIRN_CRITIC_MODEL: 'm', OPENAI_API_KEY: 'sk-1' })).toEqual({ model: 'm', baseURL: 'https://api.openai.com/v1', apiKey: 'sk-1' });
    // what the critic's own variables leave unset comes from the OPENAI_* pair, as for the policy and the embedder
    expect(criticModelConfig({ CAIRN_CRITIC_MODEL: 'm', OPENAI_BASE_URL: 'http://o/v1' })).toEqual({ model: 'm', baseURL: 'http://o/v1', apiKey: 'none' });
    expect(criticModelConfig({ CAIRN_CRITIC_MODEL: 'm', CAIRN_CRITIC_API_KEY: 'c', OPENAI_API_KEY: 'o' }).apiKey).toBe('c');
    expect(() => criticModelConfig({})).toThrow(/CAIRN_CRITIC_MODEL/);
    expect(() => criticModelConfig({ CAIRN_CRITIC_MODEL: 'm' })).toThrow(/CAIRN_CRITIC_API_KEY or OPENAI_API_KEY/);
  });

  test('parseCriticReply reads the object and says what is wrong otherwise', () => {
    expect(parseCriticReply('sure: {"verdict": "CORRECT"} done')).toMatchObject({ verdict: 'correct' });
    expect(parseCriticReply('no')).toEqual({ error: 'no JSON object in the reply' });
    expect(parseCriticReply('{"verdict": "meh"}')).toMatchObject({ error: expect.stringContaining('verdict') });
    expect(parseCriticReply('{verdict: correct}')).toMatchObject({ error: expect.stringContaining('does not parse') });
  });
});
