// Re-grounding a recorded target on a live screen: names in any case, patterns, glyphs.
import { expect, test } from 'vitest';
import { ground, type TargetDescriptor, type UIElement } from '../contract/index.js';

const el = (id: number, role: string, name: string, y = 10): UIElement =>
  ({ id, role, name, bbox: { x: 10, y, w: 80, h: 20 }, state: { enabled: true, visible: true }, attrs: {} });
const target = (role: string, name: string, y = 10): TargetDescriptor => ({ role, name, attrs: {}, bbox: { x: 10, y, w: 80, h: 20 } });

test('the x people name an icon-only close button by is the button named Close, and no other', () => {
  const dialog = [el(1, 'button', 'Cancel', 60), el(2, 'button', 'Close', 10), el(3, 'text', 'x', 30)];
  expect(ground(target('button', 'x', 60), dialog)?.element.id).toBe(2);
  expect(ground(target('button', '×', 60), dialog)?.element.id).toBe(2);
  expect(ground(target('button', 'close'), [el(4, 'button', '✕')])?.element.id).toBe(4);
  expect(ground(target('button', 'y', 60), dialog)).toBeUndefined();
});

test('a pattern name matches the rest of the name in any case, and the role must agree', () => {
  const rows = [el(1, 'link', 'Elise Nunc porta, magna', 10), el(2, 'button', 'Elise Nunc', 10), el(3, 'link', 'Bob Elise', 40)];
  expect(ground(target('link', 'elise {{*}}', 40), rows)?.element.id).toBe(1);
  expect(ground(target('checkbox', 'Elise {{*}}'), rows)).toBeUndefined();
});

test('a glyph and the words for what it does are one name: × is Delete todo in another build, and Close', () => {
  expect(ground(target('button', '×'), [el(1, 'button', 'Delete todo')])?.element.id).toBe(1);
  expect(ground(target('button', 'Remove item'), [el(2, 'button', '✕')])?.element.id).toBe(2);
  expect(ground(target('button', '×'), [el(3, 'button', 'Save todo')])).toBeUndefined();
});

test('the same button on several rows is told apart by its row; a row that is gone matches none of them', () => {
  const withRow = (id: number, row: string, y: number): UIElement => ({ ...el(id, 'button', '×', y), attrs: { row } });
  const rows = [withRow(1, 'Buy milk', 10), withRow(2, 'Walk the dog', 50), withRow(3, 'Pay the rent', 90)];
  const recorded = (row: string): TargetDescriptor => ({ ...target('button', '×', 10), attrs: { row } });
  expect(ground(recorded('Pay the rent'), rows)?.element.id).toBe(3);
  expect(ground(recorded('Call mom'), rows)).toBeUndefined();
  // One × left on the screen: its row changed, but it is the one.
  expect(ground(recorded('Call mom'), [withRow(4, 'Buy milk', 10)])?.element.id).toBe(4);
});

test('a field is known by its label or by its placeholder: one build labels it, another leaves the hint as its name', () => {
  const labelled: TargetDescriptor = { ...target('textbox', 'New Todo Input'), attrs: { placeholder: 'What needs to be done?' } };
  const hinted: UIElement = { ...el(5, 'textbox', 'What needs to be done?'), attrs: { placeholder: 'What needs to be done?' } };
  expect(ground(labelled, [el(4, 'textbox', 'Search', 300), hinted])?.element.id).toBe(5);
  expect(ground(labelled, [el(4, 'textbox', 'Search')])).toBeUndefined();
});
