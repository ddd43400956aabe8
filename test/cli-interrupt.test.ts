// Ctrl-C in the middle of `cairn run`: a real SIGINT to the child process. It exits 130 and
// leaves what a person looks at afterwards: summary.json saying it was stopped and by what,
// and report/index.html over the episodes that ended.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN } from './cli-runner.js';
import { greetSite, greetTask } from './greet-site.js';

// Each episode waits in setup, so the run is still going when it is interrupted.
const SUITE = `name: greet
base_url: ./site
tasks:
${greetTask(['    setup: [{ wait_ms: 1500 }]'])}`;

it('SIGINT mid-run: exit 130, summary.json says it stopped, report/index.html is there', async () => {
  const dir = await greetSite(SUITE);
  const out = join(dir, 'run');
  const child = spawn(process.execPath, [BIN, 'run', 'suite.yaml', '--policy', 'search', '--seeds', '1..6', '--no-memory', '--no-screenshots', '--out', out], {
    cwd: dir, env: { ...process.env, CI: 'true' },
  });
  let stdout = '';
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  await new Promise<void>((ended) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/^ok +greet#\d /m.test(stdout)) ended(); // an episode has ended
    });
    child.on('exit', () => ended());
  });
  child.kill('SIGINT');
  expect(await exited).toBe(130);

  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  expect(summary.stopped).toMatchObject({ by: 'signal', reason: 'stopped by SIGINT' });
  expect(summary.episodes).toBeGreaterThanOrEqual(1);
  expect(summary.episodes).toBeLessThan(6);
  expect(summary.stopped.not_run).toBe(6 - summary.episodes);
  expect(stdout).toMatch(/SIGINT: stopped after \d\/6 episodes/);
  expect(stdout).toContain('report: run/report/index.html');

  expect(existsSync(join(out, 'report', 'index.html'))).toBe(true);
  const data = readFileSync(join(out, 'report', 'data.js'), 'utf8');
  const report = JSON.parse(data.slice(data.indexOf('{'), data.lastIndexOf('}') + 1));
  expect(report.summary.stopped).toMatchObject({ by: 'signal' });
  expect(report.rows.length).toBeGreaterThanOrEqual(1);
  expect(report.rows.filter((r: { status: string }) => r.status === 'success').length).toBeGreaterThanOrEqual(1);
}, 120_000);
