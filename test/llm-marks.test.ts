import sharp from 'sharp';
import { expect, test } from 'vitest';
import type { UIElement } from '../contract/index.js';
import { markElements } from '../agent/llm/marks.js';

function element(id: number, bbox: UIElement['bbox'], visible = true): UIElement {
  return { id, role: 'button', name: `b${id}`, bbox, state: { enabled: true, visible }, attrs: {} };
}

async function pixel(png: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

const WHITE = [255, 255, 255];
const whitePng = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).png().toBuffer();

test('reduces to the longest side and draws a box and an id label on visible elements only', async () => {
  const shot = await whitePng(2000, 1000);
  const out = await markElements(shot, [element(3, { x: 400, y: 400, w: 400, h: 200 }), element(4, { x: 1200, y: 100, w: 400, h: 400 }, false)], 1000);
  const meta = await sharp(out).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(['png', 1000, 500]);
  // Element 3 lands at (200,200) 200x100 after halving: its left edge is drawn, its middle is not.
  expect(await pixel(out, 201, 260)).not.toEqual(WHITE);
  expect(await pixel(out, 300, 250)).toEqual(WHITE);
  // The label is a filled tag in the top-left corner, with white text on it.
  const label = await pixel(out, 203, 202);
  expect(label).not.toEqual(WHITE);
  // The offscreen element 4 is not drawn.
  expect(await pixel(out, 601, 100)).toEqual(WHITE);
  expect(await pixel(out, 603, 52)).toEqual(WHITE);
});

test('boxes in another coordinate space (CSS px on a 2x screenshot) are scaled onto the image', async () => {
  const shot = await whitePng(800, 600);
  const out = await markElements(shot, [element(1, { x: 100, y: 100, w: 100, h: 50 })], 1024, { width: 400, height: 300 });
  expect((await sharp(out).metadata()).width).toBe(800);
  expect(await pixel(out, 201, 250)).not.toEqual(WHITE); // left edge of the doubled box
  expect(await pixel(out, 101, 125)).toEqual(WHITE); // where the box would be unscaled
});

test('a small screenshot is not enlarged', async () => {
  const out = await markElements(await whitePng(300, 200), [], 1024);
  const meta = await sharp(out).metadata();
  expect([meta.width, meta.height]).toEqual([300, 200]);
});
