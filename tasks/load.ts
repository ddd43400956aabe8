// Reads a suite file: YAML -> schema-checked spec -> Suite. Every error names the
// file, the line and the field, and says what was expected.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { SuiteSchema, parseSeeds, type SuiteSpec, type TaskSpec } from './schema.js';
import { placeholdersIn } from '../contract/index.js';
import type { Suite } from './types.js';

export class SuiteError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'SuiteError';
  }
}

export async function loadSuite(file: string): Promise<Suite> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SuiteError([`${file}: cannot read the suite file (${(e as NodeJS.ErrnoException).code ?? String(e)})`]);
  }
  return parseSuite(text, file);
}

export function parseSuite(text: string, file: string): Suite {
  const shown = isAbsolute(file) ? relative(process.cwd(), file) || file : file;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => lines.linePos(offset).line;

  if (doc.errors.length > 0) {
    throw new SuiteError(doc.errors.map((e) => `${shown}:${lineOf(e.pos[0])}: invalid YAML: ${e.message.split('\n')[0]}`));
  }
  const parsed = SuiteSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((i) => flatten(i, []));
    throw new SuiteError(problems.map((p) => `${shown}:${p.key !== undefined ? keyLine(doc, p.path, p.key, lineOf) : lineAt(doc, p.path, lineOf)}: ${fieldName(p.path)}: ${p.message}`));
  }
  const spec = parsed.data;
  const tasks = spec.tasks.map((t) => withDefaults(t, spec));
  const problems = tasks.flatMap((t, n) => [
    ...completenessProblems(t).map(([field, p]) => `${shown}:${lineAt(doc, ['tasks', n, field], lineOf)}: tasks[${n}].${field}: ${p}`),
    ...templateProblems(t, n, spec).map(([path, p]) => `${shown}:${lineAt(doc, path, lineOf)}: ${fieldName(path)}${path[0] === 'tasks' ? '' : ` (for task ${t.id})`}: ${p}`),
  ]);
  const seen = new Set<string>();
  spec.tasks.forEach((t, n) => {
    if (seen.has(t.id)) problems.push(`${shown}:${lineAt(doc, ['tasks', n, 'id'], lineOf)}: tasks[${n}].id: "${t.id}" is used by an earlier task; ids must be unique`);
    seen.add(t.id);
  });
  if (problems.length > 0) throw new SuiteError(problems);

  const site = siteOf(spec.base_url, file, `${shown}:${lineAt(doc, ['base_url'], lineOf)}`);
  return {
    name: spec.name,
    file: shown,
    base_url: site.base_url,
    practice_apps: site.practice_apps,
    ...(site.local_site ? { local_site: site.local_site } : {}),
    ...(spec.app ? { app: spec.app } : {}),
    seeds: spec.seeds ? parseSeeds(spec.seeds) : [1],
    allowed: spec.allowed ?? [],
    templates: tasks.map((t, n) => ({ id: t.id, at: `${shown}:${lineAt(doc, ['tasks', n], lineOf)}`, raw: t })),
  };
}

/** A task with the suite's defaults folded in: their setup runs first, checks add up, its own goal_from wins. */
function withDefaults(t: TaskSpec, spec: SuiteSpec): TaskSpec {
  const d = spec.defaults ?? {};
  const goalFrom = t.goal_from ?? d.goal_from;
  const waitUntil = t.start.wait_until ?? d.wait_until;
  return {
    ...t,
    platform: t.platform ?? d.platform ?? 'web',
    start: { ...t.start, ...(waitUntil ? { wait_until: waitUntil } : {}) },
    setup: [...(d.setup ?? []), ...(t.setup ?? [])],
    checks: [...(d.checks ?? []), ...(t.checks ?? [])],
    ...(goalFrom ? { goal_from: goalFrom } : {}),
    budget: { ...d.budget, ...t.budget },
    tags: [...(d.tags ?? []), ...(t.tags ?? [])],
  };
}

/** What a task needs once the defaults are in: a goal (or where to read it) and a check. */
function completenessProblems(t: TaskSpec): [field: string, problem: string][] {
  const out: [string, string][] = [];
  if (t.goal === undefined && !t.goal_from) out.push(['goal', 'missing; give goal, or goal_from (in the task or in defaults) to read it from the page']);
  if (!t.checks?.length) out.push(['checks', 'a task needs at least one check (its own or in defaults.checks): it is how success is verified']);
  return out;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** base_url: a URL, the practice apps, or a folder (relative to the suite file) to serve. */
function siteOf(baseUrl: string | undefined, file: string, at: string): Pick<Suite, 'base_url' | 'practice_apps' | 'local_site'> {
  if (baseUrl === undefined) return { base_url: '', practice_apps: false };
  if (baseUrl === 'practice') return { base_url: '', practice_apps: true };
  if (URL_SCHEME.test(baseUrl)) return { base_url: baseUrl, practice_apps: false };
  return { base_url: '', practice_apps: false, local_site: { folder: baseUrl, relative_to: dirname(resolve(file)), at } };
}

type Path = (string | number)[];

/**
 * Placeholders must name a declared param, `seed`, or `secret:NAME`. Each problem comes with
 * the path of the value it is in (the task's own, or the defaults' it took).
 */
function templateProblems(t: TaskSpec, n: number, spec: SuiteSpec): [Path, string][] {
  const known = new Set(['seed', ...Object.keys(t.params ?? {})]);
  const out: [Path, string][] = [];
  for (const [path, value] of templateValues(t, n, spec)) {
    const unknown = new Set(placeholdersIn(typeof value === 'string' ? value : JSON.stringify(value ?? '')).filter((p) => !p.startsWith('secret:') && !known.has(p)));
    for (const p of unknown) out.push([path, `{{${p}}} names no param; declared: ${[...known].join(', ')}`]);
  }
  for (const [name, param] of Object.entries(t.params ?? {})) {
    const at: Path = ['tasks', n, 'params', name];
    if (typeof param === 'object' && param.gen === 'email' && param.from && !(param.from in (t.params ?? {}))) out.push([[...at, 'from'], `"${param.from}" is not a param of this task`]);
    if (typeof param === 'object' && param.gen === 'int' && param.min > param.max) out.push([at, `min ${param.min} is greater than max ${param.max}`]);
  }
  return out;
}

/** The values of a task (defaults folded in by withDefaults) that may hold placeholders, each with where it is written. */
function templateValues(t: TaskSpec, n: number, spec: SuiteSpec): [Path, unknown][] {
  const d = spec.defaults ?? {};
  const own = spec.tasks[n]!;
  const task: Path = ['tasks', n];
  // withDefaults puts the defaults' setup and checks first.
  const listed = (key: 'setup' | 'checks'): [Path, unknown][] => (t[key] ?? []).map((item, i) => {
    const inDefaults = d[key]?.length ?? 0;
    return [i < inDefaults ? ['defaults', key, i] : [...task, key, i - inDefaults], item];
  });
  const goalFrom: Path = own.goal_from ? [...task, 'goal_from'] : ['defaults', 'goal_from'];
  return [
    [[...task, 'goal'], t.goal],
    [[...task, 'start', 'url'], t.start.url],
    [[...task, 'start', 'app'], t.start.app],
    ...listed('setup'),
    ...listed('checks'),
    [goalFrom, t.goal_from],
  ];
}

/** The line of a key in the map at `path` (an unknown key's own line), else of the map. */
function keyLine(doc: Document, path: PropertyKey[], key: string, lineOf: (o: number) => number): number {
  const map = doc.getIn(path as (string | number)[], true);
  const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) : undefined;
  return isNode(pair?.key) && pair.key.range ? lineOf(pair.key.range[0]) : lineAt(doc, path, lineOf);
}

function lineAt(doc: Document, path: PropertyKey[], lineOf: (o: number) => number): number {
  // The deepest node that exists on the path: an unknown or missing key points at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return lineOf(node.range[0]);
  }
  return 1;
}

function fieldName(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

type Issue = z.core.$ZodIssue;
/** `key`: the unknown key the problem is about, reported at its own line. */
interface Problem { path: PropertyKey[]; message: string; key?: string; missingKey?: string; typeOnly?: string; missing?: boolean }

/** Zod reports a failed union as one issue per branch; this picks the branch the input meant. */
function flatten(i: Issue, base: PropertyKey[]): Problem[] {
  const path = [...base, ...i.path];
  if (i.code !== 'invalid_union' || i.errors.length === 0) {
    if (i.code === 'unrecognized_keys') {
      return [{ path, key: i.keys[0], message: `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')} (a typo? unknown keys are errors so nothing is silently dropped)` }];
    }
    const missing = i.code === 'invalid_type' && i.message.endsWith('received undefined');
    return [{ path, message: missing ? `missing; expected ${i.expected}` : i.message, missing,
      missingKey: missing && i.path.length === 1 ? String(i.path[0]) : undefined,
      typeOnly: i.code === 'invalid_type' && i.path.length === 0 ? i.expected : undefined }];
  }
  const branches = i.errors.map((b) => b.flatMap((x) => flatten(x, path)));
  const keys = branches.map((b) => b.find((p) => p.missingKey)?.missingKey);
  if (keys.every(Boolean)) {
    const unknown = branches[0]!.find((p) => p.message.startsWith('unknown key'));
    return [{ path, key: unknown?.key, message: `expected one of the keys ${keys.join(', ')}${unknown ? `; ${unknown.message}` : ''}` }];
  }
  if (branches.every((b) => b.length === 1 && b[0]!.typeOnly)) {
    const missing = branches.every((b) => b[0]!.missing);
    const expected = branches.map((b) => b[0]!.typeOnly).join(' or ');
    return [{ path, message: missing ? `missing; expected ${expected}` : `expected ${expected}`, missing,
      missingKey: missing && i.path.length === 1 ? String(i.path[0]) : undefined, typeOnly: i.path.length === 0 ? expected : undefined }];
  }
  const depth = (b: Problem[]) => Math.max(...b.map((p) => p.path.length)) - b.length / 100;
  return branches.filter((b) => !b.every((p) => p.typeOnly)).sort((a, b) => depth(b) - depth(a))[0] ?? branches[0]!;
}
