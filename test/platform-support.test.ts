// What each platform does is declared once (contract/platforms.ts): the prompt's action list is
// written from the action docs filtered by it, and the rule critic refuses in the drivers' words.
import { describe, expect, test } from 'vitest';
import { buildMessages } from '../agent/llm/prompt.js';
import type { StepContext } from '../agent/types.js';
import { createRuleCritic } from '../critics/index.js';
import { abilityOf, ACTION_DOCS, ActionSchema, describeAction, PLATFORM_SUPPORT, refusal, type Ability, type Action, type Observation, type Platform, type ResolvedTask } from '../contract/index.js';

const ABILITIES = Object.keys(ACTION_DOCS) as Ability[];

/** A form with its placeholders filled: T a target, `"a"|"b"` the first choice. */
function example(form: string): unknown {
  const filled = form.replace(/\bT\b/g, '{"element": 1}').replace(/("[^"]*")(\|"[^"]*")+/g, '$1');
  return JSON.parse(filled);
}

function ctx(platform: Platform): StepContext {
  const obs: Observation = {
    platform, screen: { width: 800, height: 600 }, location: platform === 'web' ? 'http://127.0.0.1:9/' : 'com.example/.Main', digest: 'd',
    elements: [{ id: 1, role: 'button', name: 'Save', bbox: { x: 10, y: 10, w: 80, h: 30 }, state: { enabled: true, visible: true }, attrs: {} }],
  };
  const task: ResolvedTask = {
    id: 't', seed: 1, instance: 't#1', goal: 'Save', goal_template: 'Save', params: {}, platform,
    start: platform === 'web' ? { platform, url: 'http://127.0.0.1:9/', setup: [] } : { platform, app: 'com.example', setup: [] },
    checks: [], budget: { max_steps: 5, timeout_s: 60 }, tags: [], allow_irreversible: false, at: 'test.yaml:1',
  } as ResolvedTask;
  return { task, obs, history: [], remaining: 5 };
}

async function systemPromptOf(platform: Platform): Promise<string> {
  const [system] = await buildMessages(ctx(platform), { vision: false });
  return system!.content as string;
}

test('every documented form is an action the schema takes, of the ability it documents', () => {
  for (const ability of ABILITIES) {
    const parsed = ActionSchema.safeParse(example(ACTION_DOCS[ability].form));
    expect(parsed.success, `${ability}: ${ACTION_DOCS[ability].form}`).toBe(true);
    expect(abilityOf(parsed.data as Action)).toBe(ability);
  }
});

describe.each(['web', 'android'] as const)('on %s', (platform) => {
  const support = PLATFORM_SUPPORT[platform];
  const done = ABILITIES.filter((a) => support[a] === true);
  const refused = ABILITIES.filter((a) => support[a] !== true);

  test('the prompt lists the forms of exactly the abilities the driver declares', async () => {
    const prompt = await systemPromptOf(platform);
    const listed = prompt.split('\n').filter((line) => line.startsWith('- {"type"'));
    expect(listed).toHaveLength(done.length);
    for (const a of done) expect(prompt).toContain(`- ${ACTION_DOCS[a].form}`);
    for (const a of refused) expect(prompt).not.toContain(ACTION_DOCS[a].form);
  });

  test('the rule critic refuses what the driver refuses, in the same words', async () => {
    const critic = createRuleCritic({});
    for (const ability of refused) {
      const action = ActionSchema.parse(example(ACTION_DOCS[ability].form));
      const v = await critic.vet({ task: ctx(platform).task, obs: ctx(platform).obs, history: [] }, { action }, { flagged: [] });
      expect(v, describeAction(action)).toMatchObject({ decision: 'revise', rule: 'platform', reason: refusal(platform, action) });
    }
  });
});

test('Android is declared without hover and select, the web without opening apps', async () => {
  expect(ABILITIES.filter((a) => PLATFORM_SUPPORT.android[a] !== true)).toEqual(['hover', 'select']);
  expect(ABILITIES.filter((a) => PLATFORM_SUPPORT.web[a] !== true)).toEqual(['open_app']);
  const android = await systemPromptOf('android');
  expect(android).toContain('operates an Android device');
  expect(android).not.toMatch(/"type": "hover"|"type": "select"/);
  expect(android).toContain('{"type": "open", "app": "..."}');
  const web = await systemPromptOf('web');
  expect(web).toContain('operates a web browser');
  expect(web).toContain('{"type": "hover", "target": T}');
  expect(web).not.toContain('"app"');
});
