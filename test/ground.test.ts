// Re-grounding a recorded target on a live screen: names in any case, patterns, glyphs.
import { expect, test } from 'vitest';
import { ground } from '../drivers/ground.js';
import type { TargetDescriptor, UIElement } from '../drivers/types.js';

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
