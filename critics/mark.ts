// The screenshot a model critic sees: reduced so its longest side is at most `maxSide`,
// with the proposed target drawn on it in red (a box around the element, a crosshair on
// the point the action lands on).
import sharp from 'sharp';
import type { BBox } from '../drivers/types.js';

export const MARK_COLOR = '#ff0000';

export interface Mark { box?: BBox; point?: { x: number; y: number } }

/** `screen` is the coordinate space of box and point (CSS px on the web, device px on Android). */
export async function markTarget(png: Buffer, screen: { width: number; height: number }, mark: Mark, maxSide = 1024): Promise<Buffer> {
  const reduced = await sharp(png)
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = reduced.info;
  const sx = width / screen.width;
  const sy = height / screen.height;
  const shapes: string[] = [];
  if (mark.box) {
    const { x, y, w, h } = mark.box;
    shapes.push(`<rect x="${x * sx - 2}" y="${y * sy - 2}" width="${w * sx + 4}" height="${h * sy + 4}" fill="none" stroke="${MARK_COLOR}" stroke-width="3"/>`);
  }
  if (mark.point) {
    const px = mark.point.x * sx;
    const py = mark.point.y * sy;
    shapes.push(
      `<line x1="${px - 12}" y1="${py}" x2="${px + 12}" y2="${py}" stroke="${MARK_COLOR}" stroke-width="2"/>`,
      `<line x1="${px}" y1="${py - 12}" x2="${px}" y2="${py + 12}" stroke="${MARK_COLOR}" stroke-width="2"/>`,
      `<circle cx="${px}" cy="${py}" r="6" fill="none" stroke="${MARK_COLOR}" stroke-width="2"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`;
  return sharp(reduced.data, { raw: { width, height, channels } })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .png()
    .toBuffer();
}
