import { afterEach, expect, test } from 'vitest';
import { inferSlots, matchTemplate, openMemory, type MemoryStore } from '../memory/index.js';
import { addContact, click, contactTask, done, step, target, trajectory, type, scratchMemory } from './memory-helpers.js';

const { open: store } = scratchMemory();

test('declared params become placeholders in the template, typed texts and target names', async () => {
  const s = await store();
  const steps = [
    ...addContact('Ada Lovelace', '555-1234'),
  ];
  steps.splice(4, 0, click(target('link', 'Ada Lovelace', { href: '/contacts/Ada Lovelace' }), 'Ada Lovelace — Contact'));
  const out = await s.remember({ ...trajectory('', steps), task: contactTask('Ada Lovelace', '555-1234') });
  expect(out.kind).toBe('added');
  const rec = (await s.get(out.id))!;
  expect(rec.goal_template).toBe('Add a contact named {{name}} with phone {{phone}}.');
  expect(rec.slots).toEqual({ name: 'Ada Lovelace', phone: '555-1234' });
  expect(rec.steps.map((x) => x.action.type === 'type' ? x.action.text : x.target?.name)).toEqual(
    ['New contact', '{{name}}', '{{phone}}', 'Save', '{{name}}', undefined]);
  expect(rec.steps[4]!.target!.attrs.href).toBe('/contacts/{{name}}');
  expect(rec.steps[4]!.screen).toBe('{{name}} — Contact');
  expect(JSON.stringify(rec.steps)).not.toContain('Ada');
});

test('a short param value is a slot only where a typed text equals it, never inside other strings', async () => {
  const s = await store();
  const task = {
    goal: 'Add 1 Birch Lamp to the cart.', goal_template: 'Add {{qty}} {{product}} to the cart.',
    params: { qty: '1', product: 'Birch Lamp', unused: 'Cart' }, platform: 'web' as const, start: { url: 'http://127.0.0.1:9/shop/' },
  };
  const steps = [
    click(target('link', 'Page 1')),
    click(target('link', 'Birch Lamp')),
    type(target('spinbutton', 'Quantity'), '1'),
    click(target('button', 'Add 1 to cart')),
    type(target('textbox', 'Note'), 'Gift 10-1'),
    click(target('link', 'Cart')),
  ];
  const rec = (await s.get((await s.remember({ ...trajectory('', steps), task })).id))!;
  const names = rec.steps.map((x) => x.target?.name);
  expect(names).toEqual(['Page 1', '{{product}}', 'Quantity', 'Add 1 to cart', 'Note', 'Cart']);
  expect(rec.steps[2]!.action).toMatchObject({ text: '{{qty}}' });
  expect(rec.steps[4]!.action).toMatchObject({ text: 'Gift 10-1' });
  // `unused` is not named by the goal: no slot, though a link carries its value.
  expect(rec.slots).toEqual({ qty: '1', product: 'Birch Lamp' });
});

test('an option or a target name equal to a value in another case is its slot; a typed text and a short name are not', async () => {
  const s = await store();
  const task = {
    goal: 'Switch the app to dark mode.', goal_template: 'Switch the app to {{theme}} mode.',
    params: { theme: 'dark' }, platform: 'web' as const, start: { url: 'http://127.0.0.1:9/settings/' },
  };
  const steps = [
    click(target('link', 'Dark')),
    step({ type: 'select', target: { element: 3 }, option: 'Dark' }, target('combobox', 'Theme')),
    type(target('textbox', 'Note'), 'Dark'),
    click(target('button', 'Save')),
  ];
  const rec = (await s.get((await s.remember({ ...trajectory('', steps), task })).id))!;
  expect(rec.steps[0]!.target!.name).toBe('{{theme}}');
  expect(rec.steps[1]!.action).toMatchObject({ option: '{{theme}}' });
  expect(rec.steps[2]!.action).toMatchObject({ text: 'Dark' }); // typing keeps its case: no slot
  const short = { ...task, goal: 'Turn sync on.', goal_template: 'Turn sync {{state}}.', params: { state: 'on' } };
  const rec2 = (await s.get((await s.remember({ ...trajectory('', [click(target('button', 'On')), done()]), task: short })).id))!;
  expect(rec2.steps[0]!.target!.name).toBe('On');
});

test('free-form goals: slots are inferred from the spans that differ from a stored goal and that the steps use', async () => {
  const s = await store();
  await s.remember(trajectory('Add a contact named Bob Marley with phone 555-1111', addContact('Bob Marley', '555-1111')));
  // The first, literal record is re-templated and joins the second: one record, the older's values.
  const second = await s.remember(trajectory('Add a contact named Alice Smith with phone 555-2222', addContact('Alice Smith', '555-2222')));
  expect(second).toMatchObject({ kind: 'merged', hits: 2 });
  const rec = (await s.get(second.id))!;
  expect(rec.goal_template).toBe('Add a contact named {{slot1}} with phone {{slot2}}');
  expect(rec.slots).toEqual({ slot1: 'Bob Marley', slot2: '555-1111' });
  expect(rec.steps[1]!.action).toMatchObject({ text: '{{slot1}}' });
  // A third one fits the inferred template: same record, one more hit.
  const third = await s.remember(trajectory('add a contact named Chen Wu with phone 555-3333', addContact('Chen Wu', '555-3333')));
  expect(third).toEqual({ kind: 'merged', id: second.id, hits: 3 });
  expect(await s.count()).toBe(1);
  // Recall for a new free-form goal maps the slots by aligning it with the template.
  const [hit] = await s.recall({ goal: 'Add a contact named Dalia Berg with phone 555-4444', platform: 'web', start: { url: 'http://127.0.0.1:9/x' } }, 1);
  expect(hit!.record.id).toBe(second.id);
  expect(hit!.slots).toEqual({ slot1: 'Dalia Berg', slot2: '555-4444' });
  expect(hit!.missing).toEqual([]);
});

test('no false slot from a differing span the steps do not use, nor from a short common word', () => {
  const steps = [click(target('button', 'Wi-Fi')), click(target('switch', 'Enabled')), done()];
  // "on"/"off" differ but are short and only a switch's state; "quickly" is never used by a step.
  expect(inferSlots('Turn Wi-Fi on quickly', [{ goal: 'Turn Wi-Fi off now', goal_template: 'Turn Wi-Fi off now' }], steps))
    .toEqual({ template: 'Turn Wi-Fi on quickly', slots: {} });
  const typed = [type(target('textbox', 'Search'), 'on')];
  // A short value is a slot when a typed text is exactly it.
  expect(inferSlots('Search for on', [{ goal: 'Search for cobalt', goal_template: 'Search for cobalt' }], typed))
    .toEqual({ template: 'Search for {{slot1}}', slots: { slot1: 'on' } });
});

test('matchTemplate aligns multi-word values and refuses goals of another shape', () => {
  expect(matchTemplate('Add a contact named {{name}} with phone {{phone}}.', 'add a contact named Jo Ann Lee with phone 555-0001.'))
    .toEqual({ name: 'Jo Ann Lee', phone: '555-0001' });
  expect(matchTemplate('Delete the contact {{name}}.', 'Add a contact named Bob.')).toBeUndefined();
  expect(matchTemplate('Set {{a}} to {{a}}', 'Set x to y')).toBeUndefined();
});
