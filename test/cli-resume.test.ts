// A run killed with SIGKILL is finished with --resume: the episodes results.jsonl holds are
// kept and not run again, and one summary and JUnit report cover them all. Without --resume,
// a directory that holds a run is refused and nothing in it is touched.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cairn, spawnCairn } from './cli-runner.js';
import { greetSite, greetTask } from './greet-site.js';

// Each episode waits a little in setup, so the run is still going when it is killed.
const SUITE = `name: greet
base_url: ./site
tasks:
${greetTask(['    setup: [{ wait_ms: 1000 }]'])}`;

let dir: string;
beforeAll(async () => {
  dir = await greetSite(SUITE);
});

const lines = (text: string) => text.split('\n').filter((l) => l.trim());
const read = (file: string) => readFile(file, 'utf8').catch(() => '');

async function untilResults(file: string, n: number): Promise<void> {
  for (let i = 0; i < 900 && lines(await read(file)).length < n; i++) await new Promise((r) => setTimeout(r, 100));
}

describe('cairn run --resume', () => {
  it('finishes a run killed with SIGKILL: kept episodes are not run again, one summary and JUnit over all', async () => {
    const out = join(dir, 'run');
    const results = join(out, 'results.jsonl');
    const args = ['run', 'suite.yaml', '--policy', 'search', '--seeds', '1..3', '--no-memory', '--no-screenshots', '--out', out];
    const { child, ended } = spawnCairn(args, { cwd: dir });
    await untilResults(results, 1);
    child.kill('SIGKILL');
    expect(await ended).toBeNull();
    const kept = lines(await read(results));
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length, 'the kill came after the run ended').toBeLessThan(3);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
    // A kill in the middle of an append leaves a cut-off line.
    await appendFile(results, '{"instance":"greet#');
    const before = await read(results);
    const identity = JSON.parse(await read(join(out, 'run.json')));

    const refused = await cairn(args, { cwd: dir });
    expect(refused.code, refused.stderr).toBe(2);
    expect(lines(refused.stderr)).toEqual([expect.stringContaining(out)]);
    expect(refused.stderr).toContain('--resume');
    expect(await read(results)).toBe(before);

    const resumed = await cairn([...args, '--resume'], { cwd: dir });
    expect(resumed.stderr).toBe('');
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toContain(`resuming ${out}: ${kept.length} episodes already done (1 cut-off line of results.jsonl dropped)`);
    expect(resumed.stdout).toContain(`cairn: ${3 - kept.length} episodes of greet`);
    const all = lines(await read(results));
    expect(all.slice(0, kept.length)).toEqual(kept);
    expect(all.map((l) => JSON.parse(l).instance).sort()).toEqual(['greet#1', 'greet#2', 'greet#3']);
    const summary = JSON.parse(await read(join(out, 'summary.json')));
    expect(summary).toMatchObject({ run_id: identity.run_id, started_at: identity.started_at, episodes: 3, succeeded: 3 });
    const junit = await read(join(out, 'junit.xml'));
    expect(junit).toMatch(/<testsuite name="greet" tests="3" failures="0" errors="0"/);
    for (const n of [1, 2, 3]) expect(existsSync(join(out, 'episodes', `greet-${n}`, '1', 'trace.json'))).toBe(true);

    // Resuming a finished run runs nothing and writes the same reports.
    const again = await cairn([...args, '--resume'], { cwd: dir });
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('cairn: 0 episodes of greet');
    expect(lines(await read(results))).toEqual(all);
    expect(JSON.parse(await read(join(out, 'summary.json')))).toMatchObject({ run_id: identity.run_id, episodes: 3, succeeded: 3 });
  }, 240_000);

  it('--resume needs --out; a run of another suite is not resumed into', async () => {
    const r = await cairn(['run', 'suite.yaml', '--resume'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toEqual(['cairn: --resume needs --out DIR: the run directory to continue']);
    const out = join(dir, 'other-run');
    await mkdir(out);
    await writeFile(join(out, 'run.json'), JSON.stringify({ run_id: 'x', suite: 'shop', started_at: new Date().toISOString() }));
    await writeFile(join(out, 'results.jsonl'), '');
    const other = await cairn(['run', 'suite.yaml', '--no-memory', '--out', out, '--resume'], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a run of suite "shop", not "greet"/);
  }, 60_000);
});
