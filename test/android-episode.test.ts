// One task run end to end on Android: runEpisode with an AndroidDriver on a real Appium server
// (fake driver) and the llm policy asking the loopback model stub, which answers in
// AndroidWorld's JSON action format. The fake's page source never changes after an action, so
// the model sees the same screen every step; what is checked is that each of the model's
// actions reached the device (the fake's action log and field values) and how the episode ends.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runEpisode } from '../agent/episode.js';
import { createLlmPolicy } from '../agent/llm/policy.js';
import { AndroidDriver } from '../drivers/android/driver.js';
import type { ResolvedTask } from '../contract/index.js';
import { startFakeAppium, type FakeAppium } from './appium-server.js';
import { startModelStub, type ModelStub } from './model-stub.js';

let server: FakeAppium;
let stub: ModelStub;

beforeAll(async () => { server = await startFakeAppium(); });
afterAll(async () => {
  await stub?.close();
  await server?.close();
});

const task: ResolvedTask = {
  id: 'contacts-add', seed: 3, instance: 'contacts-add#3',
  goal: 'Add a contact named Ann Lee', goal_template: 'Add a contact named {{name}}', params: { name: 'Ann Lee' },
  platform: 'android',
  start: { platform: 'android', app: 'com.example.contacts/.NewContactActivity', setup: [{ wait_ms: 10 }] },
  checks: [
    { kind: 'element', present: true, role: 'button', name: 'Save' },
    { kind: 'url', contains: 'com.example.contacts' },
  ],
  budget: { max_steps: 6, timeout_s: 60 }, tags: [], allow_irreversible: false, at: 'android-emulator.yaml:1',
};

it('runs a task through runEpisode with the llm policy speaking AndroidWorld JSON', async () => {
  stub = await startModelStub([
    'Reason: the name field is empty. Action: {"action_type": "input_text", "text": "Ann Lee", "index": 3}',
    '{"action_type": "click", "index": 6}',
    '{"action_type": "scroll", "direction": "down"}',
    '{"action_type": "status", "goal_status": "complete"}',
  ]);
  const driver = new AndroidDriver({ appium: server.url, capabilities: server.capabilities });
  try {
    const policy = createLlmPolicy({ config: { model: 'stub-model', baseURL: stub.url, apiKey: 'none', vision: false, maxRetries: 0, timeoutMs: 5000 } });
    const result = await runEpisode({ task, episode: 1, driver, policy, screenshots: false });

    expect(stub.failures).toEqual([]);
    expect(result).toMatchObject({ status: 'success', reason: 'agent said done', steps: 4, model_calls: 4 });
    // the model saw the device's screen: the fixture's element list, fenced in the prompt
    const prompt = JSON.stringify(stub.chats()[0]!.body.messages);
    expect(prompt).toContain('[3] textbox \\"Name\\" focused hint=Name');
    expect(prompt).toContain('[6] button \\"Save\\"');

    // input_text submits with Enter, which the fake lacks: the text went in, the step failed and
    // the model was told so on the next step
    const second = JSON.stringify(stub.chats()[1]!.body.messages);
    expect(second).toMatch(/type \[3\] \\"Ann Lee\\" submit.*mobile: pressKey/);

    const [sessionId] = await server.sessions();
    expect(await server.valueAt(sessionId!, '//*[@resource-id="com.example.contacts:id/name"]')).toBe('Ann Lee');
    const gestures = (await server.actionLog(sessionId!)).map((seq) => seq[0]!.actions);
    // click [6] Save at the centre of [700,720][1040,840]; then scroll down: the finger moves up the list
    expect(gestures[0]![0]).toMatchObject({ x: 870, y: 780 });
    expect(gestures[1]![0]).toMatchObject({ x: 540, y: 2025 });
    expect(gestures[1]![3]).toMatchObject({ x: 540, y: 1275 });
    expect(gestures).toHaveLength(2);
  } finally {
    await driver.close();
  }
});
