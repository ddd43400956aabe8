// The package as a user gets it: `npm pack` (its prepack builds dist/), `npm install <tgz>` into
// a fresh project, then the installed CLI and API. Offline: the fresh project is given a lock
// made from cairn's own (its runtime packages, each with its registry tarball URL and
// integrity), so npm takes every tarball from the local cache and asks no registry.
// About a minute: run by `npm run test:package` (and .ci/run), not by `npm test`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

  test('holds the build, the CLI, the bundled suites and the docs, and no tests', () => {
    expect(files).toEqual(expect.arrayContaining(['bin/cairn.js', 'dist/cli/main.js', 'dist/index.js', 'tasks/suites/demo.yaml', 'README.md', 'docs/android.md']));
    expect(files.filter((f) => f.startsWith('dist/test/') || f.startsWith('test/') || f.endsWith('.ts'))).toEqual([]);
  });

  test('its cairn command runs', () => {
    const help = execFileSync(join(project, 'node_modules', '.bin', 'cairn'), ['--help'], { cwd: project, encoding: 'utf8' });
    expect(help).toMatch(/Usage: cairn/);
    expect(help).toMatch(/\brun\b/);
  });

  test('its API imports, and finds the suites it ships', () => {
    const script = "const c = await import('cairn'); const s = await c.loadSuite(c.DEMO_SUITE); console.log(JSON.stringify({ run: typeof c.runSuite, memory: typeof c.openMemory, tasks: s.templates.length }));";
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: project, encoding: 'utf8' })) as { run: string; memory: string; tasks: number };
    expect(out).toMatchObject({ run: 'function', memory: 'function' });
    expect(out.tasks).toBeGreaterThan(0);
  });
});
