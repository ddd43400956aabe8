// The screenshot a model critic sees: reduced so its longest side is at most `maxSide`,
// with the proposed target drawn on it in red (a box around the element, a crosshair on
// the point the action lands on).
import type { BBox } from '../contract/index.js';
import { drawOnScreenshot, type MarkFrame } from '../common/draw-on-screenshot.js';

export const MARK_COLOR = '#ff0000';

export interface Mark { box?: BBox; point?: { x: number; y: number } }

/** `screen` is the coordinate space of box and point (CSS px on the web, device px on Android). */
export async function markTarget(png: Buffer, screen: { width: number; height: number }, mark: Mark, maxSide = 1024): Promise<Buffer> {
  return drawOnScreenshot(png, (frame) => targetShapes(mark, frame), { maxSide, screen });
}

function targetShapes(mark: Mark, { scale }: MarkFrame): string[] {
  const shapes: string[] = [];
  if (mark.box) {
    const { x, y, w, h } = mark.box;
    shapes.push(`<rect x="${x * scale.x - 2}" y="${y * scale.y - 2}" width="${w * scale.x + 4}" height="${h * scale.y + 4}" fill="none" stroke="${MARK_COLOR}" stroke-width="3"/>`);
  }
  if (mark.point) {
    const px = mark.point.x * scale.x;
    const py = mark.point.y * scale.y;
    shapes.push(
      `<line x1="${px - 12}" y1="${py}" x2="${px + 12}" y2="${py}" stroke="${MARK_COLOR}" stroke-width="2"/>`,
      `<line x1="${px}" y1="${py - 12}" x2="${px}" y2="${py + 12}" stroke="${MARK_COLOR}" stroke-width="2"/>`,
      `<circle cx="${px}" cy="${py}" r="6" fill="none" stroke="${MARK_COLOR}" stroke-width="2"/>`,
    );
  }
  return shapes;
}
