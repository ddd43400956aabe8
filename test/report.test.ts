// The HTML report as a person sees it, in real Chromium from file://: the overview's numbers
// are summary.json's, failed episodes come first, an episode shows its steps with their
// screenshots (loaded from the run's own files), the critic's block and the memory record
// used; filters work; `cairn merge-reports` counts every shard's episodes.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { EpisodeResult } from '../agent/episode.js';
import { summarize } from '../agent/summary.js';
import { episodeDir } from '../agent/trace.js';
import { launchBrowser } from '../drivers/web/index.js';
import { reportRun } from '../report/index.js';
import { cairn } from './cli-runner.js';

let browser: Browser;
let root: string;

beforeAll(async () => {
  browser = await launchBrowser({});
  root = await mkdtemp(join(tmpdir(), 'cairn-report-'));
});

afterAll(async () => {
  await browser?.close();
});

const result = (task: string, seed: number, status: EpisodeResult['status'], extra: Partial<EpisodeResult> = {}): EpisodeResult => ({
  instance: `${task}#${seed}`, task_id: task, seed, episode: 1, status, reason: status === 'success' ? 'agent said done' : 'checks failed: the contact is not there',
  steps: 2, driver_actions: 1, model_calls: 3, tokens: { prompt: 1200, completion: 80 }, wall_ms: 2100, step_overhead_ms: [40, 60],
  phases_ms: { start: 500, prepare: 20, steps: 1500, verify: 10 }, policy: 'llm', ...extra,
});

/** A run directory as cairn writes one: results.jsonl, summary.json, and per episode a trace and screenshots. */
async function writeRun(name: string, results: EpisodeResult[]): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'results.jsonl'), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const summary = summarize({ run_id: name, suite: 'demo', policy: 'llm', model: 'stub', started_at: new Date('2026-12-01T10:00:00Z'), finished_at: new Date('2026-12-01T10:01:00Z') }, results);
  await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
  const png = await sharp({ create: { width: 1280, height: 800, channels: 3, background: '#cde' } }).png().toBuffer();
  for (const r of results) {
    const ep = join(dir, episodeDir(r.instance, r.episode));
    await mkdir(ep, { recursive: true });
    await writeFile(join(ep, 'step-00.png'), png);
    const blocked = r.status !== 'success';
    const steps = [{
      index: 0, location: 'http://127.0.0.1:9/contacts/', screen: 'Contacts', action: { type: 'click', target: { element: 4 } }, thought: 'Delete the old contact first',
      result: blocked ? { ok: false, error: 'blocked by the rule critic', act_ms: 0 } : { ok: true, act_ms: 30, target: { role: 'button', name: 'Save', attrs: {}, bbox: { x: 640, y: 400, w: 128, h: 40 } } },
      verdicts: [blocked ? { decision: 'block', critic: 'rules', rule: 'irreversible', reason: 'click on "Delete contact" looks irreversible' } : { decision: 'approve', critic: 'rules', rule: 'ok', reason: 'every rule holds' }],
      timings: { observe_ms: 20, act_ms: 30 },
    }];
    const trace = { task: { goal: `Add a contact named Ann (seed ${r.seed})`, params: { name: 'Ann', password: '{{secret:APP_PASSWORD}}' }, tags: [blocked ? 'risky' : 'contacts'] }, result: r, steps, checks: [{ kind: 'js', ok: !blocked, evidence: blocked ? 'returned false' : 'returned true' }] };
    await writeFile(join(ep, 'trace.json'), JSON.stringify(trace));
  }
  return dir;
}

async function open(index: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => { throw e; });
  await page.goto(pathToFileURL(index).href);
  await page.locator('#episodes').waitFor();
  return page;
}

test('the overview says what summary.json says, failed episodes first; an episode shows its steps, screenshot, block and memory record', async () => {
  const dir = await writeRun('run-a', [
    result('add-contact', 1, 'success', { policy: 'replay', model_calls: 0, recalled: { id: 'rec123abc', similarity: 0.93 } }),
    result('add-contact', 2, 'failed', { interventions: { rules: { block: { irreversible: 1 } } } }),
    result('find-phone', 1, 'success'),
  ]);
  const page = await open(await reportRun(dir));
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
  await expect(page.locator('#success-rate b').textContent()).resolves.toBe(`${(summary.success_rate * 100).toFixed(1)}%`);
  await expect(page.locator('#counts b').textContent()).resolves.toBe(`${summary.succeeded} / ${summary.failed} / ${summary.errored}`);
  await expect(page.locator('#model-calls b').textContent()).resolves.toBe(String(summary.model_calls));
  await expect(page.locator('#critics').textContent()).resolves.toContain('rules block: 1');
  const first = page.locator('#episodes tr.row').first();
  await expect(first.textContent()).resolves.toContain('add-contact#2');

  await first.click();
  await page.getByRole('heading', { name: 'Steps' }).waitFor();
  const shot = page.locator('.shot img').first();
  await shot.scrollIntoViewIfNeeded();
  await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1280);
  await expect(page.locator('.verdict.block').textContent()).resolves.toContain('looks irreversible');
  await expect(page.locator('main').textContent()).resolves.toContain('{{secret:APP_PASSWORD}}');

  await page.goto(`${pathToFileURL(join(dir, 'report', 'index.html')).href}#e0`);
  await expect(page.locator('#recalled').textContent()).resolves.toContain('rec123abc');
  // The target is boxed where it was: at half the width of a 1280-wide screen.
  await expect(page.locator('.box').getAttribute('style')).resolves.toContain('left:50%');
  await page.close();
});

test('filters narrow the list by status, and by text', async () => {
  const dir = await writeRun('run-b', [result('a', 1, 'success'), result('b', 1, 'failed'), result('c', 1, 'errored'), result('d', 1, 'success')]);
  const page = await open(await reportRun(dir));
  await page.locator('select[data-filter=status]').selectOption('success');
  await expect(page.locator('#episodes tr.row').allTextContents()).resolves.toEqual([expect.stringContaining('a#1'), expect.stringContaining('d#1')]);
  await page.locator('select[data-filter=status]').selectOption('');
  await page.locator('input[data-filter=q]').fill('c#1');
  await expect(page.locator('#shown').textContent()).resolves.toBe('1 of 4');
  await page.close();
});

test('cairn merge-reports makes one report, summary and JUnit over shard runs', async () => {
  const one = await writeRun('shard-1', [result('a', 1, 'success'), result('a', 3, 'failed')]);
  const two = await writeRun('shard-2', [result('a', 2, 'success'), result('b', 1, 'success'), result('b', 2, 'success')]);
  const out = join(root, 'merged');
  const r = await cairn(['merge-reports', one, two, '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
  expect([summary.episodes, summary.succeeded, summary.failed]).toEqual([5, 4, 1]);
  expect(await readFile(join(out, 'junit.xml'), 'utf8')).toMatch(/tests="5" failures="1"/);
  const page = await open(join(out, 'report', 'index.html'));
  await expect(page.locator('#counts b').textContent()).resolves.toBe('4 / 1 / 0');
  await expect(page.locator('#episodes tr.row').count()).resolves.toBe(5);
  // A shard's screenshots load from where that shard wrote them.
  await page.locator('#episodes tr.row').first().click();
  const shot = page.locator('.shot img').first();
  await expect.poll(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1280);
  await page.close();
});
