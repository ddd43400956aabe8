// The package as a user gets it: `npm pack` (its prepack builds dist/), `npm install <tgz>` into
// a fresh project, then the installed CLI and API. Offline: the fresh project is given a lock
// made from cairn's own (its runtime packages, each with its registry tarball URL and
// integrity), so npm takes every tarball from the local cache and asks no registry.
// About a minute: run by `npm run test:package` (and .ci/run), not by `npm test`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface LockEntry { version?: string; resolved?: string; link?: boolean; dev?: boolean; [k: string]: unknown }

/** cairn's lock, turned into the lock of a project that depends on the tarball alone. */
function consumerLock(tarball: string): object {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const self = lock.packages['']!;
  const packages: Record<string, LockEntry> = { '': { name: 'consumer', version: '1.0.0', dependencies: { cairn: `file:${tarball}` } } };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path || entry.dev) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[path] = entry.resolved || entry.link
      ? entry
      : { ...entry, resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz` };
  }
  const { name, version, dependencies, optionalDependencies, bin, engines } = self;
  packages['node_modules/cairn'] = { name, version, resolved: `file:${tarball}`, dependencies, optionalDependencies, bin, engines };
  return { name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages };
}

describe('the packed package, installed', () => {
  let project: string;
  let files: string[];

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-pack-'));
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT)) as { filename: string; files: { path: string }[] }[];
    files = packed!.files.map((f) => f.path);
    const tarball = join(dir, packed!.filename);
    project = join(dir, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true, dependencies: { cairn: `file:${tarball}` } }));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify(consumerLock(tarball)));
    npm(['install', '--offline', '--no-audit', '--no-fund'], project);
  }, 300_000);

  test('holds the build with its types, the CLI, the bundled suites and the docs, and no tests', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/cairn.js', 'dist/cli/main.js', 'dist/index.js', 'tasks/suites/demo.yaml', 'README.md', 'docs/android.md']));
    expect(files.filter((f) => f.startsWith('dist/test/') || f.startsWith('test/') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['dist/index.d.ts', 'dist/playwright/index.d.ts']));
  });

  test('its cairn command runs', () => {
    const help = execFileSync(join(project, 'node_modules', '.bin', 'cairn'), ['--help'], { cwd: project, encoding: 'utf8' });
    expect(help).toMatch(/Usage: cairn/);
    expect(help).toMatch(/\brun\b/);
  });

  test('its published types check a consumer\'s code and reject a wrong call', () => {
    // cairn/playwright's types need @playwright/test, which a user installs beside cairn (a peer).
    mkdirSync(join(project, 'node_modules', '@playwright'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', '@playwright', 'test'), join(project, 'node_modules', '@playwright', 'test'));
    symlinkSync(join(ROOT, 'node_modules', 'playwright'), join(project, 'node_modules', 'playwright'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
      files: ['consumer.ts'],
    }));
    writeFileSync(join(project, 'consumer.ts'), CONSUMER);
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    let out = '';
    try {
      out = execFileSync(tsc, ['-p', project], { cwd: project, encoding: 'utf8' });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(out).toBe('');
  });

  test('its API imports, and finds the suites it ships', () => {
    const script = "const c = await import('cairn'); const s = await c.loadSuite(c.DEMO_SUITE); console.log(JSON.stringify({ run: typeof c.runSuite, memory: typeof c.openMemory, tasks: s.templates.length }));";
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' })) as { run: string; memory: string; tasks: number };
    expect(out).toMatchObject({ run: 'function', memory: 'function' });
    expect(out.tasks).toBeGreaterThan(0);
  });
});

/** A user's code against the published types; each @ts-expect-error fails the check if that type were `any`. */
const CONSUMER = `
import { DEMO_SUITE, loadSuite, makePolicy, openMemory, runSuite, type Policy, type Observation, type EpisodeResult, type Critic } from 'cairn';
import { test, expect } from 'cairn/playwright';

const suite = await loadSuite(DEMO_SUITE);
const memory = await openMemory({ uri: './memory' });
const outcome = await runSuite({ suite, policy: makePolicy('search', {}, memory), out: './runs/x' });
const first: EpisodeResult | undefined = outcome.results[0];
const steps: number = first?.steps ?? 0;
const named = (o: Observation) => o.elements.map((e) => e.name);
const policy: Pick<Policy, 'name'> = { name: 'mine' };
const critic: Pick<Critic, 'name'> = { name: 'mine' };
// @ts-expect-error: a policy is one of the named ones
makePolicy('guess', {});
// @ts-expect-error: a suite is loaded from a path
await loadSuite(42);

test('add a contact', async ({ page, agent }) => {
  await page.goto('/contacts/');
  const report = await agent.act('Add a contact named Ann Lee', { done: async () => expect(page.getByRole('heading', { name: 'Ann Lee' })).toBeVisible() });
  const calls: number = report.modelCalls;
  const phone: string = await agent.ask("What is Ann Lee's phone number?");
  // @ts-expect-error: a step needs its verifier
  await agent.act('Add a contact', {});
  void [calls, phone];
});
void [steps, named, policy, critic];
`;
