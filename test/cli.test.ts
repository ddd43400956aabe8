// The cairn command as a user runs it: the compiled bin (npm test builds first).
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../bin/cairn.js', import.meta.url).pathname;

async function cairn(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('cairn CLI', () => {
  it('answers a malformed suite with file, line and field, exit 2, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-cli-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'name: bad\ntasks:\n  - id: t\n    goal: do it\n    start: { url: http://127.0.0.1:9/ }\n    checks:\n      - url: { contain: x }\n');
    const r = await cairn(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:7: tasks\[0\]\.checks\[0\]\.url: .*"contain"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses --policy llm with no model configured, naming the variables to set', async () => {
    const r = await cairn(['run', 'tasks/suites/demo.yaml', '--policy', 'llm'], { CAIRN_MODEL: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CAIRN_MODEL/);
    expect(r.stderr).toMatch(/--model/);
  });

  it('lists the instances of the demo suite, the same for the same seeds', async () => {
    const a = await cairn(['tasks', 'tasks/suites/demo.yaml', '--seeds', '3..4']);
    const b = await cairn(['tasks', 'tasks/suites/demo.yaml', '--seeds', '3..4']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(24);
    expect(a.stdout).toMatch(/#3 /);
    expect(a.stdout).not.toMatch(/#1 /);
  });

  it('rejects a bad --seeds value', async () => {
    const r = await cairn(['tasks', 'tasks/suites/demo.yaml', '--seeds', 'one']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--seeds.*1\.\.5/s);
  });
});
