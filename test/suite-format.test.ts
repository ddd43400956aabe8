// The suite format as a benchmark author meets it: defaults shared by every task (setup,
// checks, goal_from, wait_until), a goal read from the page instead of written, an app
// identity for memory, and a local folder as the site.
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import { problemsOf } from './suite-helpers.js';

const shared = `name: pages
base_url: http://127.0.0.1:9/
app: page-bench
defaults:
  wait_until: load
  setup:
    - js: "window.seed = {{seed}}"
  checks:
    - js: "window.reward >= 1"
  goal_from: { js: "document.querySelector('#query').textContent" }
tasks:
  - id: first
    start: { url: pages/first.html }
  - id: second
    goal: Press the second button
    goal_from: { js: "window.goal" }
    app: second-app
    start: { url: pages/second.html, wait_until: domcontentloaded }
    setup:
      - js: "window.second = true"
    checks:
      - url: { contains: second }
`;


describe('suite defaults', () => {
  const [first, second] = instances(parseSuite(shared, 'suite.yaml'), { seeds: [4] });

  it('give every task their setup (first), checks (added up) and goal_from (a task\'s own wins)', () => {
    expect(first!.start.setup).toEqual([{ js: 'window.seed = 4' }]);
    expect(second!.start.setup).toEqual([{ js: 'window.seed = 4' }, { js: 'window.second = true' }]);
    expect(first!.checks).toEqual([{ kind: 'js', expression: 'window.reward >= 1' }]);
    expect(second!.checks).toEqual([{ kind: 'js', expression: 'window.reward >= 1' }, { kind: 'url', contains: 'second' }]);
    expect(first!.goal_from).toBe("document.querySelector('#query').textContent");
    expect(second!.goal_from).toBe('window.goal');
  });

  it('say when setup runs: after load by default here, a task may ask for domcontentloaded', () => {
    expect(first!.start.wait_until).toBe('load');
    expect(second!.start.wait_until).toBe('domcontentloaded');
    const plain = instances(parseSuite(shared.replace('  wait_until: load\n', ''), 'suite.yaml'))[0]!;
    expect(plain.start.wait_until).toBeUndefined(); // the driver's default: domcontentloaded
  });

  it('let a goal be left out when the page writes it; until read it is empty', () => {
    expect(first!.goal).toBe('');
    expect(second!.goal).toBe('Press the second button');
  });

  it('give the app identity for memory: the suite\'s, or the task\'s own', () => {
    expect(first!.app).toBe('page-bench');
    expect(second!.app).toBe('second-app');
    expect(instances(parseSuite(shared.replace('app: page-bench\n', ''), 'suite.yaml'))[0]!.app).toBeUndefined();
  });
});

describe('what a task still needs once the defaults are in', () => {
  it('a goal, or goal_from to read it: naming the task\'s line and field', () => {
    const text = shared.replace(/  goal_from: \{ js: "document[^\n]*\n/, '');
    expect(problemsOf(text)).toEqual([expect.stringMatching(/^suite\.yaml:11: tasks\[0\]\.goal: missing; give goal, or goal_from/)]);
  });

  it('a check, its own or in defaults.checks', () => {
    const text = shared.replace(/  checks:\n    - js: "window.reward >= 1"\n/, '');
    expect(problemsOf(text)).toEqual([expect.stringMatching(/^suite\.yaml:\d+: tasks\[0\]\.checks: a task needs at least one check \(its own or in defaults\.checks\)/)]);
  });

  it('goal_from with one of js or shell, and a known wait_until', () => {
    expect(problemsOf(shared.replace('goal_from: { js: "window.goal" }', 'goal_from: {}'))[0]).toMatch(/tasks\[1\]\.goal_from: give one of js \(web\) or shell \(android\)/);
    expect(problemsOf(shared.replace('wait_until: load', 'wait_until: idle'))[0]).toMatch(/^suite\.yaml:5: defaults\.wait_until: .*"load"/);
  });

  it('placeholders in the defaults must name a param of every task, reported at the defaults\' line', () => {
    expect(problemsOf(shared.replace('window.seed = {{seed}}', 'window.seed = {{level}}'))).toEqual([
      expect.stringMatching(/^suite\.yaml:7: defaults\.setup\[0\] \(for task first\): \{\{level\}\} names no param/),
      expect.stringMatching(/^suite\.yaml:7: defaults\.setup\[0\] \(for task second\): \{\{level\}\} names no param/),
    ]);
  });
});

describe('base_url', () => {
  it('a folder (relative to the suite file, or naming a variable) is a site to serve; a URL is not', () => {
    const local = parseSuite(shared.replace('http://127.0.0.1:9/', './site'), '/work/suites/pages.yaml');
    expect(local.base_url).toBe('');
    expect(local.local_site).toEqual({ folder: './site', relative_to: '/work/suites', at: expect.stringMatching(/pages\.yaml:2$/) });
    expect(parseSuite(shared.replace('http://127.0.0.1:9/', '${SITE_DIR}'), 's.yaml').local_site?.folder).toBe('${SITE_DIR}');
    const remote = parseSuite(shared, 's.yaml');
    expect(remote.local_site).toBeUndefined();
    expect(remote.base_url).toBe('http://127.0.0.1:9/');
    expect(parseSuite(shared.replace('http://127.0.0.1:9/', 'practice'), 's.yaml').practice_apps).toBe(true);
  });
});
