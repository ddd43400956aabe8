// The teaching commands as a user runs them (the compiled bin): `cairn record` finishing on
// Enter with checks that do not hold, and `cairn memory import --demo` playing an Android
// demonstration (cairn's and AndroidWorld's JSON mixed) on Appium's fake driver, verified by
// the task's checks and remembered with its target descriptors as a demonstration.
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemory } from '../memory/index.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { startFakeAppium, type FakeAppium } from './appium-server.js';
import { BIN, cairn } from './cli-runner.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'cairn-record-cli-')); });

describe('cairn record', () => {
  it('runs the checks when the person presses Enter, and says why nothing was remembered', () => {
    const r = spawnSync(process.execPath, [BIN, 'record', DEMO_SUITE, '--task', 'contacts-add', '--seed', '3', '--headless', '--memory', join(dir, 'memory')], {
      input: '\n', encoding: 'utf8', timeout: 90_000,
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^cairn record: contacts-add#3: Add a contact named .+ with phone 555-\d{4}\.$/m);
    expect(r.stdout).toMatch(/^cairn record: nothing remembered: checks failed: /m);
  });

  it('refuses a task the suite does not have, and a seed that is not one', async () => {
    const unknown = await cairn(['record', DEMO_SUITE, '--task', 'nope', '--headless', '--memory', join(dir, 'memory')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no task with id "nope"/);
    const seed = await cairn(['record', DEMO_SUITE, '--task', 'contacts-add', '--seed', 'x1']);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed <n>.*expected a whole number >= 0/);
  });
});

describe('cairn memory import --demo', () => {
  let server: FakeAppium;
  beforeAll(async () => { server = await startFakeAppium(); });
  afterAll(async () => { await server?.close(); });

  it('plays an Android demonstration, verifies it by the task\'s checks and remembers it as a demonstration', async () => {
    await writeFile(join(dir, 'android.yaml'), `name: android-demo
tasks:
  - id: add
    platform: android
    goal: "Add a contact named {{name}}"
    params: { name: Ann Lee }
    start: { app: com.example.contacts/.NewContactActivity }
    checks:
      - element: { role: button, name: Save }
      - url: { contains: com.example.contacts }
`);
    await writeFile(join(dir, 'demo.json'), JSON.stringify({
      suite: 'android.yaml', task: 'add',
      actions: [
        { type: 'type', target: { element: 3 }, text: 'Ann Lee' },
        { action_type: 'click', index: 6 },
        { action_type: 'status', goal_status: 'complete' },
      ],
    }));
    const memory = join(dir, 'android-memory');
    const caps = JSON.stringify(server.capabilities);
    const r = await cairn(['memory', '--memory', memory, 'import', '--demo', join(dir, 'demo.json'), '--appium', server.url, '--capabilities', caps]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^imported the demonstration of add#1: 2 steps, the checks hold; added as \w+/m);

    const store = await openMemory({ uri: memory });
    try {
      const [record] = await store.list();
      expect(record).toMatchObject({ platform: 'android', app: 'com.example.contacts', goal_template: 'Add a contact named {{name}}', provenance: { source: 'demonstration' } });
      expect(record!.steps.map((s) => [s.action.type, s.target?.role, s.target?.name])).toEqual([['type', 'textbox', 'Name'], ['click', 'button', 'Save']]);
      expect(record!.steps[0]!.action).toMatchObject({ text: '{{name}}' });
    } finally {
      store.close();
    }

    // A step that names no element of the screen: the file, the step and why.
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ suite: 'android.yaml', task: 'add', actions: [{ action_type: 'click', index: 42 }] }));
    const bad = await cairn(['memory', '--memory', memory, 'import', '--demo', join(dir, 'bad.json'), '--appium', server.url, '--capabilities', caps]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/nothing imported: .*bad\.json: actions\[0\] \(click \[42\]\) failed on com\.example\.contacts.*element \[42\] is not in the observation/);
  }, 120_000);

  it('names what is wrong with a demonstration file, and flags that go only with --demo', async () => {
    await writeFile(join(dir, 'unknown.json'), JSON.stringify([{ action_type: 'fly' }]));
    const unknown = await cairn(['memory', '--memory', join(dir, 'm2'), 'import', '--demo', join(dir, 'unknown.json'), '--suite', DEMO_SUITE, '--task', 'contacts-add']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown\.json: actions\[0\]: unknown action_type "fly"/);
    const noTask = await cairn(['memory', '--memory', join(dir, 'm2'), 'import', '--demo', join(dir, 'unknown.json')]);
    expect(noTask.stderr).toMatch(/say which task it shows: --suite FILE --task ID/);
    const stray = await cairn(['memory', '--memory', join(dir, 'm2'), 'import', join(dir, 'unknown.json'), '--task', 'x']);
    expect(stray.stderr).toMatch(/--task goes with --demo/);
  });
});
