// The web observation: every frame scanned by the in-page script (one evaluate per frame,
// all frames at once), child frames spliced in where their iframe sits, boxes moved into
// top-page coordinates, visibility judged against the viewport and each iframe's clip.
import type { Frame, Page } from 'playwright-core';
import { untilAborted } from '../../common/abort.js';
import { digestOf, type BBox, type Observation, type UIElement } from '../../contract/index.js';
import { scanFrame, type FrameScan, type RawBox } from './inpage-observe.js';

/** Where an observed element lives, so an action can find the same DOM node. */
export interface ElementRef { frame: Frame; token: string; index: number }

export interface Snapshot { observation: Observation; refs: ElementRef[] }

const CHILD_FRAME_TIMEOUT_MS = 3_000;
const SCREENSHOT_TIMEOUT_MS = 10_000;

export async function snapshot(page: Page, token: string, withScreenshot: boolean): Promise<Snapshot> {
  const shot = withScreenshot
    ? page.screenshot({ type: 'png', timeout: SCREENSHOT_TIMEOUT_MS })
    : Promise.resolve(undefined);
  const main = page.mainFrame();
  const frames = page.frames();
  const scans = await Promise.all(frames.map((f) => (f === main ? scan(f, token) : scanChild(f, token))));
  const scanByFrame = new Map<Frame, FrameScan | undefined>(frames.map((f, i) => [f, scans[i]]));
  const slots = await Promise.all(frames.map((f) => (f === main ? Promise.resolve(-1) : slotOf(f, token))));
  const slotByFrame = new Map<Frame, number>(frames.map((f, i) => [f, slots[i] ?? -1]));

  const top = scanByFrame.get(main)!;
  const screen = top.viewport;
  const elements: UIElement[] = [];
  const refs: ElementRef[] = [];

  const splice = (frame: Frame, dx: number, dy: number, clip: RawBox) => {
    for (const item of scanByFrame.get(frame)?.items ?? []) {
      if (item.kind === 'frame') {
        const child = frame.childFrames().find((c) => slotByFrame.get(c) === item.slot);
        const box = { ...item.box, x: item.box.x + dx, y: item.box.y + dy };
        if (child) splice(child, box.x, box.y, intersect(clip, box));
        continue;
      }
      const bbox: BBox = { ...item.bbox, x: item.bbox.x + dx, y: item.bbox.y + dy };
      elements.push({
        id: elements.length,
        role: item.role,
        name: item.name,
        ...(item.value !== undefined ? { value: item.value } : {}),
        bbox,
        state: { ...item.state, visible: overlaps(bbox, clip) },
        // What is typed here goes to this frame's origin: say which, for a frame not the page's own.
        attrs: frame === main ? item.attrs : { ...item.attrs, frame_origin: scanByFrame.get(frame)!.origin },
      });
      refs.push({ frame, token, index: item.ref });
    }
  };
  splice(main, 0, 0, { x: 0, y: 0, w: screen.width, h: screen.height });

  const observation: Observation = {
    platform: 'web',
    screen,
    location: top.url,
    title: top.title,
    elements,
    digest: digestOf(top.url, elements),
  };
  const png = await shot;
  if (png) observation.screenshot = png;
  return { observation, refs };
}

/** A child frame that cannot be scanned (detached, still loading) is left out, not fatal. */
async function scanChild(frame: Frame, token: string): Promise<FrameScan | undefined> {
  return withTimeout(scan(frame, token), CHILD_FRAME_TIMEOUT_MS).catch(() => undefined);
}

async function scan(frame: Frame, token: string): Promise<FrameScan> {
  return JSON.parse(await frame.evaluate(scanFrame, token)) as FrameScan;
}

/** Which iframe of its parent's scan holds this frame (-1 when the parent skipped it as hidden). */
async function slotOf(frame: Frame, token: string): Promise<number> {
  try {
    const handle = await withTimeout(frame.frameElement(), CHILD_FRAME_TIMEOUT_MS);
    try {
      return await handle.evaluate((el, t) => window.__cairn?.get(t)?.frames.indexOf(el as Element) ?? -1, token);
    } finally {
      await handle.dispose();
    }
  } catch {
    return -1;
  }
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> => untilAborted(p, AbortSignal.timeout(ms));

function intersect(a: RawBox, b: RawBox): RawBox {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - x);
  const h = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - y);
  return { x, y, w, h };
}

function overlaps(box: BBox, clip: RawBox): boolean {
  const i = intersect(box, clip);
  return i.w > 0 && i.h > 0;
}
