// Reads a suite file: YAML -> schema-checked spec -> Suite. Every error names the
// file, the line and the field, and says what was expected.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { SuiteSchema, parseSeeds, type SuiteSpec, type TaskSpec } from './schema.js';
import { placeholdersIn } from './template.js';
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
    throw new SuiteError(problems.map((p) => `${shown}:${lineAt(doc, p.path, lineOf)}: ${fieldName(p.path)}: ${p.message}`));
  }
  const spec = parsed.data;
  const tasks = spec.tasks.map((t) => withDefaults(t, spec));
  const problems = tasks.flatMap((t, n) => [
    ...completenessProblems(t).map(([field, p]) => `${shown}:${lineAt(doc, ['tasks', n, field], lineOf)}: tasks[${n}].${field}: ${p}`),
    ...templateProblems(t).map((p) => `${shown}:${lineAt(doc, ['tasks', n], lineOf)}: tasks[${n}] (${t.id}): ${p}`),
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

/** Placeholders must name a declared param, `seed`, or `secret:NAME`. */
function templateProblems(t: TaskSpec): string[] {
  const known = new Set(['seed', ...Object.keys(t.params ?? {})]);
  const texts = [t.goal ?? '', t.start.url ?? '', t.start.app ?? '', JSON.stringify(t.setup ?? []), JSON.stringify(t.checks ?? []), t.goal_from?.js ?? '', t.goal_from?.shell ?? ''];
  const unknown = new Set<string>();
  for (const text of texts) for (const p of placeholdersIn(text)) if (!p.startsWith('secret:') && !known.has(p)) unknown.add(p);
  const out = [...unknown].map((p) => `{{${p}}} names no param; declared: ${[...known].join(', ')}`);
  for (const [name, spec] of Object.entries(t.params ?? {})) {
    if (typeof spec === 'object' && spec.gen === 'email' && spec.from && !(spec.from in (t.params ?? {}))) out.push(`params.${name}.from: "${spec.from}" is not a param of this task`);
    if (typeof spec === 'object' && spec.gen === 'int' && spec.min > spec.max) out.push(`params.${name}: min ${spec.min} is greater than max ${spec.max}`);
  }
  return out;
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
interface Problem { path: PropertyKey[]; message: string; missingKey?: string; typeOnly?: string; missing?: boolean }

/** Zod reports a failed union as one issue per branch; this picks the branch the input meant. */
function flatten(i: Issue, base: PropertyKey[]): Problem[] {
  const path = [...base, ...i.path];
  if (i.code !== 'invalid_union' || i.errors.length === 0) {
    if (i.code === 'unrecognized_keys') {
      return [{ path, message: `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')} (a typo? unknown keys are errors so nothing is silently dropped)` }];
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
    return [{ path, message: `expected one of the keys ${keys.join(', ')}${unknown ? `; ${unknown.message}` : ''}` }];
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
