// What search knows of fields beyond their names (agent/search/fields.ts), and how it ranks
// what to do with them (candidates.ts): keys for unnamed fields, labels beside a field,
// a spin button's arrows, an ordinal's field.
import { describe, expect, it } from 'vitest';
import { candidates, nextTyped, type Typed } from '../agent/search/candidates.js';
import { elementKeys, fieldLabel, steppers } from '../agent/search/fields.js';
import type { Observation, ResolvedTask, UIElement } from '../contract/index.js';

let next = 0;
function el(role: string, name: string, bbox: [number, number, number, number], more: Partial<UIElement> = {}): UIElement {
  const [x, y, w, h] = bbox;
  return { id: next++, role, name, bbox: { x, y, w, h }, state: { enabled: true, visible: true, ...(role === 'textbox' || role === 'spinbutton' ? { editable: true } : {}) }, attrs: {}, ...more };
}

function screen(elements: UIElement[]): Observation {
  elements.forEach((e, i) => { e.id = i; });
  return { platform: 'web', screen: { width: 800, height: 600 }, location: 'http://127.0.0.1/form', elements, digest: 'd' };
}

const task = (goal: string) => ({ goal, params: {} }) as unknown as ResolvedTask;
const fresh = (): Typed => ({ fields: new Set(), values: new Set(), toggled: new Set() });

describe('fields', () => {
  it('keys unnamed fields by html attributes, else by their place, so two of them are two fields', () => {
    const a = el('textbox', '', [0, 0, 100, 20]);
    const b = el('textbox', '', [0, 40, 100, 20]);
    const c = el('textbox', '', [0, 80, 100, 20], { attrs: { id: 'verify' } });
    const all = [a, b, c];
    const keys = elementKeys(all);
    expect(new Set(all.map((e) => keys.get(e))).size).toBe(3);
    expect(keys.get(c)).toBe('textbox #verify');
    expect(keys.get(b)).toBe('textbox @1');
  });

  it('reads the text beside or above an unnamed field as its label', () => {
    const left = el('text', 'Username', [0, 2, 70, 16]);
    const field = el('textbox', '', [80, 0, 120, 20]);
    const above = el('text', 'Password', [80, 30, 70, 16]);
    const field2 = el('textbox', '', [80, 50, 120, 20], { attrs: { name: 'pw' } });
    const all = [left, field, above, field2];
    expect(fieldLabel(field, all)).toBe('Username');
    expect(fieldLabel(field2, all)).toBe('Password pw');
    expect(fieldLabel(el('textbox', 'Email', [0, 0, 1, 1]), all)).toBe('Email');
  });

  it('finds a spin button\'s arrows: stacked unnamed ones (top is up), or named + and -', () => {
    const field = el('spinbutton', 'Amount', [0, 0, 120, 24]);
    const up = el('button', '', [104, 0, 16, 12]);
    const down = el('button', '', [104, 12, 16, 12]);
    const far = el('button', 'Submit', [300, 0, 60, 24]);
    expect(steppers(field, [field, down, up, far])).toEqual({ up, down });
    const minus = el('button', '−', [-30, 0, 24, 24]);
    const plus = el('button', '+', [126, 0, 24, 24]);
    expect(steppers(field, [minus, field, plus])).toEqual({ up: plus, down: minus });
  });
});

describe('candidates', () => {
  it('puts each unquoted value into the field its label names, whatever their order on the page', () => {
    const obs = screen([
      el('text', 'Password', [0, 2, 70, 16]), el('textbox', '', [80, 0, 120, 20]),
      el('text', 'Username', [0, 42, 70, 16]), el('textbox', '', [80, 40, 120, 20]),
      el('button', 'Login', [0, 80, 60, 24]),
    ]);
    const ranked = candidates(obs, task('Enter the username kanesha and the password h2Zq into the fields and press login.'), fresh());
    const typing = ranked.filter((c) => c.action.type === 'type').slice(0, 2).map((c) => c.action);
    expect(typing).toEqual(expect.arrayContaining([
      { type: 'type', target: { element: 3 }, text: 'kanesha', clear: true },
      { type: 'type', target: { element: 1 }, text: 'h2Zq', clear: true },
    ]));
    expect(ranked[0]!.action.type).toBe('type'); // typing before the login button
  });

  it('after one unnamed field is filled, the next still takes its value', () => {
    const obs = screen([el('textbox', '', [0, 0, 100, 20]), el('textbox', '', [0, 40, 100, 20]), el('button', 'Submit', [0, 80, 60, 24])]);
    const goal = task('Enter the password "ab" into both text fields and press submit.');
    const first = candidates(obs, goal, fresh())[0]!;
    expect(first.action).toMatchObject({ type: 'type', text: 'ab' });
    const after = nextTyped(fresh(), first, true, false);
    const second = candidates(obs, goal, after)[0]!;
    expect(second.action).toMatchObject({ type: 'type', text: 'ab' });
    expect(second.key).not.toBe(first.key);
  });

  it('types into the nth field only, a date as written (both readings when ambiguous), and steps a number field toward the value', () => {
    const three = screen([el('textbox', '', [0, 0, 100, 20]), el('textbox', '', [0, 40, 100, 20]), el('textbox', '', [0, 80, 100, 20])]);
    const typed = candidates(three, task('Type Nathalie into the 2nd text field'), fresh()).filter((c) => c.action.type === 'type');
    expect(typed.map((c) => c.action)).toEqual([{ type: 'type', target: { element: 1 }, text: 'Nathalie', clear: true }]);

    const date = screen([el('textbox', '', [0, 0, 100, 20], { attrs: { type: 'date' } })]);
    // Typed as the goal writes it (the driver fills the input's form), so memory can slot it;
    // an ambiguous date's other reading comes next, in the input's own form.
    expect(candidates(date, task('Enter 05/20/2010 as the date and hit submit.'), fresh())[0]!.action).toMatchObject({ text: '05/20/2010' });
    const ambiguous = candidates(date, task('Enter 03/04/2010 as the date and hit submit.'), fresh()).filter((c) => c.action.type === 'type');
    expect(ambiguous.map((c) => (c.action as { text: string }).text)).toEqual(['03/04/2010', '2010-04-03']);

    const spin = screen([el('spinbutton', 'Amount', [0, 0, 120, 24], { value: '1' }), el('button', '', [104, 0, 16, 12]), el('button', '', [104, 12, 16, 12])]);
    const ranked = candidates(spin, task('Select -2 with the spinner and hit Submit.'), fresh());
    const click = (id: number) => ranked.find((c) => c.action.type === 'click' && 'element' in c.action.target && c.action.target.element === id)!;
    expect(click(2)).toMatchObject({ blind: false, edit: true }); // down, toward -2
    expect(click(1)).toMatchObject({ blind: true, score: 0 }); // up: nothing points at it
  });

  it('clicks the picked field when focusing it is the goal, and presses a silent button once', () => {
    const three = screen([el('textbox', '', [0, 0, 100, 20]), el('textbox', '', [0, 40, 100, 20]), el('textbox', '', [0, 80, 100, 20])]);
    expect(candidates(three, task('Focus into the 3rd input textbox.'), fresh())[0]!.action).toEqual({ type: 'click', target: { element: 2 } });

    const buttons = screen([el('button', 'TWO', [0, 0, 40, 40]), el('button', 'ONE', [50, 0, 40, 40])]);
    const goal = task('Click button ONE, then click button TWO.');
    const first = candidates(buttons, goal, fresh())[0]!;
    expect(first.target?.name).toBe('ONE');
    const after = candidates(buttons, goal, nextTyped(fresh(), first, true, true));
    expect(after.map((c) => c.target?.name)).toEqual(['TWO']);
  });
});

describe('candidates on a list that takes its entries by Enter and edits them in place', () => {
  const withParams = (goal: string, params: Record<string, string>) => ({ goal, params }) as unknown as ResolvedTask;
  /** A todo list; `entry` is what its New Todo field holds. */
  const list = (extra: UIElement[] = [], entry?: string) => screen([
    el('textbox', 'New Todo Input', [0, 0, 300, 40], { attrs: { placeholder: 'What needs to be done?' }, ...(entry ? { value: entry } : {}) }),
    el('checkbox', 'Mow the lawn', [0, 50, 20, 20]), el('text', 'Mow the lawn', [30, 50, 200, 20]),
    el('button', '×', [260, 50, 20, 20], { attrs: { row: 'Mow the lawn', shows_on: 'hover' } }),
    el('button', 'Clear completed', [200, 300, 100, 20]),
    ...extra,
  ]);
  const byType = (cs: ReturnType<typeof candidates>, type: string) => cs.filter((c) => c.action.type === type);

  it('sends a typed entry with Enter where no button would send it, and not where one would', () => {
    const goal = withParams('Add a todo: Fix the sink.', { new: 'Fix the sink' });
    const typed = candidates(list(), goal, fresh())[0]!;
    expect(typed.action).toMatchObject({ type: 'type', text: 'Fix the sink' });
    const after = nextTyped(fresh(), typed, true, false);
    expect(candidates(list([], 'Fix the sink'), goal, after)[0]!.action).toEqual({ type: 'key', key: 'Enter', target: { element: 0 } });
    // The same field in a form with a button that sends it (far from the field): that button, as a person clicks it.
    for (const name of ['Save', 'Pay now', 'Change password']) {
      const form = list([el('button', name, [0, 500, 100, 30])], 'Fix the sink');
      expect(byType(candidates(form, goal, after), 'key')).toEqual([]);
    }
  });

  it('after Enter sent one entry, the next goes in before anything else, and the sent one\'s row is no target', () => {
    const goal = withParams('Add two todos: Fix the sink and Bake a cake.', { new: 'Fix the sink', new2: 'Bake a cake' });
    let typed = nextTyped(fresh(), candidates(list(), goal, fresh())[0]!, true, false);
    const enter = candidates(list([], 'Fix the sink'), goal, typed)[0]!;
    expect(enter.action.type).toBe('key');
    typed = nextTyped(typed, enter, true, false);
    const shown = list([
      el('checkbox', 'Fix the sink', [0, 80, 20, 20]), el('text', 'Fix the sink', [30, 80, 200, 20]),
      el('button', '×', [260, 80, 20, 20], { attrs: { row: 'Fix the sink', shows_on: 'hover' } }),
    ]);
    const ranked = candidates(shown, goal, typed);
    expect(ranked[0]!.action).toMatchObject({ type: 'type', target: { element: 0 }, text: 'Bake a cake' });
    for (const c of ranked.filter((c) => c.target?.name === 'Fix the sink' || c.target?.attrs?.row === 'Fix the sink')) expect(c.score).toBeLessThanOrEqual(0);
  });

  it('a rename opens the named entry, types into the field that opened with the caret in it, and sends it with Enter', () => {
    const goal = withParams('Rename the todo Mow the lawn to Paint the fence.', { item: 'Mow the lawn', new: 'Paint the fence' });
    expect(candidates(list(), goal, fresh())[0]!.action).toEqual({ type: 'double_click', target: { element: 2 } });
    // The entry's text gives way to a field with the caret in it; "new" names no field, so the value is not the New Todo field's.
    const editing = (value: string) => screen([
      el('textbox', 'New Todo Input', [0, 0, 300, 40]), el('checkbox', 'Mow the lawn', [0, 50, 20, 20]),
      el('textbox', 'Edit todo', [30, 50, 200, 20], { value, state: { enabled: true, visible: true, editable: true, focused: true } }),
    ]);
    const typeIt = candidates(editing('Mow the lawn'), goal, fresh())[0]!;
    expect(typeIt.action).toEqual({ type: 'type', target: { element: 2 }, text: 'Paint the fence', clear: true });
    const ranked = candidates(editing('Paint the fence'), goal, nextTyped(fresh(), typeIt, true, false));
    expect(ranked[0]!.action).toEqual({ type: 'key', key: 'Enter', target: { element: 2 } });
    expect(byType(ranked, 'type').filter((c) => (c.action as { text: string }).text === 'Paint the fence')).toEqual([]);
  });

  it('a modifier beside a noun still tells fields apart: the new password goes into New password, not Current password', () => {
    const goal = withParams('Change your password from hunter2 to Zebra-9.', { current_password: 'hunter2', new_password: 'Zebra-9' });
    const form = screen([el('textbox', 'Current password', [0, 0, 200, 24]), el('textbox', 'New password', [0, 40, 200, 24]), el('button', 'Change password', [0, 80, 120, 24])]);
    const typing = byType(candidates(form, goal, fresh()), 'type').slice(0, 2).map((c) => c.action);
    expect(typing).toEqual(expect.arrayContaining([
      { type: 'type', target: { element: 0 }, text: 'hunter2', clear: true },
      { type: 'type', target: { element: 1 }, text: 'Zebra-9', clear: true },
    ]));
  });

  it('a prefilled form with the caret in its first field still puts each value where its label says', () => {
    const goal = withParams('Edit the contact Zoe Yilmaz and change the phone number to 555-0100.', { name: 'Zoe Yilmaz', phone: '555-0100' });
    const form = screen([
      el('textbox', 'Name', [0, 0, 200, 24], { value: 'Zoe Yilmaz', state: { enabled: true, visible: true, editable: true, focused: true } }),
      el('textbox', 'Phone', [0, 40, 200, 24], { value: '555-0042' }),
      el('button', 'Save', [0, 80, 60, 24]),
    ]);
    expect(candidates(form, goal, fresh())[0]!.action).toEqual({ type: 'type', target: { element: 1 }, text: '555-0100', clear: true });
  });
});
