// The cairn command as a user runs it (cli-runner.ts).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cairn } from './cli-runner.js';

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

  it('a run loads LanceDB only when it opens a memory and the OpenAI SDK only when it calls a model', async () => {
    // A fresh process (this worker has loaded both for other tests), whose module resolution says what loads when.
    const hook = `export async function resolve(specifier, context, next) {
      if (specifier === 'openai' || specifier === '@lancedb/lancedb') process.stderr.write('loads ' + specifier + '\\n');
      return next(specifier, context);
    }`;
    const dist = (file: string) => JSON.stringify(new URL(`../dist/${file}`, import.meta.url).href);
    const script = `import { register } from 'node:module';
      register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
      await import(${dist('cli/run-command.js')});
      process.stderr.write('run modules loaded\\n');
      await import(${dist('memory/index.js')});
      await (await import(${dist('common/endpoint.js')})).openAiClient({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'none' })();`;
    const { stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
    expect([...new Set(stderr.trim().split('\n'))]).toEqual(['run modules loaded', 'loads @lancedb/lancedb', 'loads openai']);
  });

  it('refuses --policy llm with no model configured, naming the variables to set', async () => {
    const r = await cairn(['run', 'tasks/suites/demo.yaml', '--policy', 'llm'], { env: { CAIRN_MODEL: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '' } });
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

  it('explore vets what it tries: a denied irreversible click never runs, so nothing is stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-explore-'));
    await writeFile(join(dir, 'delete.yaml'), [
      'name: delete', 'base_url: practice', 'tasks:', '  - id: delete', '    goal: "Delete the contact {{name}}."',
      '    params: { name: { gen: full_name } }', '    start: { url: /contacts/ }', '    setup:',
      '      - goto: "/reset?seed=1&next=/contacts/"',
      `      - js: "await fetch('/contacts/api/contacts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '{{name}}' }) })"`,
      '      - goto: /contacts/', '    checks:',
      `      - js: "!(await (await fetch('/contacts/api/contacts')).json()).some(c => c.name === '{{name}}')"`,
      '    budget: { max_steps: 2, timeout_s: 8 }', '',
    ].join('\n'));
    const r = await cairn(['explore', 'delete.yaml', '--seeds', '1', '--irreversible', 'deny', '--memory', join(dir, 'memory'), '--no-screenshots', '--out', join(dir, 'run')], { cwd: dir });
    expect(r.stdout).toMatch(/explore: 0 stored, 0 deduplicated, 1 failed/);
    const [result] = (await readFile(join(dir, 'run', 'results.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(result.interventions.confirm.block).toBeDefined();
  }, 120_000);

  it('rejects a bad --seeds value', async () => {
    const r = await cairn(['tasks', 'tasks/suites/demo.yaml', '--seeds', 'one']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--seeds.*1\.\.5/s);
  });
});
