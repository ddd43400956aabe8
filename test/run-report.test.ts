// What CI reads of a run: the JUnit report (pure, then written by real runs on the practice
// apps) and `--shard i/n`, which splits a suite's instances over machines.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { EpisodeResult } from '../agent/episode.js';
import { junitXml, type JUnitInfo } from '../agent/junit.js';
import { makePolicy } from '../agent/policies.js';
import { runSuite } from '../agent/run.js';
import { parseShard, shardOf } from '../agent/shard.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite, parseSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { BIN, cairn } from './cli-runner.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'property' });
type Case = { classname: string; name: string; time: string; failure?: { message: string; '#text': string }; error?: { message: string; '#text': string }; 'system-out': string };
function parseReport(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  const suite = doc.testsuites.testsuite;
  return { root: doc.testsuites, suite, cases: (suite.testcase ?? []) as Case[] };
}

const result = (over: Partial<EpisodeResult>): EpisodeResult => ({
  instance: 't#1', task_id: 't', seed: 1, episode: 1, status: 'success', reason: 'answered; checks passed', steps: 2, driver_actions: 3,
  model_calls: 1, tokens: { prompt: 100, completion: 20 }, wall_ms: 1500, step_overhead_ms: [], policy: 'search',
  phases_ms: { start: 1, prepare: 1, steps: 1, verify: 1 }, ...over,
});
const info = (over: Partial<JUnitInfo> = {}): JUnitInfo => ({
  run_id: 'r1', suite: 'demo', policy: 'auto', model: null, started_at: new Date('2025-01-01T00:00:00Z'), finished_at: new Date('2025-01-01T00:00:09.5Z'),
  episodes: 1, tracePath: (r) => `episodes/${r.instance.replace('#', '-')}/${r.episode}/trace.json`, ...over,
});

describe('parseShard and shardOf', () => {
  it('reads i/n and refuses what is not a slice, naming the form', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    for (const bad of ['0/3', '4/3', 'a/b', '1/0', '1', '-1/3', '1.5/3', '']) expect(() => parseShard(bad), bad).toThrow(/i\/n with 1 <= i <= n/);
    expect(() => shardOf([1, 2], { index: 3, count: 2 })).toThrow(/3\/2/);
  });

  it('deals items round-robin: every item in exactly one shard, in the suite order', () => {
    const items = Array.from({ length: 11 }, (_, k) => k);
    expect(shardOf(items, { index: 1, count: 3 })).toEqual([0, 3, 6, 9]);
    expect(shardOf(items, { index: 3, count: 3 })).toEqual([2, 5, 8]);
    for (const n of [1, 2, 3, 4, 11, 13]) {
      const all = Array.from({ length: n }, (_, i) => shardOf(items, { index: i + 1, count: n })).flat();
      expect(all.sort((a, b) => a - b), `n=${n}`).toEqual(items);
    }
    expect(shardOf(items, { index: 13, count: 13 })).toEqual([]);
  });

  it('slices the demo suite the same on every call, instances whole', async () => {
    const suite = await loadSuite(DEMO_SUITE);
    const all = instances(suite, { seeds: [1, 2] }).map((t) => t.instance);
    const second = shardOf(instances(suite, { seeds: [1, 2] }), { index: 2, count: 4 }).map((t) => t.instance);
    expect(second).toEqual(all.filter((_, k) => k % 4 === 1));
    expect(shardOf(instances(suite, { seeds: [1, 2] }), { index: 2, count: 4 }).map((t) => t.instance)).toEqual(second);
  });
});

describe('junitXml', () => {
  it('has a failure exactly for failed episodes and an error exactly for errored ones, with counts', () => {
    const { root, suite, cases } = parseReport(junitXml([
      result({ instance: 'b#1', task_id: 'b', status: 'failed', reason: 'budget spent (1 steps)\nlast: click [3]' }),
      result({ instance: 'a#2', task_id: 'a', seed: 2, answer: '555-0101' }),
      result({ instance: 'a#1', task_id: 'a', status: 'errored', reason: 'setup failed: net::ERR_CONNECTION_REFUSED', wall_ms: 250 }),
    ], info()));
    for (const node of [root, suite]) {
      expect(node).toMatchObject({ tests: '3', failures: '1', errors: '1', time: '9.500', timestamp: '2025-01-01T00:00:00.000Z' });
    }
    expect(suite.name).toBe('demo');
    expect(cases.map((c) => [c.classname, c.name])).toEqual([['a', 'a#1'], ['a', 'a#2'], ['b', 'b#1']]);
    const [errored, ok, failed] = cases as [Case, Case, Case];
    expect(errored.error).toMatchObject({ message: 'setup failed: net::ERR_CONNECTION_REFUSED' });
    expect(errored.failure).toBeUndefined();
    expect(errored.time).toBe('0.250');
    expect(failed.failure).toMatchObject({ message: 'budget spent (1 steps)', '#text': 'budget spent (1 steps)\nlast: click [3]' });
    expect(failed.error).toBeUndefined();
    expect(ok.failure ?? ok.error).toBeUndefined();
    expect(ok['system-out']).toContain('policy: search');
    expect(ok['system-out']).toContain('answer: 555-0101');
    expect(ok['system-out']).toContain('model calls: 1, tokens: 100 prompt + 20 completion');
    expect(ok['system-out']).toContain('trace: episodes/a-2/1/trace.json');
  });

  it('escapes markup and drops what XML cannot carry', () => {
    const reason = 'blocked: <button> "Save" & \'x\' ]]> \x1b[31mred\x1b[39m \x00\x07 done';
    const xml = junitXml([result({ status: 'failed', reason, answer: '</system-out><evil/>' })], info());
    const [c] = parseReport(xml).cases as [Case];
    expect(c.failure!.message).toBe('blocked: <button> "Save" & \'x\' ]]> red \uFFFD\uFFFD done');
    expect(c['system-out']).toContain('answer: </system-out><evil/>');
    expect(xml).not.toContain('<evil/>');
  });

  it('names the shard and the episode when there are several', () => {
    const { suite, cases } = parseReport(junitXml([result({ episode: 2 }), result({ episode: 1 })], info({ shard: '2/4', episodes: 2 })));
    expect(suite.name).toBe('demo (shard 2/4)');
    expect(suite.properties.property).toContainEqual({ name: 'shard', value: '2/4' });
    expect(cases.map((c) => c.name)).toEqual(['t#1#1', 't#1#2']);
  });

  it('writes an empty suite for a run with no episodes', () => {
    const { root, cases } = parseReport(junitXml([], info({ shard: '4/4' })));
    expect(root).toMatchObject({ tests: '0', failures: '0', errors: '0' });
    expect(cases).toEqual([]);
  });
});

const CHECKS = `name: report
base_url: practice
seeds: [1, 2, 3]
tasks:
  - id: never
    goal: "Find the unicorn."
    start: { url: /contacts/ }
    checks:
      - js: "false"
    budget: { max_steps: 1 }
  - id: broken
    goal: "Open the contacts."
    start: { url: /contacts/ }
    setup:
      - js: "throw new Error('no <data> & no \\"luck\\"')"
    checks:
      - js: "true"
    budget: { max_steps: 1 }
`;

describe('a run writes junit.xml', () => {
  it('for two demo tasks solved by search: one passing case each, traces where it says', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cairn-junit-'));
    const { summary } = await runSuite({
      suite: await loadSuite(DEMO_SUITE), policy: makePolicy('search', {}), ids: ['contacts-phone-lookup', 'contacts-company-lookup'],
      seeds: [1], out, log: () => {},
    });
    expect(summary.succeeded).toBe(2);
    expect(summary).not.toHaveProperty('shard');
    const { root, suite, cases } = parseReport(readFileSync(join(out, 'junit.xml'), 'utf8'));
    expect(root).toMatchObject({ tests: '2', failures: '0', errors: '0' });
    expect(suite.name).toBe('demo');
    expect(cases.map((c) => c.classname)).toEqual(['contacts-company-lookup', 'contacts-phone-lookup']);
    for (const c of cases) {
      expect(c.failure ?? c.error).toBeUndefined();
      expect(c['system-out']).toMatch(/^policy: search$/m);
      const trace = /^trace: (.+)$/m.exec(c['system-out'])![1]!;
      expect(JSON.parse(readFileSync(join(out, trace), 'utf8')).result.instance).toBe(c.name);
    }
    expect(cases[1]!['system-out']).toMatch(/^answer: 555-\d{4}$/m);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).not.toContain('What is the phone number'); // no goals
  }, 180_000);

  it('for one shard: only its instances, failed and errored episodes reported as such, a copy where asked', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cairn-junit-'));
    const copy = join(out, 'ci', 'reports', 'junit-2.xml');
    const lines: string[] = [];
    // Instances in suite order: never#1..3, broken#1..3; shard 2/4 holds the 2nd and the 6th.
    const { summary, results } = await runSuite({
      suite: parseSuite(CHECKS, 'report.yaml'), policy: makePolicy('search', {}), shard: { index: 2, count: 4 }, episodes: 2,
      workers: 2, out, junit: copy, log: (l) => lines.push(l),
    });
    expect(results.map((r) => `${r.instance}/${r.episode}`).sort()).toEqual(['broken#3/1', 'broken#3/2', 'never#2/1', 'never#2/2']);
    expect(summary.shard).toBe('2/4');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).shard).toBe('2/4');
    expect(lines).toContain('cairn: shard 2/4 holds 2 of 6 instances');

    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(readFileSync(copy, 'utf8')).toBe(xml);
    const { root, suite, cases } = parseReport(xml);
    expect(root).toMatchObject({ tests: '4', failures: '2', errors: '2' });
    expect(suite.name).toBe('report (shard 2/4)');
    expect(cases.map((c) => c.name)).toEqual(['broken#3#1', 'broken#3#2', 'never#2#1', 'never#2#2']);
    for (const c of cases) {
      const r = results.find((x) => `${x.instance}#${x.episode}` === c.name)!;
      expect(r.status).toBe(c.classname === 'never' ? 'failed' : 'errored');
      expect(c.failure !== undefined).toBe(r.status === 'failed');
      expect(c.error !== undefined).toBe(r.status === 'errored');
      expect((c.failure ?? c.error)!.message).toBe(r.reason.split('\n')[0]);
    }
    expect(cases[0]!.error!['#text']).toContain('no <data> & no "luck"');
  }, 180_000);

  it('for a shard with no instances: says so, runs nothing, and still reports', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cairn-junit-'));
    const lines: string[] = [];
    const { summary } = await runSuite({
      suite: parseSuite(CHECKS, 'report.yaml'), policy: makePolicy('search', {}), ids: ['never'], seeds: [1], shard: { index: 2, count: 2 },
      out, browserEndpoint: 'ws://127.0.0.1:9/no-browser-needed', log: (l) => lines.push(l),
    });
    expect(lines).toContain('cairn: shard 2/2 holds 0 of 1 instances: nothing to run');
    expect(summary).toMatchObject({ episodes: 0, shard: '2/2' });
    expect(parseReport(readFileSync(join(out, 'junit.xml'), 'utf8')).root).toMatchObject({ tests: '0', failures: '0', errors: '0' });
  });
});

describe('cairn run', () => {
  it.each(['0/3', '4/3', 'a/b', '1/0'])('refuses --shard %s with exit 2, naming the flag and the form', async (bad) => {
    const r = await cairn(['run', DEMO_SUITE, '--shard', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--shard <i\/n>.*expected i\/n with 1 <= i <= n, e\.g\. 2\/4/s);
  });

  it('stopped by SIGINT keeps a junit.xml of the episodes that ended', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-junit-'));
    const out = join(dir, 'run');
    await writeFile(join(dir, 'report.yaml'), CHECKS);
    const child = spawn(process.execPath, [BIN, 'run', 'report.yaml', '--task', 'broken', '--seeds', '1..40', '--no-memory', '--out', out], { cwd: dir });
    let stdout = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await new Promise<void>((ended) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        if (/^ERR +broken#\d+ /m.test(stdout)) ended(); // an episode has ended
      });
      child.on('exit', () => ended());
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const { root, cases } = parseReport(readFileSync(join(out, 'junit.xml'), 'utf8'));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Number(root.tests)).toBe(summary.episodes);
    expect(cases.length).toBeGreaterThanOrEqual(1);
    expect(cases.length).toBeLessThan(40);
    expect(cases.every((c) => c.error !== undefined)).toBe(true);
  }, 120_000);
});
