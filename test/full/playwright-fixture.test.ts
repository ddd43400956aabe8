// cairn/playwright in a real Playwright Test project (test/playwright-project), run with
// `npx playwright test` as a user runs it, against the practice apps served here, with a
// memory in a temp dir and no model: the first run solves its steps by search and remembers
// them; the second, with new data, replays them; the redesigned pages still replay, from a
// read-only memory that the run leaves as it was. The project imports the built package (npm test and npm run test:full build first).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemory } from '../../memory/index.js';
import { startPracticeApps, type PracticeApps } from '../../tasks/apps/server.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CONFIG = join(ROOT, 'test', 'playwright-project', 'playwright.config.ts');

interface StepResult { goal: string; policy: string; status: string; steps: number; driver_actions: number; model_calls: number; wall_ms: number; handed_over?: boolean }
interface Run { code: number; output: string; tests: { title: string; status: string }[]; steps: StepResult[]; wall_ms: number }

let apps: PracticeApps;
let dir: string;
let memory: string;

beforeAll(async () => {
  apps = await startPracticeApps();
  dir = await mkdtemp(join(tmpdir(), 'cairn-pw-'));
  memory = join(dir, 'memory');
});
afterAll(async () => { await apps?.close(); });

/** One `npx playwright test` of the project; its tests and the trace of every cairn step, from the JSON report. */
async function runProject(name: string, env: Record<string, string>): Promise<Run> {
  const report = join(dir, `${name}.json`);
  const started = performance.now();
  let code = 0;
  let output = '';
  try {
    const r = await promisify(execFile)('npx', ['playwright', 'test', '--config', CONFIG], {
      cwd: ROOT, timeout: 400_000,
      env: { ...process.env, PRACTICE_URL: apps.url, CAIRN_MEMORY: memory, PW_REPORT: report, PW_OUTPUT_DIR: join(dir, name), CAIRN_MODEL: '', ...env },
    });
    output = r.stdout + r.stderr;
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    code = err.code;
    output = err.stdout + err.stderr;
  }
  const wall_ms = Math.round(performance.now() - started);
  const json = JSON.parse(await readFile(report, 'utf8')) as { suites: Suite[] };
  const tests = json.suites.flatMap(specsOf).flatMap((s) => s.tests.flatMap((t) => t.results.map((r) => ({ title: s.title, status: r.status, attachments: r.attachments }))));
  const steps: StepResult[] = [];
  for (const t of tests) {
    for (const a of t.attachments.filter((x) => x.name.endsWith('(trace)'))) {
      const trace = JSON.parse(await readFile(a.path!, 'utf8')) as { task: { goal: string }; result: StepResult };
      steps.push({ ...trace.result, goal: trace.task.goal });
    }
  }
  return { code, output, tests: tests.map(({ title, status }) => ({ title, status })), steps, wall_ms };
}

interface Suite { specs?: { title: string; tests: { results: { status: string; attachments: { name: string; path?: string }[] }[] }[] }[]; suites?: Suite[] }
const specsOf = (s: Suite): NonNullable<Suite['specs']> => [...(s.specs ?? []), ...(s.suites ?? []).flatMap(specsOf)];

/** What memory holds: each record's id and hits (a replay that succeeds in read-write mode adds a hit). */
async function memoryRows(): Promise<Record<string, number>> {
  const store = await openMemory({ uri: memory });
  try {
    return Object.fromEntries((await store.list()).map((r) => [r.id, r.hits]));
  } finally {
    store.close();
  }
}

const sum = (steps: StepResult[], k: 'driver_actions' | 'model_calls' | 'wall_ms') => steps.reduce((n, s) => n + s[k], 0);
const acts = (run: Run) => run.steps.filter((s) => s.policy !== 'read');

describe('cairn/playwright in a Playwright Test project', () => {
  const runs: Record<string, Run> = {};
  const passed = (run: Run) => {
    expect(run.code, run.output).toBe(0);
    expect(run.tests.map((t) => t.status)).toEqual(['passed', 'passed', 'passed']);
  };

  it('solves the steps by search on the first run, with no model, and remembers them', async () => {
    const run = (runs.first = await runProject('first', { CAIRN_PW_SEED: '1' }));
    passed(run);
    expect(acts(run).map((s) => s.policy)).toEqual(['search', 'search', 'search']);
    expect(sum(run.steps, 'model_calls')).toBe(0);
    // The question had no verifier: it was read off the page, and not remembered.
    expect(run.steps.find((s) => s.goal.startsWith('What is'))?.policy).toBe('read');
    expect(Object.keys(await memoryRows())).toHaveLength(3);
  }, 420_000);

  it('replays them on the second run, with new data, no model call and fewer driver actions', async () => {
    const run = (runs.second = await runProject('second', { CAIRN_PW_SEED: '2' }));
    passed(run);
    const first = acts(runs.first!);
    const second = acts(run);
    expect(second.map((s) => s.policy)).toEqual(['replay', 'replay', 'replay']);
    expect(second.some((s) => s.handed_over)).toBe(false);
    expect(sum(run.steps, 'model_calls')).toBe(0);
    // A step search solved at its first try takes as many actions replayed; one it explored, fewer.
    second.forEach((s, i) => expect(s.driver_actions, s.goal).toBeLessThanOrEqual(first[i]!.driver_actions));
    expect(sum(second, 'driver_actions')).toBeLessThan(sum(first, 'driver_actions'));
    // New values went into the slots: the goals differ from the first run's.
    expect(second.map((s) => s.goal)).not.toEqual(first.map((s) => s.goal));
    const table = (name: string, r: Run) => `${name.padEnd(7)} policies ${acts(r).map((s) => s.policy).join('+')}, model calls ${sum(r.steps, 'model_calls')}, `
      + `driver actions ${sum(acts(r), 'driver_actions')}, cairn steps ${(sum(r.steps, 'wall_ms') / 1000).toFixed(1)} s, npx playwright test ${(r.wall_ms / 1000).toFixed(1)} s`;
    console.log(`${table('first', runs.first!)}\n${table('second', run)}`);
  }, 420_000);

  it('replays them on a redesigned page (ids, order and layout changed) from a read-only memory, and leaves it unchanged', async () => {
    const before = await memoryRows();
    const run = await runProject('redesign', { CAIRN_PW_SEED: '3', CAIRN_PW_REDESIGN: '1', CAIRN_MEMORY_MODE: 'read' });
    passed(run);
    expect(acts(run).map((s) => s.policy)).toEqual(['replay', 'replay', 'replay']);
    expect(acts(run).some((s) => s.handed_over)).toBe(false);
    expect(sum(run.steps, 'model_calls')).toBe(0);
    expect(await memoryRows()).toEqual(before);
  }, 420_000);
});
