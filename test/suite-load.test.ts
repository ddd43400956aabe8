import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite, parseSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { problemsOf } from './suite-helpers.js';

const good = `name: mini
base_url: http://127.0.0.1:9/
seeds: "1..3"
defaults:
  budget: { max_steps: 8 }
tasks:
  - id: add
    goal: Add a contact named {{name}} with email {{email}}
    start: { url: /contacts/ }
    params:
      name: { gen: full_name }
      email: { gen: email, from: name }
      qty: { gen: int, min: 1, max: 3 }
      color: { gen: choice, from: [red, green, blue] }
    setup:
      - goto: "/reset?seed={{seed}}"
    checks:
      - js: "document.title === '{{name}}'"
      - url: { contains: /contacts/ }
    budget: { timeout_s: 30 }
`;


describe('suite loading', () => {
  it('resolves a valid suite into instances with drawn params, absolute URLs and merged budgets', () => {
    const suite = parseSuite(good, 'suite.yaml');
    expect(suite.seeds).toEqual([1, 2, 3]);
    const all = instances(suite);
    expect(all.map((t) => t.instance)).toEqual(['add#1', 'add#2', 'add#3']);
    const t = all[0]!;
    expect(t.goal).toBe(`Add a contact named ${t.params.name} with email ${t.params.email}`);
    expect(t.params.email).toBe(`${t.params.name!.toLowerCase().replace(' ', '.')}@example.com`);
    expect(Number(t.params.qty)).toBeGreaterThanOrEqual(1);
    expect(['red', 'green', 'blue']).toContain(t.params.color);
    expect(t.start.url).toBe('http://127.0.0.1:9/contacts/');
    expect(t.start.setup).toEqual([{ goto: 'http://127.0.0.1:9/reset?seed=1' }]);
    expect(t.checks[0]).toEqual({ kind: 'js', expression: `document.title === '${t.params.name}'` });
    expect(t.checks[1]).toEqual({ kind: 'url', contains: '/contacts/' });
    expect(t.budget).toEqual({ max_steps: 8, timeout_s: 30 });
    expect(t.at).toBe('suite.yaml:7');
  });

  it('draws the same instance for the same seed and different ones across seeds', () => {
    const a = instances(parseSuite(good, 'suite.yaml'), { seeds: [1, 2, 3, 4, 5, 6] });
    const b = instances(parseSuite(good, 'suite.yaml'), { seeds: [1, 2, 3, 4, 5, 6] });
    expect(a.map((t) => t.params)).toEqual(b.map((t) => t.params));
    expect(new Set(a.map((t) => t.params.name)).size).toBeGreaterThan(1);
  });

  it('keeps secrets as placeholders in resolved tasks', () => {
    const text = good.replace('Add a contact named {{name}}', 'Log in as {{name}} with password {{secret:APP_PASSWORD}}');
    const [t] = instances(parseSuite(text, 'suite.yaml'));
    expect(t!.goal).toContain('{{secret:APP_PASSWORD}}');
  });

  it('rejects an unknown key (a typo) at its own line, naming file and field', () => {
    expect(problemsOf(good.replace('    checks:', '    chekcs: []\n    checks:'))).toEqual([
      expect.stringMatching(/^suite\.yaml:17: tasks\[0\]: unknown key "chekcs"/),
    ]);
    // Inside a flow map and a check, too.
    expect(problemsOf(good.replace('budget: { timeout_s: 30 }', 'budget:\n      timeout_s: 30\n      max_stpes: 3'))).toEqual([
      expect.stringMatching(/^suite\.yaml:22: tasks\[0\]\.budget: unknown key "max_stpes"/),
    ]);
    expect(problemsOf(good.replace('      - url: { contains: /contacts/ }', '      - url:\n          contains: /contacts/\n          contain: x'))).toEqual([
      expect.stringMatching(/^suite\.yaml:21: tasks\[0\]\.checks\[1\]\.url: .*unknown key "contain"/),
    ]);
  });

  it('rejects a task without checks', () => {
    const text = good.replace(/    checks:\n.*\n.*\n/, '    checks: []\n');
    expect(problemsOf(text)[0]).toMatch(/^suite\.yaml:17: tasks\[0\]\.checks: a task needs at least one check/);
  });

  it('rejects a wrong type with the field path and the expectation', () => {
    expect(problemsOf(good.replace('max_steps: 8', 'max_steps: eight'))[0]).toMatch(/^suite\.yaml:5: defaults\.budget\.max_steps: .*number/i);
  });

  it('rejects a placeholder that names no param, at the line of the value it is in', () => {
    expect(problemsOf(good.replace('{{email}}', '{{mail}}'))).toEqual([expect.stringMatching(/^suite\.yaml:8: tasks\[0\]\.goal: \{\{mail\}\} names no param; declared: seed, name, email/)]);
    expect(problemsOf(good.replace("document.title === '{{name}}'", "document.title === '{{nam}}'"))).toEqual([
      expect.stringMatching(/^suite\.yaml:18: tasks\[0\]\.checks\[0\]: \{\{nam\}\} names no param/),
    ]);
    expect(problemsOf(good.replace('from: name', 'from: nam'))).toEqual([expect.stringMatching(/^suite\.yaml:12: tasks\[0\]\.params\.email\.from: "nam" is not a param/)]);
  });

  it('rejects a seed range that runs backwards, or seeds that are neither a range nor a list, as --seeds does', () => {
    expect(problemsOf(good.replace('"1..3"', '"3..1"'))).toEqual([expect.stringMatching(/^suite\.yaml:3: seeds: expected a range low\.\.high, e\.g\. 1\.\.3$/)]);
    expect(problemsOf(good.replace('"1..3"', '"one"'))).toEqual(['suite.yaml:3: seeds: expected a range like 1..5 or a list like 1,2,7']);
  });

  it('takes seeds written as a list, as --seeds does', () => {
    expect(parseSuite(good.replace('"1..3"', '"2,5,9"'), 'suite.yaml').seeds).toEqual([2, 5, 9]);
  });

  it('rejects an unknown generator', () => {
    expect(problemsOf(good.replace('gen: full_name', 'gen: fullname'))).toEqual([
      expect.stringMatching(/^suite\.yaml:11: tasks\[0\]\.params\.name\.gen: .*expected.*'full_name'/i),
    ]);
  });

  it('rejects a check of no known kind, listing the kinds', () => {
    expect(problemsOf(good.replace('- js: "document', '- jss: "document'))).toEqual([
      expect.stringMatching(/^suite\.yaml:18: tasks\[0\]\.checks\[0\]: expected one of the keys url, element, absent, js, shell, answer; unknown key "jss"/),
    ]);
  });

  it('rejects invalid YAML with its line', () => {
    expect(problemsOf(good.replace('seeds: "1..3"', 'seeds: [1, 2'))[0]).toMatch(/^suite\.yaml:\d+: invalid YAML/);
  });

  it('rejects duplicate task ids', () => {
    const twice = good + good.slice(good.indexOf('  - id: add'));
    expect(problemsOf(twice)).toEqual([expect.stringMatching(/^suite\.yaml:2\d: tasks\[1\]\.id: "add" is used by an earlier task/)]);
  });

  it('rejects a bad seed range and a missing start', () => {
    const problems = problemsOf(good.replace('"1..3"', '"1-3"').replace('    start: { url: /contacts/ }\n', ''));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^suite\.yaml:3: seeds: /),
      expect.stringMatching(/^suite\.yaml:7: tasks\[0\]\.start: /),
    ]));
  });

  it('names a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-'));
    await expect(loadSuite(join(dir, 'nope.yaml'))).rejects.toThrow(/nope\.yaml: cannot read the suite file \(ENOENT\)/);
    await writeFile(join(dir, 'ok.yaml'), good);
    expect((await loadSuite(join(dir, 'ok.yaml'))).templates).toHaveLength(1);
  });
});
