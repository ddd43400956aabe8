// Bad input on the command line: exit 2, one line naming the flag, the value and what was
// expected, no help dump, nothing left running. And what the command says on its own: every
// flag an error names exists; explore's exit code says whether episodes failed.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cairn } from './cli-runner.js';
import { greetSite, greetTask } from './greet-site.js';
import { startModelStub, type ModelStub } from './model-stub.js';

const SUITE = `name: greet
base_url: ./site
tasks:
${greetTask()}  - id: never
    goal: Save a name the page never accepts
    start: { url: greet/ }
    checks: [{ js: "false" }]
    budget: { max_steps: 2 }
`;

let dir: string;
beforeAll(async () => {
  dir = await greetSite(SUITE);
  await writeFile(join(dir, 'a-file'), 'not a directory\n');
});

const lines = (text: string) => text.split('\n').filter((l) => l.trim());

describe('a bad flag value', () => {
  const cases: [string[], RegExp][] = [
    [['run', 'suite.yaml', '--policy', 'nonsense'], /--policy.*'nonsense'.*Allowed choices are .*auto.*llm/],
    [['run', 'suite.yaml', '--irreversible', 'x'], /--irreversible.*'x'.*deny, allow, ask/],
    [['run', 'suite.yaml', '--model-critic', 'x'], /--model-critic.*'x'.*off, risky, always/],
    [['run', 'suite.yaml', '--seeds', '5..1'], /--seeds.*'5\.\.1'.*low\.\.high, e\.g\. 1\.\.5/],
    [['run', 'suite.yaml', '--episodes', '0'], /--episodes.*'0'.*whole number >= 1/],
    [['run', 'suite.yaml', '--shard', '5/4'], /--shard.*'5\/4'.*i\/n/],
    [['explore', 'suite.yaml', '--irreversible', 'maybe'], /--irreversible.*'maybe'/],
    [['tasks', 'suite.yaml', '--seeds', 'one'], /--seeds.*'one'.*1\.\.5/],
    [['memory', 'list', '--limit', 'x'], /--limit.*'x'.*whole number >= 1/],
    [['memory', 'search', 'a goal', '--platform', 'ios'], /--platform.*'ios'.*web, android/],
    [['run', 'suite.yaml', '--no-such-flag'], /unknown option '--no-such-flag'/],
  ];
  for (const [args, said] of cases) {
    it(`cairn ${args.join(' ')}: exit 2, one line`, async () => {
      const r = await cairn(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(lines(r.stderr)).toEqual([expect.stringMatching(said)]);
      expect(r.stdout).toBe('');
    });
  }

  it('--out naming a file (or a path through one): exit 2, one line naming it, nothing left running (the practice apps are not started)', async () => {
    const demo = join(process.cwd(), 'tasks', 'suites', 'demo.yaml');
    for (const args of [['run', demo, '--no-memory'], ['explore', demo, '--memory', join(dir, 'memory')]]) {
      for (const out of ['a-file', join('a-file', 'run')]) {
        const r = await cairn([...args, '--out', out], { cwd: dir, timeoutMs: 30_000 });
        expect(r.code).toBe(2);
        expect(lines(r.stderr)).toEqual([expect.stringMatching(/option '--out <dir>' argument '.*a-file.*' is invalid\. .*a file; expected a directory/)]);
      }
    }
  }, 130_000);

  it('--help still exits 0', async () => {
    const r = await cairn(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--resume');
  });
});

describe('what cairn says on its own', () => {
  let stub: ModelStub;
  beforeAll(async () => {
    stub = await startModelStub(() => ({ status: 401, body: { error: { message: 'Incorrect API key provided' } } }));
  });
  afterAll(async () => stub.close());

  const flagsIn = (text: string) => [...new Set(text.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [])];

  it('every flag an error names is a flag of the command (no model configured; the endpoint says 401)', async () => {
    const help = (await cairn(['run', '--help'])).stdout;
    const none = await cairn(['run', 'suite.yaml', '--policy', 'llm'], { cwd: dir, env: { CAIRN_MODEL: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '' } });
    expect(none.code).toBe(2);
    expect(flagsIn(none.stderr)).toContain('--model');
    for (const flag of flagsIn(none.stderr)) expect(help).toContain(flag);

    const out = join(dir, 'run-401');
    const denied = await cairn(['run', 'suite.yaml', '--task', 'greet', '--seeds', '1', '--policy', 'llm', '--model', 'm', '--base-url', stub.url, '--no-memory', '--no-screenshots', '--out', out], {
      cwd: dir, env: { OPENAI_API_KEY: 'sk-wrong' },
    });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/401/);
    expect(denied.stdout).toContain('OPENAI_API_KEY');
    for (const flag of flagsIn(denied.stdout)) expect(help).toContain(flag);
  }, 90_000);

  it('explore exits 1 when episodes failed, as run does, and 0 when all succeeded', async () => {
    const memory = join(dir, 'explore-memory');
    const failed = await cairn(['explore', 'suite.yaml', '--seeds', '1', '--memory', memory, '--no-screenshots', '--out', join(dir, 'explore-1')], { cwd: dir });
    expect(failed.stdout).toMatch(/explore: 1 stored, 0 deduplicated, 1 failed/);
    expect(failed.code).toBe(1);
    const ok = await cairn(['explore', 'suite.yaml', '--task', 'greet', '--seeds', '2', '--memory', memory, '--no-screenshots', '--out', join(dir, 'explore-2')], { cwd: dir });
    expect(ok.stdout).toMatch(/explore: .* 0 failed/);
    expect(ok.code).toBe(0);
    expect(await readdir(join(dir, 'explore-2', 'episodes', 'greet-2', '1'))).toEqual(['trace.json']);
  }, 120_000);
});
