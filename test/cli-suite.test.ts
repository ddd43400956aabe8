// The README's worked example through the cairn command: a suite over a local folder,
// `cairn tasks` reading goals the page writes, and `--memory-mode read` storing nothing.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openMemory } from '../memory/index.js';
import { cairn } from './cli-runner.js';
import { greetSite, greetTask } from './greet-site.js';

const SUITE = `name: greet
base_url: ./site
app: greeter
tasks:
${greetTask()}`;

let dir: string;
beforeAll(async () => {
  dir = await greetSite(SUITE);
});

const stored = async (uri: string) => {
  const store = await openMemory({ uri });
  try {
    return (await store.list()).map((r) => r.app);
  } finally {
    store.close();
  }
};

describe('a suite over a local folder, from the command line', () => {
  it('--memory-mode read recalls only and stores nothing; read-write (the default) stores under the suite\'s app', async () => {
    const memory = join(dir, 'memory');
    const read = await cairn(['run', 'suite.yaml', '--policy', 'search', '--seeds', '1', '--memory', memory, '--memory-mode', 'read', '--no-screenshots', '--out', join(dir, 'r1')], { cwd: dir });
    expect(read.code).toBe(0);
    expect(await stored(memory)).toEqual([]);
    const write = await cairn(['run', 'suite.yaml', '--policy', 'search', '--seeds', '1', '--memory', memory, '--no-screenshots', '--out', join(dir, 'r2')], { cwd: dir });
    expect(write.code).toBe(0);
    expect(await stored(memory)).toEqual(['greeter']);
  }, 120_000);

  it('rejects an unknown memory mode, naming the choices', async () => {
    const r = await cairn(['run', 'suite.yaml', '--memory-mode', 'write'], { cwd: dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--memory-mode.*read, read-write/s);
  });

  it('`cairn tasks` reads the goal the page writes, and says why when it cannot', async () => {
    await writeFile(join(dir, 'from-page.yaml'), `${SUITE.replace('    goal: Save the name "{{name}}"\n', '    goal_from: { js: "document.getElementById(\'ask\').textContent" }\n')}
  - id: broken
    goal_from: { js: "document.getElementById('missing').textContent" }
    start: { url: greet/ }
    checks: [{ js: "true" }]
  - id: login
    goal_from: { js: "document.getElementById('ask').textContent" }
    start: { url: greet/ }
    setup: [{ js: "document.getElementById('ask').textContent = 'Log in with {{secret:CAIRN_TEST_PW}}'" }]
    checks: [{ js: "true" }]
`);
    const r = await cairn(['tasks', 'from-page.yaml'], { cwd: dir, env: { CAIRN_TEST_PW: 'hunter2' } });
    expect(r.stdout).toMatch(/^greet#1 +Save the name "Ada"$/m);
    expect(r.stdout).toMatch(/^broken#1 +\(goal not read: reading .* from the page failed: .*null/m);
    // The page echoed a secret: what is printed keeps its placeholder.
    expect(r.stdout).toMatch(/^login#1 +Log in with \{\{secret:CAIRN_TEST_PW\}\}$/m);
    expect(r.stdout).not.toContain('hunter2');
    expect(r.code).toBe(1);
  }, 60_000);
});
