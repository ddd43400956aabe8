// Set-of-marks: the screenshot reduced for a model, with a box and the id of every
// visible element drawn on it, so the model can name what it sees by id.
import type { UIElement } from '../../contract/index.js';
import { drawOnScreenshot, type MarkFrame } from '../../common/draw-on-screenshot.js';

const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#008080', '#9a6324', '#800000'];
const LABEL_FONT_PX = 12;

/**
 * Reduces `png` so its longest side is at most `maxSide` and draws the marks.
 * `screen` is the coordinate space of the element boxes (CSS px on the web, where a
 * screenshot may be at device-pixel scale); it defaults to the image's own size.
 */
export async function markElements(
  png: Buffer,
  elements: UIElement[],
  maxSide = 1024,
  screen?: { width: number; height: number },
): Promise<Buffer> {
  return drawOnScreenshot(png, (frame) => marks(elements, frame), { maxSide, screen });
}

function marks(elements: UIElement[], { width, height, scale }: MarkFrame): string[] {
  const shapes: string[] = [];
  for (const e of elements) {
    if (!e.state.visible) continue;
    const x = Math.round(e.bbox.x * scale.x);
    const y = Math.round(e.bbox.y * scale.y);
    const w = Math.round(e.bbox.w * scale.x);
    const h = Math.round(e.bbox.h * scale.y);
    if (w <= 0 || h <= 0 || x >= width || y >= height || x + w <= 0 || y + h <= 0) continue;
    const color = COLORS[e.id % COLORS.length];
    const label = String(e.id);
    const labelW = label.length * 8 + 4;
    const labelH = LABEL_FONT_PX + 3;
    // The label sits inside the box's top-left corner, so it never falls off the image.
    const lx = Math.min(Math.max(x, 0), width - labelW);
    const ly = Math.min(Math.max(y, 0), height - labelH);
    shapes.push(
      `<rect x="${x + 1}" y="${y + 1}" width="${Math.max(w - 2, 1)}" height="${Math.max(h - 2, 1)}" fill="none" stroke="${color}" stroke-width="2"/>`,
      `<rect x="${lx}" y="${ly}" width="${labelW}" height="${labelH}" fill="${color}"/>`,
      `<text x="${lx + 2}" y="${ly + LABEL_FONT_PX}" font-family="DejaVu Sans" font-size="${LABEL_FONT_PX}" font-weight="bold" fill="#ffffff">${label}</text>`,
    );
  }
  return shapes;
}
