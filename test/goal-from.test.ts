// applyGoalFrom: what a goal_from expression returned, put into the task.
import { describe, expect, it } from 'vitest';
import { applyGoalFrom } from '../tasks/goal-from.js';
import { parseSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';

const [task] = instances(parseSuite(`name: s
tasks:
  - id: pick
    params: { size: { gen: choice, from: [small] } }
    goal_from: { js: "window.goal" }
    start: { url: http://127.0.0.1:9/ }
    checks: [{ js: "true" }]
`, 'suite.yaml'), { seeds: [3] });

describe('applyGoalFrom', () => {
  it('a string is the goal, and its own template (memory infers its slots)', () => {
    const t = applyGoalFrom(task!, '  Click the red button. ');
    expect(t.goal).toBe('Click the red button.');
    expect(t.goal_template).toBe('Click the red button.');
    expect(t.params).toEqual({ size: 'small' });
  });

  it('{ goal, params }: the params become the task\'s, and the template names them where they stand as words', () => {
    const t = applyGoalFrom(task!, { goal: 'Select 2 of the 12 items named Red Fox, then type Red.', params: { count: 2, name: 'Red Fox', word: 'Red', on: true } });
    expect(t.goal).toBe('Select 2 of the 12 items named Red Fox, then type Red.');
    expect(t.goal_template).toBe('Select {{count}} of the 12 items named {{name}}, then type {{word}}.');
    expect(t.params).toEqual({ size: 'small', count: '2', name: 'Red Fox', word: 'Red', on: 'true' });
  });

  it('values with punctuation are matched as written', () => {
    const t = applyGoalFrom(task!, { goal: 'Enter 05/20/2010 (US) and $3.50.', params: { date: '05/20/2010', price: '$3.50' } });
    expect(t.goal_template).toBe('Enter {{date}} (US) and {{price}}.');
  });

  it('anything else is an error naming where the task is declared and what was expected', () => {
    const expected = /^suite\.yaml:3: goal_from of pick#3 .*; expected a non-empty string, or \{ goal: string, params\?/;
    expect(() => applyGoalFrom(task!, undefined)).toThrow(expected);
    expect(() => applyGoalFrom(task!, '   ')).toThrow(/returned an empty goal/);
    expect(() => applyGoalFrom(task!, 42)).toThrow(/returned 42;/);
    expect(() => applyGoalFrom(task!, ['a'])).toThrow(/returned \["a"\];/);
    expect(() => applyGoalFrom(task!, { text: 'x' })).toThrow(/returned unknown key "text"/);
    expect(() => applyGoalFrom(task!, { goal: 'x', params: { n: { deep: 1 } } })).toThrow(/returned params\.n = \{"deep":1\}/);
    expect(() => applyGoalFrom(task!, { goal: 'x', params: { 'a b': 'y' } })).toThrow(/a param named "a b"/);
    expect(() => applyGoalFrom(task!, { goal: 'x', params: { n: 'y' }, more: 1 })).toThrow(expected);
  });
});
