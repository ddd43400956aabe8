// A secret is read from the environment only when an action runs: the task is done with
// it, and its text appears in no file the run writes.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { parseSuite } from '../tasks/load.js';

const SUITE = `name: secrets
base_url: practice
tasks:
  - id: change-password
    goal: "Change your password from {{secret:CAIRN_TEST_CURRENT_PASSWORD}} to {{secret:CAIRN_TEST_NEW_PASSWORD}}."
    start: { url: /settings/password }
    setup:
      - goto: "/reset?seed=1&next=/settings/password"
    checks:
      - js: >-
          (await (await fetch('/settings/api/verify-password', { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ password: '{{secret:CAIRN_TEST_NEW_PASSWORD}}' }) })).json()).ok
    budget: { max_steps: 6 }
`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

afterEach(() => {
  delete process.env.CAIRN_TEST_CURRENT_PASSWORD;
  delete process.env.CAIRN_TEST_NEW_PASSWORD;
});

describe('secrets', () => {
  it('are typed where needed and written nowhere', async () => {
    process.env.CAIRN_TEST_CURRENT_PASSWORD = 'changeme123';
    process.env.CAIRN_TEST_NEW_PASSWORD = 'Zebra-Quartz-9081';
    const out = await mkdtemp(join(tmpdir(), 'cairn-secret-'));
    const { results } = await runSuite({
      suite: parseSuite(SUITE, 'secrets.yaml'), policy: makePolicy('search', {}), out, log: () => {},
    });
    expect(results.map((r) => [r.status, r.reason])).toEqual([['success', expect.any(String)]]);
    const files = filesUnder(out);
    expect(files.some((f) => f.endsWith('trace.json'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.includes('Zebra-Quartz-9081'), f).toBe(false);
      expect(bytes.includes('changeme123'), f).toBe(false);
    }
    const trace = readFileSync(files.find((f) => f.endsWith('trace.json'))!, 'utf8');
    expect(trace).toContain('{{secret:CAIRN_TEST_NEW_PASSWORD}}');
  }, 120_000);

  it('a secret that is not set fails the episode with the variable named, not a crash', async () => {
    const { results } = await runSuite({
      suite: parseSuite(SUITE, 'secrets.yaml'), policy: makePolicy('search', {}),
      out: await mkdtemp(join(tmpdir(), 'cairn-secret-')), log: () => {},
    });
    expect(results[0]!.status).not.toBe('success');
    expect(results[0]!.reason).toMatch(/CAIRN_TEST_(NEW|CURRENT)_PASSWORD is not set/);
  }, 120_000);
});
