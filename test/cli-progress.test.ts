// What a person sees while `cairn run` goes, through the real CLI. At a terminal (a
// pseudo-terminal from util-linux `script`): one line redrawn in place that ends on the run's
// final count, failures printed above it, no line per successful episode. Piped, or under
// CI=true even at a terminal: one plain line per episode, no escape codes. --quiet: neither.
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, cairn } from './cli-runner.js';
import { greetSite, greetTask } from './greet-site.js';

// greet succeeds by search in 3 steps; broken errors in its setup at once.
const SUITE = `name: greet
base_url: ./site
tasks:
${greetTask()}  - id: broken
    goal: Open the page
    start: { url: greet/ }
    setup:
      - js: "throw new Error('the setup broke')"
    checks:
      - js: "true"
`;

let dir: string;
beforeAll(async () => {
  dir = await greetSite(SUITE);
});

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

if (!hasScript) console.warn('cli-progress: util-linux `script` is not installed: the pseudo-terminal tests are skipped');

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs cairn under a pseudo-terminal (stdin, stdout and stderr all a TTY): what the terminal received, and cairn's exit code (script -e passes it on). */
async function atTerminal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ raw: string; code: number }> {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const clean = { ...process.env };
  delete clean.CI; // the test runner may itself run under CI
  try {
    const { stdout } = await promisify(execFile)('script', ['-qfec', command, '/dev/null'], { cwd: dir, env: { ...clean, ...env }, timeout: 120_000 });
    return { raw: stdout, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; code: number };
    return { raw: err.stdout, code: err.code };
  }
}

/** The terminal's rows once everything is drawn: a carriage return starts its row again, escape codes are not text. */
const screen = (raw: string) => raw.replace(/\r\n/g, '\n').split('\n').map((row) => stripVTControlCharacters(row.slice(row.lastIndexOf('\r') + 1)));

const run = (out: string, ...more: string[]) => ['run', 'suite.yaml', '--policy', 'search', '--no-memory', '--no-screenshots', '--out', join(dir, out), ...more];

describe.skipIf(!hasScript)('at a terminal', () => {
  it('redraws one line that ends on the final count; a failure is printed above it, successes are not', async () => {
    const { raw, code } = await atTerminal(run('tty', '--seeds', '1..2'));
    expect(code, raw).toBe(1); // the broken episodes
    const rows = screen(raw);
    const last = rows.reduce((at, r, i) => (r.startsWith('cairn 4/4') ? i : at), -1);
    expect(last, raw).toBeGreaterThan(0);
    expect(rows[last]).toMatch(/^cairn 4\/4 · ok 2 · failed 0 · errored 2 · \d+s$/);
    // The summary table comes after the final count.
    expect(rows.slice(last).join('\n')).toMatch(/2\/4 succeeded/);
    // It was redrawn as the run went: counts going up, the episode in flight and its step.
    const drawn = stripVTControlCharacters(raw);
    for (const state of ['cairn 0/4', 'cairn 1/4', 'cairn 2/4', 'cairn 3/4']) expect(drawn).toContain(state);
    expect(drawn).toMatch(/running greet#\d step \d/);
    // The errored episode's line stays on screen; successful ones have no line of their own.
    expect(rows.filter((r) => /^ERR +broken#\d .*the setup broke/.test(r))).toHaveLength(2);
    expect(rows.filter((r) => /^ok +greet#/.test(r))).toEqual([]);
  }, 150_000);

  it('prints a plain line per episode under CI=true, and nothing per episode with --quiet', async () => {
    const ci = await atTerminal(run('tty-ci', '--task', 'greet', '--seeds', '1..2'), { CI: 'true' });
    expect(ci.code, ci.raw).toBe(0);
    expect(ci.raw).not.toContain('\x1b[2K');
    expect(screen(ci.raw).filter((r) => /^ok +greet#\d +3 steps/.test(r))).toHaveLength(2);

    const { raw: rawQuiet } = await atTerminal(run('tty-quiet', '--task', 'greet', '--seeds', '1', '--quiet'));
    expect(rawQuiet).not.toContain('\x1b[2K');
    const quiet = screen(rawQuiet);
    expect(quiet.filter((r) => /greet#\d/.test(r))).toEqual([]);
    expect(quiet.join('\n')).toMatch(/1\/1 succeeded/);
  }, 150_000);
});

describe('piped (no TTY)', () => {
  it('prints one plain line per finished episode and no escape codes', async () => {
    const r = await cairn(run('piped', '--seeds', '1..2'), { cwd: dir, env: { CI: '' } });
    expect(r.code, r.stderr).toBe(1); // broken errored
    const episodes = r.stdout.split('\n').filter((l) => /^(ok|FAIL|ERR) /.test(l));
    expect(episodes.map((l) => l.split(/ +/).slice(0, 2).join(' ')).sort()).toEqual(['ERR broken#1', 'ERR broken#2', 'ok greet#1', 'ok greet#2']);
    expect(r.stdout + r.stderr).not.toMatch(/[\r\x1b]/);
  }, 150_000);
});
