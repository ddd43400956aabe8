// Two or more remembered successes generalise where one did not: names with a slot inside,
// rows named by a slot plus varying text, list slots, and the same target at another place
// for another goal (pinned, never merged into one trajectory).
import { afterEach, expect, test } from 'vitest';
import { ground, type UIElement } from '../contract/index.js';
import { generalise, instantiate, openMemory, stepLine, type MemoryStore, type Recollection, type TaskLike } from '../memory/index.js';
import { aim } from '../agent/replayer.js';
import { click, done, step, target, trajectory, scratchMemory } from './memory-helpers.js';

const { open: store } = scratchMemory();

const URL = 'http://127.0.0.1:9/page/';
const goalTask = (goal: string, extra: Partial<TaskLike> = {}): TaskLike => ({ goal, platform: 'web', start: { url: URL }, ...extra });

let nextId = 1;
function el(role: string, name: string, y: number, attrs: Record<string, string> = {}): UIElement {
  return { id: nextId++, role, name, bbox: { x: 10, y, w: 100, h: 20 }, state: { enabled: true, visible: true }, attrs };
}

/** The recalled record that fits the goal, instantiated for it: the steps replay would take. */
async function stepsFor(s: MemoryStore, task: TaskLike): Promise<{ hit: Recollection; steps: ReturnType<typeof instantiate> }> {
  const [hit] = await s.recall(task, 3);
  expect(hit, `nothing recalled for ${task.goal}`).toBeDefined();
  return { hit: hit!, steps: instantiate(hit!.record, hit!.slots) };
}

/** Each step grounded on the screen: the live element's role and name, or undefined. */
function groundAll(steps: NonNullable<ReturnType<typeof instantiate>>, screen: UIElement[]): (string | undefined)[] {
  return steps.map((s) => {
    if (!s.target) return undefined;
    const hit = ground(s.target, screen);
    return hit && `${hit.element.role} ${hit.element.name}`;
  });
}

const expand = (word: string, section: number, y: number) => trajectory(`Expand the section below and click ${word}.`, [
  click(target('tab', `Section #${section}`, { id: `ui-id-${section * 2 - 1}` }, y), 'Sections'),
  click(target('link', word, {}, y + 40), 'Sections'),
  done(),
]);

test('a section tab whose number varies and is not in the goal becomes a wildcard; the link is the slot', async () => {
  const s = await store();
  await s.remember(expand('Lorem', 3, 90));
  const goal = goalTask('Expand the section below and click Dolor.');
  // One success alone: a literal record that does not fit another goal.
  const one = await stepsFor(s, goal);
  expect(one.hit.record.goal_template).toBe('Expand the section below and click Lorem.');
  expect(one.hit.missing).toEqual([]);
  expect(instantiate(one.hit.record, one.hit.slots)!.map((x) => x.target?.name)).toContain('Lorem');

  expect(await s.remember(expand('Ipsum', 5, 150))).toMatchObject({ kind: 'merged', hits: 2 });
  expect(await s.count()).toBe(1);
  const { hit, steps } = await stepsFor(s, goal);
  expect(hit.record.goal_template).toBe('Expand the section below and click {{slot1}}.');
  expect(hit.record.steps.map((x) => x.target?.name)).toEqual(['Section #{{*}}', '{{slot1}}', undefined]);
  expect(hit.record.steps[0]!.target!.attrs.id).toBe('ui-id-{{*}}');
  expect(hit.record.instances.map((i) => i.goal)).toEqual(['Expand the section below and click Lorem.', 'Expand the section below and click Ipsum.']);
  expect(hit.slots).toEqual({ slot1: 'Dolor' });
  const screen = [el('heading', 'Section #2', 30), el('tab', 'Section #2', 60, { id: 'ui-id-3' }), el('link', 'Lorem', 80), el('link', 'Dolor', 100), el('button', 'Submit', 200)];
  expect(groundAll(steps!, screen)).toEqual(['tab Section #2', 'link Dolor', undefined]);
  // A tab of another label, or a heading with the tab's name, is not it.
  expect(ground(steps![0]!.target!, [el('tab', 'Settings', 60), el('heading', 'Section #2', 30)])).toBeUndefined();
});

test('a number the goal gives becomes a slot inside the name: "Section #{{slot1}}"', async () => {
  const s = await store();
  const open = (n: number, word: string) => trajectory(`Open section ${n} and click ${word}.`, [
    click(target('tab', `Section #${n}`, {}, 30 * n)), click(target('link', word, {}, 200)), done(),
  ]);
  await s.remember(open(3, 'Lorem'));
  await s.remember(open(5, 'Ipsum'));
  const { hit, steps } = await stepsFor(s, goalTask('Open section 2 and click Dolor.'));
  expect(hit.record.goal_template).toBe('Open section {{slot1}} and click {{slot2}}.');
  expect(hit.record.steps[0]!.target!.name).toBe('Section #{{slot1}}');
  // The number picks the tab: not the nearer one.
  expect(groundAll(steps!, [el('tab', 'Section #1', 90), el('tab', 'Section #2', 300), el('link', 'Dolor', 200)])).toEqual(['tab Section #2', 'link Dolor', undefined]);
});

test('a row named by the sender and a preview is grounded by the sender plus its role', async () => {
  const s = await store();
  const trash = (sender: string, preview: string, y: number) => trajectory(`Find the email by ${sender} and click the trash icon.`, [
    click(target('link', `${sender} ${preview}`, {}, y), 'Inbox'),
    click(target('button', 'Trash', {}, 40), `${sender} — message`),
    done(),
  ]);
  // Previews punctuate as their words fall: that punctuation says nothing about the row.
  await s.remember(trash('Coletta', 'Ridiculus eget. Sed.vel.dui..', 100));
  await s.remember(trash('Marva', 'Lorem. Ipsum.dolor.sit..', 220));
  const { hit, steps } = await stepsFor(s, goalTask('Find the email by Elise and click the trash icon.'));
  expect(hit.record.steps[0]!.target!.name).toBe('{{slot1}} {{*}}');
  expect(hit.record.steps[1]!.screen).toBe('{{slot1}} — message');
  const inbox = [el('link', 'Bob Cras sed...', 100), el('link', 'Elise Nunc porta, magna', 140), el('text', 'Elise Nunc porta, magna', 140)];
  expect(groundAll(steps!, inbox)[0]).toBe('link Elise Nunc porta, magna');
});

const select = (items: string[], role = 'checkbox') => trajectory(`Select ${items.join(', ')} and click Submit.`, [
  ...items.map((item, i) => click(target(role, item, {}, 20 * i + 20), 'Options')),
  click(target('button', 'Submit', {}, 200), 'Options'),
  done(),
]);

test('a list slot: the repeated step is kept once and done once per item of the new goal (1 to 3 items)', async () => {
  const s = await store();
  await s.remember(select(['fzzqo', 'NYYyS82']));
  expect(await s.remember(select(['abc']))).toMatchObject({ kind: 'merged', hits: 2 });
  const [hit] = await s.recall(goalTask('Select q and click Submit.'), 1);
  const rec = hit!.record;
  expect(rec.goal_template).toBe('Select {{slot1}} and click Submit.');
  expect(rec.steps.map((x) => [x.target?.role, x.target?.name, x.each])).toEqual([['checkbox', '{{slot1}}', 'slot1'], ['button', 'Submit', undefined], [undefined, undefined, undefined]]);
  expect(stepLine(rec.steps[0]!, { slot1: 'x, y' })).toBe('click checkbox "{{slot1}}" for each of "x, y"');

  const page = [el('radio', 'b', 10), el('checkbox', 'a', 20), el('checkbox', 'b', 40), el('checkbox', 'c', 60), el('checkbox', 'zz', 80), el('button', 'Submit', 200)];
  for (const [goal, expected] of [
    ['Select zz and click Submit.', ['checkbox zz']],
    ['Select c, a and click Submit.', ['checkbox c', 'checkbox a']],
    ['Select a, b and c and click Submit.', ['checkbox a', 'checkbox b', 'checkbox c']],
  ] as const) {
    const { steps } = await stepsFor(s, goalTask(goal));
    expect(groundAll(steps!, page)).toEqual([...expected, 'button Submit', undefined]);
  }
});

test('list slots align whichever instance came first, and when both lists have several items', () => {
  const run = (items: string[], joiner = ', ') => ({
    goal: `Tick ${items.join(joiner)} then press Submit.`,
    steps: [...items.map((item, i) => ({ action: { type: 'click' as const, target: { element: i } }, target: target('checkbox', item, {}, 20 * i), screen: 'Form' })),
      { action: { type: 'click' as const, target: { element: 9 } }, target: target('button', 'Submit'), screen: 'Form' }],
  });
  for (const pair of [[run(['abc']), run(['fzzqo', 'NYYyS82'])], [run(['a', 'b']), run(['c', 'd', 'e'])], [run(['kiwi', 'fig'], ' and '), run(['plum'])]]) {
    const g = generalise(pair)!;
    expect(g.template).toBe('Tick {{slot1}} then press Submit.');
    expect(g.steps.map((x) => [x.target!.name, x.each])).toEqual([['{{slot1}}', 'slot1'], ['Submit', undefined]]);
  }
});

test('one success with a list already keeps the list step once', async () => {
  const s = await store();
  const rec = (await s.get((await s.remember({ ...select(['fzzqo', 'NYYyS82']), task: { ...select([]).task, goal: 'Select fzzqo, NYYyS82 and click Submit.', goal_template: 'Select {{items}} and click Submit.', params: { items: 'fzzqo, NYYyS82' } } })).id))!;
  expect(rec.steps.map((x) => [x.target?.name, x.each])).toEqual([['{{items}}', 'items'], ['Submit', undefined], [undefined, undefined]]);
  expect(instantiate(rec, { items: 'p; q; r' })!.map((x) => x.target?.name)).toEqual(['p', 'q', 'r', 'Submit', undefined]);
  expect(instantiate(rec, { items: ' ' })).toBeUndefined();
});

const deleteTodo = (item: string, y: number) => ({
  ...trajectory('', [click(target('button', 'Delete', { class: 'destroy' }, y), 'Todos'), done()]),
  task: { goal: `Delete the todo ${item}.`, goal_template: 'Delete the todo {{item}}.', params: { item }, platform: 'web' as const, start: { url: URL } },
});

test('deletions of different rows (same names, another place for another goal) are not merged into one trajectory', async () => {
  const s = await store();
  await s.remember(deleteTodo('Buy milk', 10));
  await s.remember(deleteTodo('Walk dog', 50));
  const third = await s.remember(deleteTodo('Pay rent', 90));
  expect(third).toMatchObject({ kind: 'merged', hits: 3 });
  const rec = (await s.get(third.id))!;
  expect(rec.instances).toHaveLength(3);
  expect(rec.steps[0]!.pinned).toBe(true);
  // Each remembered goal replays its own row; a row no success showed replays nothing.
  expect(instantiate(rec, { item: 'walk dog' })![0]!.target!.bbox.y).toBe(50);
  expect(instantiate(rec, { item: 'Pay rent' })![0]!.target!.bbox.y).toBe(90);
  expect(instantiate(rec, { item: 'Feed cat' })).toBeUndefined();
  // Recall puts a record that fills for the goal first; this one does not for an unseen row.
  const [hit] = await s.recall({ ...deleteTodo('Feed cat', 0).task }, 1);
  expect(instantiate(hit!.record, hit!.slots)).toBeUndefined();
  // A second run of a seen row adds its hit, not an instance.
  expect(await s.remember(deleteTodo('Walk dog', 50))).toMatchObject({ kind: 'merged', hits: 4 });
  expect((await s.get(third.id))!.instances).toHaveLength(3);
});

test('free-form deletions whose goal value no step uses stay records of their own', async () => {
  const s = await store();
  for (const [item, y] of [['Buy milk', 10], ['Walk dog', 50], ['Pay rent', 90]] as const) {
    await s.remember(trajectory(`Delete the todo ${item}.`, [click(target('button', 'Delete', {}, y)), done()]));
  }
  const records = await s.list();
  expect(records.map((r) => r.goal_template).sort()).toEqual(['Delete the todo Buy milk.', 'Delete the todo Pay rent.', 'Delete the todo Walk dog.']);
  expect(records.find((r) => r.goal.includes('Walk'))!.steps[0]!.target!.bbox.y).toBe(50);
});

test('a name the same in every instance stays literal, though it equals a goal value of one', () => {
  const run = (report: string) => ({
    goal: `Export the report ${report}.`,
    steps: [
      { action: { type: 'click' as const, target: { element: 1 } }, target: target('link', 'Reports'), screen: 'Home' },
      { action: { type: 'click' as const, target: { element: 2 } }, target: target('link', report), screen: 'Reports' },
    ],
  });
  // One success alone: its value is found in the name.
  expect(generalise([run('Reports')], 'Export the report {{slot1}}.')!.steps.map((x) => x.target!.name)).toEqual(['{{slot1}}', '{{slot1}}']);
  // With a second, "Reports" never varied: it is the skeleton.
  const g = generalise([run('Reports'), run('Quarterly')])!;
  expect(g.template).toBe('Export the report {{slot1}}.');
  expect(g.steps.map((x) => x.target!.name)).toEqual(['Reports', '{{slot1}}']);
});

test('a goal value that is not the element\'s name: each seen value replays, an unseen one does not', async () => {
  const s = await store();
  const press = (label: string, name: string) => ({
    ...trajectory('', [click(target('button', name)), done()]),
    task: { goal: `Click the button labeled "${label}".`, goal_template: 'Click the button labeled "{{label}}".', params: { label }, platform: 'web' as const, start: { url: URL } },
  });
  await s.remember(press('x', 'Close'));
  const out = await s.remember(press('+', 'Add'));
  const rec = (await s.get(out.id))!;
  expect(rec.steps[0]!.pinned).toBe(true);
  expect(instantiate(rec, { label: '+' })![0]!.target!.name).toBe('Add');
  expect(instantiate(rec, { label: 'x' })![0]!.target!.name).toBe('Close');
  expect(instantiate(rec, { label: '-' })).toBeUndefined();
});

test('free-form: a label shown by another name stays a record of its own, recalled first for its own goal', async () => {
  const s = await store();
  const press = (label: string, name: string) => trajectory(`Click the button in the dialog labeled "${label}".`, [click(target('button', name, {}, 80)), done()]);
  await s.remember(press('OK', 'OK'));
  expect(await s.remember(press('Cancel', 'Cancel'))).toMatchObject({ kind: 'merged', hits: 2 });
  expect(await s.remember(press('x', 'Close'))).toMatchObject({ kind: 'added' });
  expect((await s.list()).map((r) => r.goal_template).sort()).toEqual([
    'Click the button in the dialog labeled "x".', 'Click the button in the dialog labeled "{{slot1}}".',
  ]);
  const first = async (goal: string) => {
    const [hit] = await s.recall(goalTask(goal), 2);
    return instantiate(hit!.record, hit!.slots)![0]!.target!.name;
  };
  expect(await first('Click the button in the dialog labeled "x".')).toBe('Close');
  expect(await first('Click the button in the dialog labeled "Maybe".')).toBe('Maybe');
});

test('answers read off the screen on several instances stay one record that reads the new answer where the others were read', async () => {
  const s = await store();
  const lookup = (name: string, company: string) => ({
    ...trajectory('', [step({ type: 'answer', text: company }, target('text', company, { label: 'Company', anchor_name: name }, 120)), done()]),
    task: { goal: `Which company does ${name} work for?`, goal_template: 'Which company does {{name}} work for?', params: { name, company }, platform: 'web' as const, start: { url: URL } },
  });
  await s.remember(lookup('Omar Yilmaz', 'Granite Works'));
  const out = await s.remember(lookup('Ada Byron', 'Redwood Bakery'));
  expect(out.kind).toBe('merged');
  const rec = (await s.get(out.id))!;
  expect(rec.steps[0]!.pinned).toBeUndefined();
  const [answer] = instantiate(rec, { name: 'Lin Wei' })!;
  expect(answer!.target).toMatchObject({ role: 'text', attrs: { label: 'Company', anchor_name: 'Lin Wei' } });
});

test('a drag keeps both ends: its drop target is slotted like its source, and replay grounds both on a live screen', async () => {
  const s = await store();
  const move = (item: string, list: string, y: number) => trajectory(`Move ${item} to ${list}`, [
    { ...step({ type: 'drag', target: { element: 3 }, to: { element: 7 } }, target('text', item, {}, y), 'Board'), result: { ok: true, target: target('text', item, {}, y), to: target('region', list, {}, 300) } },
    done(),
  ]);
  await s.remember(move('Write report', 'Done', 40));
  await s.remember(move('Call bank', 'Doing', 80));
  const { hit, steps } = await stepsFor(s, goalTask('Move Pay rent to Later'));
  expect(hit.record.goal_template).toBe('Move {{slot1}} to {{slot2}}');
  expect(stepLine(hit.record.steps[0]!, {})).toBe('drag text "{{slot1}}" to region "{{slot2}}"');
  const board = [el('text', 'Call bank', 40), el('text', 'Pay rent', 80), el('region', 'Doing', 300), el('region', 'Later', 300)];
  const aimed = aim(steps![0]!, { platform: 'web', screen: { width: 800, height: 600 }, location: URL, elements: board, digest: 'b' });
  expect(aimed).toMatchObject({ ok: true, action: { type: 'drag', target: { element: board[1]!.id }, to: { element: board[3]!.id } } });
  const gone = aim(steps![0]!, { platform: 'web', screen: { width: 800, height: 600 }, location: URL, elements: board.slice(0, 3), digest: 'c' });
  expect(gone).toMatchObject({ ok: false, why: expect.stringContaining('the drop target') });
});
