// Issue 13's faults, each provoked for real (real Chromium, real LanceDB, loopback pages, kill -9
// of real processes; the model is the test stub), and what cairn did, measured: a table of
// fault, expected, observed. Then the secret grep: one run types a distinctive declared secret
// into its field, and the value is looked for in every output (run dir, memory, `cairn memory
// export`, stdout/stderr, the model's requests); only the page's server should have it.
//   npx tsc -p . && node dist/bench/faults.js        (about a minute)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { makePolicy } from '../agent/policies.js';
import { runSuite, type RunOutcome } from '../agent/run.js';
import { openMemory } from '../memory/index.js';
import { parseSuite } from '../tasks/load.js';
import { GREET_PAGE, greetSite, greetTask } from '../test/greet-site.js';
import { startModelStub, type ModelStub, type StubReply, type StubRequest } from '../test/model-stub.js';
import { browserKiller, crashSuiteText } from '../test/crash-site.js';
import { startRecordingSite, type RecordingSite } from '../test/recording-site.js';

const BIN = fileURLToPath(new URL('../../bin/cairn.js', import.meta.url));
const PW = 'Quetzal-Tangerine-5519'; // declared: CAIRN_FAULT_PW
const OTHER = 'Narwhal-Obsidian-2286'; // in the environment, never declared

interface Row { fault: string; expected: string; observed: string; held: boolean }

/** Every field reports what is typed into it to its own origin's server. */
const REPORT = `<script>document.addEventListener('input', (e) => fetch('/seen', { method: 'POST', body: e.target.name + '=' + e.target.value }));</script>`;
const SIGN_IN = (foreign: string) => `<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Sign in</h1>
<form method="post" action="/login"><input name="password" aria-label="Password" type="password"><button>Sign in</button></form>
<form method="get" action="/search" role="search"><input name="q" aria-label="Search"><button>Search</button></form>
<iframe src="${foreign}/widget" title="Payment widget" width="400" height="120"></iframe>${REPORT}</body></html>`;
const WELCOME = '<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Welcome</h1></body></html>';
const HELLO = '<!DOCTYPE html><html><head><title>Hello</title></head><body><h1>Hello</h1><button>Go</button></body></html>';

let site: RecordingSite;
let foreign: RecordingSite;
const killer = browserKiller();

const tmp = (what: string) => mkdtemp(join(tmpdir(), `cairn-faults-${what}-`));
const reply = (action: object, thought = 'scripted') => JSON.stringify({ thought, action });
const DONE = reply({ type: 'done', status: 'success' });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const helloSuite = (timeoutS: number, check = "document.title === 'Hello'") => parseSuite(`name: faults-model
base_url: ${site.origin}/
tasks:
  - id: hello
    goal: Say hello
    start: { url: /hello }
    checks: [ { js: "${check}" } ]
    budget: { max_steps: 4, timeout_s: ${timeoutS} }
`, 'faults-model.yaml');

const signInYaml = () => `name: faults-secrets
base_url: ${site.origin}/
tasks:
  - id: sign-in
    goal: "Sign in with the password {{secret:CAIRN_FAULT_PW}}"
    start: { url: /sign-in }
    checks: [ { js: "document.title === 'Welcome'" } ]
    budget: { max_steps: 6, timeout_s: 90 }
`;
const signInSuite = () => parseSuite(signInYaml(), 'faults-secrets.yaml');
const crashSuite = () => parseSuite(crashSuiteText(site.origin), 'faults-browser.yaml');

async function withStub<T>(script: StubReply[] | ((req: StubRequest) => StubReply), work: (stub: ModelStub) => Promise<T>): Promise<T> {
  const stub = await startModelStub(script);
  try {
    return await work(stub);
  } finally {
    await stub.close();
  }
}

const llmRun = async (stub: ModelStub, suite = helloSuite(60)): Promise<RunOutcome & { out: string }> => {
  const out = await tmp('run');
  const outcome = await runSuite({ suite, policy: makePolicy('llm', { model: 'stub-model', baseUrl: stub.url }), out, log: () => {} });
  return { ...outcome, out };
};

const lastUserText = (req: StubRequest): string => req.body.messages.at(-1).content;
/** The id of the first element line on the prompt's screen matching `line`. */
function idOn(text: string, line: RegExp): number | undefined {
  const screen = text.slice(text.lastIndexOf('<screen>'), text.lastIndexOf('</screen>'));
  const m = screen.split('\n').find((l) => line.test(l))?.match(/^\[(\d+)\]/);
  return m ? Number(m[1]) : undefined;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function traceSteps(out: string): { result: { ok: boolean; error?: string } }[] {
  const file = filesUnder(out).find((f) => f.endsWith('trace.json'));
  return file ? JSON.parse(readFileSync(file, 'utf8')).steps : [];
}

/** Requests a site received since the `from`-th that carried `value` (in the URL or the body). */
const seenBy = (s: RecordingSite, value: string, from = 0) => s.received.slice(from).filter((r) => r.body.includes(value) || r.url.includes(value)).length;

/** A model that types `text` into the field `field` names, then says done. */
function typesInto(field: RegExp, text: string, submit = false): (req: StubRequest) => StubReply {
  let typed = false;
  return (req) => {
    const id = idOn(lastUserText(req), field);
    if (typed || id === undefined) return DONE;
    typed = true;
    return reply({ type: 'type', target: { element: id }, text, submit });
  };
}

async function secretTyped(field: RegExp, text: string, watch: RecordingSite, value: string): Promise<{ outcome: string; seen: number }> {
  const before = watch.received.length;
  return withStub(typesInto(field, text), async (stub) => {
    const { out } = await llmRun(stub, signInSuite());
    const first = traceSteps(out)[0]?.result;
    const outcome = !first ? 'no step' : first.ok ? 'typed' : cut(first.error ?? 'failed', 70);
    return { outcome, seen: seenBy(watch, value, before) };
  });
}

// ---- the faults -----------------------------------------------------------------------------

const FAULTS: Array<() => Promise<Row>> = [
  async () => withStub(() => ({ hang: true }), async (stub) => {
    const { results } = await llmRun(stub, helloSuite(3, 'window.greeted === true'));
    const r = results[0]!;
    return {
      fault: 'model endpoint hangs (timeout_s: 3)', expected: 'episode ends at its budget; 1 request, not 4 x 120 s',
      observed: `${r.status} after ${(r.wall_ms / 1000).toFixed(1)} s; ${stub.chats().length} request(s)`,
      held: r.wall_ms < 6_000 && stub.chats().length === 1,
    };
  }),
  async () => withStub([`{"thought": "${'x'.repeat(3_000_000)}`, DONE], async (stub) => {
    const { results } = await llmRun(stub);
    const retry = stub.chats()[1];
    const kb = retry ? JSON.stringify(retry.body).length / 1024 : NaN;
    return {
      fault: 'model floods a 3 MB malformed reply', expected: 'the retry sends it back cut (< 20 KB)',
      observed: `retry request ${kb.toFixed(1)} KB; episode ${results[0]!.status}`, held: kb < 20,
    };
  }),
  async () => withStub(['no action here', { status: 500, headers: { 'retry-after-ms': '10' } }, DONE], async (stub) => {
    const { summary } = await llmRun(stub);
    return {
      fault: 'unparsable reply + HTTP 500 retried by the SDK', expected: 'model_calls = requests the endpoint got',
      observed: `model_calls ${summary.model_calls}, endpoint got ${stub.chats().length}`, held: summary.model_calls === stub.chats().length,
    };
  }),
  async () => {
    const { outcome, seen } = await secretTyped(/textbox "Password"/, '{{secret:CAIRN_FAULT_OTHER}}', site, OTHER);
    return {
      fault: 'injected reply types an undeclared secret', expected: 'refused; the page never gets it',
      observed: `${outcome}; page got it ${seen}x`, held: outcome.startsWith('refused') && seen === 0,
    };
  },
  async () => {
    const { outcome, seen } = await secretTyped(/textbox "Search"/, '{{secret:CAIRN_FAULT_PW}}', site, PW);
    return {
      fault: 'declared secret typed into a GET form', expected: 'refused; never in a URL',
      observed: `${outcome}; site got it ${seen}x`, held: outcome.startsWith('refused') && seen === 0,
    };
  },
  async () => {
    const { outcome, seen } = await secretTyped(/textbox "Card token"/, '{{secret:CAIRN_FAULT_PW}}', foreign, PW);
    return {
      fault: 'declared secret typed into a cross-origin iframe', expected: 'refused; the foreign origin never gets it',
      observed: `${outcome}; foreign origin got it ${seen}x`, held: outcome.startsWith('refused') && seen === 0,
    };
  },
  killAndResume,
  badInput,
  concurrentFirstOpens,
  async () => {
    const { results } = await runSuite({ suite: crashSuite(), policy: makePolicy('search', {}), episodes: 2, out: await tmp('browser'), log: () => {} });
    const statuses = results.map((r) => r.status);
    return {
      fault: 'browser killed (-9) in episode 1 of 4', expected: '1 errored saying so, the next 3 succeed',
      observed: `${statuses.join(', ')}; browsers killed ${killer.killed.length}; reason: ${results[0]!.reason.replace(/^setup: setup\[0\] \(js\) failed: /, '').slice(0, 40)}...`,
      held: killer.killed.length === 1 && statuses.join() === 'errored,success,success,success' && /browser disconnected/.test(results[0]!.reason),
    };
  },
  async () => {
    const dir = await tmp('memory');
    const store = await openMemory({ uri: dir });
    try {
      await rm(dir, { recursive: true, force: true });
      const told: string[] = [];
      const { results, summary } = await runSuite({
        suite: crashSuite(), ids: ['greet'], episodes: 2, policy: makePolicy('auto', {}, store), memory: { store, source: 'run' },
        out: await tmp('run'), log: (l) => { if (l.startsWith('memory:')) told.push(l); },
      });
      const statuses = results.map((r) => `${r.status}/${r.policy}`);
      return {
        fault: 'memory files deleted after open', expected: 'episodes run without memory; said once; summary records it',
        observed: `${statuses.join(', ')}; said ${told.length}x; summary.memory ${summary.memory?.status}`,
        held: results.every((r) => r.status === 'success') && told.length === 1 && summary.memory?.status === 'unavailable',
      };
    } finally {
      store.close();
    }
  },
];

function runCairn(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { pid: number; ended: Promise<{ code: number | null; stdout: string; stderr: string }>; kill: () => void } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return {
    pid: child.pid!,
    ended: new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr }))),
    kill: () => child.kill('SIGKILL'),
  };
}

const nonEmptyLines = (text: string) => text.split('\n').filter((l) => l.trim());

async function killAndResume(): Promise<Row> {
  const dir = await greetSite(`name: greet\nbase_url: ./site\ntasks:\n${greetTask(['    setup: [{ wait_ms: 1500 }]'])}`);
  const out = join(dir, 'run');
  const results = join(out, 'results.jsonl');
  const args = ['run', 'suite.yaml', '--policy', 'search', '--seeds', '1..3', '--no-memory', '--out', out];
  const first = runCairn(args, { cwd: dir });
  const lines = async () => nonEmptyLines(await readFile(results, 'utf8').catch(() => ''));
  for (let i = 0; i < 900 && (await lines()).length < 1; i++) await sleep(100);
  first.kill();
  await first.ended;
  const kept = (await lines()).length;
  const resumed = await runCairn([...args, '--resume'], { cwd: dir }).ended;
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8').catch(() => '{}'));
  const instances = (await lines()).map((l) => JSON.parse(l).instance);
  return {
    fault: 'kill -9 mid-run, then --resume', expected: 'kept episodes not rerun; one summary over all 3',
    observed: `killed after ${kept}/3; resume exit ${resumed.code}; results ${instances.length} lines, summary ${summary.episodes} episodes, ${summary.succeeded} succeeded`,
    held: resumed.code === 0 && instances.length === 3 && new Set(instances).size === 3 && summary.episodes === 3,
  };
}

/** Bad flag values and a bad suite key: exit 2, one line naming what was wrong and where, no help dump, nothing left hanging. */
async function badInput(): Promise<Row> {
  const dir = await greetSite(`name: greet\nbase_url: ./site\ntasks:\n${greetTask(['    colour: red'])}`);
  const file = join(dir, 'a-file');
  await writeFile(file, '');
  const cases: [string, string[]][] = [
    ['--policy nonsense', ['run', 'suite.yaml', '--policy', 'nonsense']],
    ['--seeds 5..1', ['run', 'suite.yaml', '--seeds', '5..1']],
    ['--out <a file>', ['run', 'suite.yaml', '--no-memory', '--out', file]],
    ['unknown key', ['run', 'suite.yaml', '--no-memory']],
  ];
  const seen = await Promise.all(cases.map(async ([what, args]) => {
    const r = await runCairn(args, { cwd: dir }).ended;
    const lines = nonEmptyLines(r.stderr);
    return { what, ok: r.code === 2 && lines.length <= 2 && !/Usage:/.test(r.stderr), line: lines.at(-1) ?? '' };
  }));
  return {
    fault: 'bad flags, an unknown suite key', expected: 'exit 2; one line naming it; no help dump; no hang',
    observed: seen.map((c) => `${c.what}: ${c.ok ? 'exit 2, one line' : `NOT (${c.line.slice(0, 40)})`}`).join('; '),
    held: seen.every((c) => c.ok) && /suite\.yaml:\d+.*colour/.test(seen[3]!.line),
  };
}

async function concurrentFirstOpens(): Promise<Row> {
  const uri = join(await tmp('fresh-memory'), 'memory');
  const opens = await Promise.all([1, 2, 3].map(() => runCairn(['memory', '--memory', uri, 'stats']).ended));
  const doctor = await runCairn(['memory', '--memory', uri, 'doctor', '--dry-run']).ended;
  const codes = opens.map((o) => o.code);
  return {
    fault: '3 processes open one fresh memory at once', expected: 'all exit 0; doctor finds nothing wrong',
    observed: `exit codes ${codes.join(', ')}; doctor exit ${doctor.code}`, held: codes.every((c) => c === 0) && doctor.code === 0,
  };
}

// ---- the secret grep ------------------------------------------------------------------------

async function secretGrep(): Promise<Array<{ place: string; hits: number; expected: string }>> {
  const dir = await tmp('grep');
  const out = join(dir, 'run');
  const memory = join(dir, 'memory');
  const exported = join(dir, 'export.jsonl');
  await writeFile(join(dir, 'suite.yaml'), signInYaml());
  const before = { site: site.received.length, foreign: foreign.received.length };
  return withStub(typesInto(/textbox "Password"/, '{{secret:CAIRN_FAULT_PW}}', true), async (stub) => {
    const env = { CAIRN_FAULT_PW: PW, CAIRN_MODEL: 'stub-model', OPENAI_BASE_URL: stub.url };
    const run = await runCairn(['run', 'suite.yaml', '--policy', 'llm', '--memory', memory, '--out', out], { cwd: dir, env }).ended;
    const exp = await runCairn(['memory', '--memory', memory, 'export', exported], { cwd: dir, env }).ended;
    const inFiles = (files: string[]) => sum(files.map((f) => count(readFileSync(f).toString('latin1'), PW)));
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8').catch(() => '{}'));
    console.log(`secret grep run: exit ${run.code}, ${summary.succeeded ?? 0}/${summary.episodes ?? 0} succeeded, ${(await readFile(exported, 'utf8').catch(() => '')).split('\n').filter(Boolean).length} trajectories exported`);
    return [
      { place: 'the page\'s own server (the field, the POST)', hits: seenBy(site, PW, before.site), expected: '> 0' },
      { place: 'the foreign origin', hits: seenBy(foreign, PW, before.foreign), expected: '0' },
      { place: `run dir (${filesUnder(out).length} files)`, hits: inFiles(filesUnder(out)), expected: '0' },
      { place: `memory dir (${filesUnder(memory).length} files)`, hits: inFiles(filesUnder(memory)), expected: '0' },
      { place: 'cairn memory export file', hits: inFiles(existsSync(exported) ? [exported] : []), expected: '0' },
      { place: 'stdout + stderr (run, export)', hits: count(run.stdout + run.stderr + exp.stdout + exp.stderr, PW), expected: '0' },
      { place: `model requests (${stub.requests.length})`, hits: sum(stub.requests.map((r) => count(JSON.stringify(r.body), PW))), expected: '0' },
    ];
  });
}

const cut = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}...` : text);
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

// ---- main -----------------------------------------------------------------------------------

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  process.env.CAIRN_FAULT_PW = PW;
  process.env.CAIRN_FAULT_OTHER = OTHER;
  foreign = await startRecordingSite({ '/widget': `<!DOCTYPE html><html><body><input name="token" aria-label="Card token">${REPORT}</body></html>`, '/seen': '' });
  site = await startRecordingSite({
    '/hello': HELLO, '/greet': GREET_PAGE, '/sign-in': SIGN_IN(foreign.origin), '/seen': '', '/search': 'results', '/login': WELCOME,
    '/kill': killer.route,
  });
  try {
    const rows: Row[] = [];
    for (const fault of FAULTS) {
      const t = performance.now();
      const row = await fault().catch((e: unknown): Row => ({ fault: fault.name || '(fault)', expected: '', observed: `bench error: ${(e as Error).message.split('\n')[0]}`, held: false }));
      rows.push(row);
      console.log(`${row.held ? 'held  ' : 'BROKE '} ${row.fault} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
    console.log(`\n${table(['fault', 'expected', 'observed', 'held'], rows.map((r) => [r.fault, r.expected, r.observed, r.held ? 'yes' : 'NO']))}\n`);
    const grep = await secretGrep();
    console.log(`\nsecret grep: the declared value ${PW}, typed by the model as {{secret:CAIRN_FAULT_PW}}\n`);
    console.log(table(['where', 'hits', 'expected'], grep.map((g) => [g.place, String(g.hits), g.expected])));
    const held = rows.filter((r) => r.held).length;
    const clean = grep.every((g) => (g.expected === '0' ? g.hits === 0 : g.hits > 0));
    console.log(`\n${held}/${rows.length} faults held; secret grep ${clean ? 'clean' : 'NOT clean'}`);
    process.exitCode = held === rows.length && clean ? 0 : 1;
  } finally {
    await site.close();
    await foreign.close();
  }
}

await main();
