// Issue 13, points 1-3: a model may fill only the secrets its task declares, only by typing
// into a field of the start origin's own frame, never into a URL (an `open`, a GET form) or a
// foreign frame, and a secret that reaches the page's URL is redacted from prompts and traces.
// Real Chromium, two loopback sites (two ports: two origins), the scripted model stub.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { parseSuite } from '../tasks/load.js';
import { startModelStub, type ModelStub, type StubRequest } from './model-stub.js';
import { startRecordingSite, type RecordingSite } from './recording-site.js';

const PW = 'Quokka-Lantern-7731';
const OTHER = 'Walrus-Meridian-4402';

/** Every field reports what is typed into it to its own origin's server. */
const REPORT = `<script>document.addEventListener('input', (e) => fetch('/seen', { method: 'POST', body: e.target.name + '=' + e.target.value }));</script>`;

const page = (foreign: string) => `<!DOCTYPE html><html><head><title>Sign in</title></head><body>
<h1>Sign in</h1>
<form method="post" action="/login"><input name="password" aria-label="Password" type="password"><button>Sign in</button></form>
<form method="get" action="/search" role="search"><input name="q" aria-label="Search"><button>Search</button></form>
<iframe src="${foreign}/widget" title="Payment widget" width="400" height="120"></iframe>
${REPORT}</body></html>`;

const WIDGET = `<!DOCTYPE html><html><body><input name="token" aria-label="Card token">${REPORT}</body></html>`;

let site: RecordingSite;
let foreign: RecordingSite;
let stub: ModelStub | undefined;

beforeAll(async () => {
  foreign = await startRecordingSite({ '/widget': WIDGET, '/seen': '' });
  site = await startRecordingSite({
    '/login-page': page(foreign.origin),
    '/seen': '',
    '/search': 'results',
    // A site that echoes what it was sent in the URL it redirects to.
    '/login': (req, res) => {
      res.writeHead(303, { location: `/welcome?${req.body}` });
      res.end();
    },
    '/welcome': '<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Welcome</h1></body></html>',
  });
});
afterAll(async () => { await site?.close(); await foreign?.close(); });
afterEach(async () => {
  await stub?.close();
  stub = undefined;
  delete process.env.CAIRN_GATE_PW;
  delete process.env.CAIRN_GATE_OTHER;
});

const suite = (origin: string) => parseSuite(`name: secret-gate
base_url: ${origin}/
tasks:
  - id: sign-in
    goal: "Sign in with the password {{secret:CAIRN_GATE_PW}}"
    start: { url: /login-page }
    checks:
      - js: "document.title.length >= 0"
    budget: { max_steps: 10, timeout_s: 90 }
`, 'secret-gate.yaml');

const userText = (req: StubRequest): string => req.body.messages.at(-1).content;
const idOf = (text: string, line: RegExp): number => {
  const screen = text.slice(text.lastIndexOf('<screen>'), text.lastIndexOf('</screen>'));
  const m = screen.split('\n').find((l) => line.test(l))?.match(/^\[(\d+)\]/);
  if (!m) throw new Error(`no ${line} on the screen:\n${screen}`);
  return Number(m[1]);
};
const reply = (action: object) => JSON.stringify({ thought: 'scripted', action });

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Runs the task with a model that plays `script`, one action per request, reading ids off the screen. */
async function runScripted(script: Array<(screen: string) => object>) {
  let n = 0;
  stub = await startModelStub((req) => {
    try {
      return reply(script[n++]!(userText(req)));
    } catch (e) {
      return { status: 400, headers: { 'x-should-retry': 'false' }, body: { error: { message: (e as Error).message } } };
    }
  });
  const out = await mkdtemp(join(tmpdir(), 'cairn-secret-gate-'));
  const { results } = await runSuite({
    suite: suite(site.origin), policy: makePolicy('llm', { model: 'stub-model', baseUrl: stub.url }), out, log: () => {},
  });
  expect(stub.failures).toEqual([]);
  const trace = JSON.parse(readFileSync(filesUnder(out).find((f) => f.endsWith('trace.json'))!, 'utf8'));
  const outcomes = trace.steps.map((s: { result: { ok: boolean; error?: string } }) => (s.result.ok ? 'ok' : s.result.error));
  return { result: results[0]!, trace, outcomes, last: userText(stub.chats().at(-1)!), out };
}

/** Nothing the run wrote, nor anything the model was sent, holds a secret's value. */
function expectNowhere(out: string, values: string[]): void {
  for (const req of stub!.requests) for (const v of values) expect(JSON.stringify(req.body)).not.toContain(v);
  for (const f of filesUnder(out)) {
    const bytes = readFileSync(f);
    for (const v of values) expect(bytes.includes(v), f).toBe(false);
  }
}

const seenBy = (s: RecordingSite, value: string) => s.received.filter((r) => r.body.includes(value) || r.url.includes(value));

describe('secrets go only where the task declares and means them', () => {
  it('an undeclared secret, a secret in an open URL, a key or an answer is refused; a declared one is typed on its origin, and its echo in the URL is redacted', async () => {
    process.env.CAIRN_GATE_PW = PW;
    process.env.CAIRN_GATE_OTHER = OTHER;
    const before = site.received.length;
    const { result, trace, outcomes, last, out } = await runScripted([
      (t) => ({ type: 'type', target: { element: idOf(t, /textbox "Password"/) }, text: '{{secret:CAIRN_GATE_OTHER}}' }),
      () => ({ type: 'open', url: `${site.origin}/search?q={{secret:CAIRN_GATE_PW}}` }),
      () => ({ type: 'key', key: '{{secret:CAIRN_GATE_PW}}' }),
      () => ({ type: 'answer', text: 'the password is {{secret:CAIRN_GATE_PW}}' }),
      (t) => ({ type: 'type', target: { element: idOf(t, /textbox "Password"/) }, text: '{{secret:CAIRN_GATE_PW}}', submit: true }),
      () => ({ type: 'done', status: 'success' }),
    ]);
    expect(result.reason).toMatch(/agent said done/);
    expect(outcomes).toEqual([
      expect.stringMatching(/^refused: \{\{secret:CAIRN_GATE_OTHER\}\} is not a secret of this task, so nothing was done \(its secrets: \{\{secret:CAIRN_GATE_PW\}\}\)$/),
      expect.stringMatching(/^refused: a secret never travels in a URL/),
      expect.stringMatching(/^refused: a secret is only ever typed into a text field; "key" never carries one/),
      expect.stringMatching(/^refused: a secret is only ever typed into a text field; "answer" never carries one/),
      'ok',
      'ok',
    ]);
    // The model saw each refusal.
    expect(last.match(/failed: refused:/g)).toHaveLength(4);

    // The declared secret reached its own origin by POST (the field's report and the form); the
    // site echoed it into the URL it redirected to; the other variable was never read.
    const received = site.received.slice(before);
    expect(received.filter((r) => r.body.includes(OTHER) || r.url.includes(OTHER))).toEqual([]);
    expect(received.filter((r) => r.url.includes(PW)).map((r) => r.url)).toEqual([`/welcome?password=${PW}`]);
    expect(received.some((r) => r.method === 'POST' && r.url === '/login' && r.body === `password=${PW}`)).toBe(true);
    expect(seenBy(foreign, PW)).toEqual([]);

    // That URL reached the prompt and the trace as the placeholder.
    expect(last).toContain(`location: ${site.origin}/welcome?password={{secret:CAIRN_GATE_PW}}`);
    expect(trace.steps.at(-1).location).toBe(`${site.origin}/welcome?password={{secret:CAIRN_GATE_PW}}`);
    expectNowhere(out, [PW, OTHER]);
  }, 120_000);

  it('the frame that receives the text decides: a GET form field and a cross-origin iframe field are refused', async () => {
    process.env.CAIRN_GATE_PW = PW;
    const before = site.received.length;
    const { outcomes, out } = await runScripted([
      (t) => ({ type: 'type', target: { element: idOf(t, /textbox "Search"/) }, text: '{{secret:CAIRN_GATE_PW}}', submit: true }),
      (t) => ({ type: 'type', target: { element: idOf(t, /textbox "Card token"/) }, text: '{{secret:CAIRN_GATE_PW}}' }),
      () => ({ type: 'done', status: 'success' }),
    ]);
    expect(outcomes).toEqual([
      expect.stringMatching(/^refused: \[\d+\] is in a form that sends its fields in the URL \(method GET\), and a secret never travels in a URL$/),
      expect.stringMatching(new RegExp(`^refused: this task's secrets are typed only on ${site.origin}, and \\[\\d+\\] is on ${foreign.origin}$`)),
      'ok',
    ]);
    expect(seenBy(foreign, PW)).toEqual([]);
    expect(site.received.slice(before).filter((r) => r.body.includes(PW) || r.url.includes(PW))).toEqual([]);
    expectNowhere(out, [PW]);
  }, 120_000);
});
