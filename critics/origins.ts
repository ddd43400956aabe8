// Where navigation and secrets may go. On the web a place is an origin
// (`https://shop.example:8443`); on Android it is an app package.
import { originOf } from '../common/url.js';
import type { Platform, ResolvedTask, UIElement } from '../contract/index.js';

/** The place a screen belongs to: its origin (web) or its package (android: `pkg/.Activity`). */
export function placeOf(platform: Platform, location: string): string | undefined {
  if (platform === 'android') return location.split('/')[0] || undefined;
  return originOf(location);
}

/** Where the task starts: the start URL's origin or the start app's package. */
export function startPlace(task: ResolvedTask): string | undefined {
  if (task.start.url) return originOf(task.start.url);
  return task.start.app?.split('/')[0];
}

/** An allowlist entry is an origin or URL (only its origin counts) or a package name. */
export function normalizePlace(entry: string): string {
  return originOf(entry) ?? entry.trim();
}

/**
 * The place that receives what is typed into `element`: on the web its own frame's origin
 * when the driver reports one (`attrs.frame_origin`: a cross-origin iframe is foreign; an
 * opaque origin is no place), else the screen's.
 */
export function receivingPlace(platform: Platform, location: string, element?: UIElement): string | undefined {
  const frame = platform === 'web' ? element?.attrs.frame_origin : undefined;
  return frame !== undefined ? originOf(frame) : placeOf(platform, location);
}
