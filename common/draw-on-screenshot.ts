// Drawing on a screenshot for a model: the image is reduced so its longest side is at most
// `maxSide` (never enlarged) and SVG shapes are laid over it. The policy's set-of-marks
// (agent/llm) and the model critic's target mark (critics/) both draw through here.
// sharp loads on the first drawing: a run with no model to show a screen to never needs it
// (a quarter of a second of every CLI start).

/** The reduced image's size and the factors that take a point of the coordinate space onto it. */
export interface MarkFrame { width: number; height: number; scale: { x: number; y: number } }

/**
 * Reduces `png` and draws on it the SVG elements `shapes` returns for the reduced frame.
 * `screen` is the coordinate space the shapes are placed in (CSS px on the web, where a
 * screenshot may be at device-pixel scale; device px on Android); it defaults to the
 * image's own size.
 */
export async function drawOnScreenshot(
  png: Buffer,
  shapes: (frame: MarkFrame) => string[],
  opts: { maxSide: number; screen?: { width: number; height: number } },
): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const reduced = await sharp(png)
    .resize({ width: opts.maxSide, height: opts.maxSide, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = reduced.info;
  const space = opts.screen ?? (await sharp(png).metadata());
  const frame: MarkFrame = { width, height, scale: { x: width / space.width, y: height / space.height } };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes(frame).join('')}</svg>`;
  return sharp(reduced.data, { raw: { width, height, channels } })
    .composite([{ input: Buffer.from(svg), top: 0, left: 0 }])
    .png()
    .toBuffer();
}
