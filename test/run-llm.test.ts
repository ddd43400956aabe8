// The llm policy end to end against the loopback model stub: a scripted model completes a
// demo task reading element ids off the prompt; a 401 ends its episode and the run goes on.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { startModelStub, type ModelStub, type StubRequest } from './model-stub.js';

let stub: ModelStub | undefined;
afterEach(async () => { await stub?.close(); stub = undefined; });

const userText = (req: StubRequest): string => {
  const content = req.body.messages.at(-1).content;
  return typeof content === 'string' ? content : content.map((p: { text?: string }) => p.text ?? '').join('\n');
};
const idOf = (screen: string, line: RegExp): number | undefined => {
  const m = screen.split('\n').find((l) => line.test(l))?.match(/^\[(\d+)\]/);
  return m ? Number(m[1]) : undefined;
};
const act = (action: object) => JSON.stringify({ thought: 'scripted', action });

/** A model that adds the contact its goal names, step by step, from what the screen shows. */
function contactAdder(req: StubRequest) {
  const text = userText(req);
  const goal = text.match(/Add a contact named (.+) with phone (555-\d{4})/);
  if (!goal) return { status: 400, body: { error: { message: `no goal in: ${text.slice(0, 300)}` } } };
  const [, name, phone] = goal;
  const screen = text.slice(text.lastIndexOf('<screen>'), text.lastIndexOf('</screen>'));
  if (screen.includes(`heading ${JSON.stringify(name)}`)) return act({ type: 'done', status: 'success' });
  const nameField = screen.split('\n').find((l) => /textbox "Name"/.test(l));
  if (!nameField) return act({ type: 'click', target: { element: idOf(screen, /link "Add contact"/) } });
  if (!nameField.includes('value=')) return act({ type: 'type', target: { element: idOf(screen, /textbox "Name"/) }, text: name });
  const phoneField = screen.split('\n').find((l) => /textbox "Phone"/.test(l))!;
  if (!phoneField.includes('value=')) return act({ type: 'type', target: { element: idOf(screen, /textbox "Phone"/) }, text: phone });
  return act({ type: 'click', target: { element: idOf(screen, /button "Save contact"/) } });
}

describe('llm policy runs', () => {
  it('a scripted model completes a demo task; the request holds the goal and the element list', async () => {
    stub = await startModelStub(contactAdder);
    const suite = await loadSuite(DEMO_SUITE);
    const out = await mkdtemp(join(tmpdir(), 'cairn-llm-'));
    const policy = makePolicy('llm', { model: 'stub-model', baseUrl: stub.url });
    const { summary, results } = await runSuite({
      screenshots: false, suite, policy, ids: ['contacts-add'], seeds: [3], out, log: () => {},
    });
    expect(results.map((r) => [r.status, r.reason])).toEqual([['success', expect.any(String)]]);
    expect(results[0]!.steps).toBe(5);
    expect(summary.model_calls).toBe(5);
    expect(summary.tokens.prompt).toBeGreaterThan(0);
    const [task] = instances({ ...suite, base_url: 'http://x/' }, { ids: ['contacts-add'], seeds: [3] });
    const first = userText(stub.chats()[0]!);
    expect(first).toContain(task!.goal);
    expect(first).toMatch(/\[\d+\] link "Add contact"/);
    expect(stub.chats()[0]!.body.model).toBe('stub-model');
    expect(stub.failures).toEqual([]);
  }, 120_000);

  it('a 401 marks its episode errored with a clear reason and the run goes on', async () => {
    let first = true;
    stub = await startModelStub((req) => {
      if (first) { first = false; return { status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } } }; }
      return contactAdder(req);
    });
    const suite = await loadSuite(DEMO_SUITE);
    const policy = makePolicy('llm', { model: 'stub-model', baseUrl: stub.url });
    const { summary, results } = await runSuite({
      screenshots: false, suite, policy, ids: ['contacts-add'], seeds: [1, 2],
      out: await mkdtemp(join(tmpdir(), 'cairn-llm-')), log: () => {},
    });
    expect(results.map((r) => r.status)).toEqual(['errored', 'success']);
    expect(results[0]!.reason).toMatch(/401/);
    expect(results[0]!.reason).toMatch(/OPENAI_API_KEY/);
    expect(summary.errored).toBe(1);
    expect(summary.succeeded).toBe(1);
  }, 120_000);
});
