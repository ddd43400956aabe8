// The contract every driver meets: what a screen looks like (Observation), what can be
// done on it (Action, defined once in action.ts for all platforms) and the Driver itself.
// Drivers know nothing of policies, critics or memory; they meet them only in these types.
import type { Action } from './action.js';

export type Platform = 'web' | 'android';

export interface BBox { x: number; y: number; w: number; h: number }

export interface ElementState {
  enabled: boolean;
  visible: boolean;
  editable?: boolean;
  checked?: boolean;
  selected?: boolean;
  focused?: boolean;
  scrollable?: boolean;
  password?: boolean;
}

/** One actionable or meaningful thing on screen. */
export interface UIElement {
  /** Stable within one observation only; what a model names. Must not be kept across screens. */
  id: number;
  role: string;
  name: string;
  value?: string;
  bbox: BBox;
  state: ElementState;
  /** resource-id, html id, href, placeholder, options (newline-joined) ... */
  attrs: Record<string, string>;
}

export interface Observation {
  platform: Platform;
  screen: { width: number; height: number };
  /** url (web) or package/activity (android) */
  location: string;
  title?: string;
  elements: UIElement[];
  /** PNG at full resolution; reduced with sharp before a model sees it. */
  screenshot?: Buffer;
  /** Hash of the element list: equal screens give equal digests. */
  digest: string;
}

/** What an executed action's target was, so a later screen with other ids can re-ground it. */
export interface TargetDescriptor {
  role: string;
  name: string;
  attrs: Record<string, string>;
  bbox: BBox;
}

export interface ActResult {
  ok: boolean;
  /** Why the action failed, in words a model or a person can act on. */
  error?: string;
  /** The target as it was on the screen the action ran on. */
  target?: TargetDescriptor;
  /** A drag's drop target, likewise. */
  to?: TargetDescriptor;
  act_ms: number;
}

/** A platform-side verifier. `answer` checks are judged by the runner, not the driver. */
export type PlatformCheck =
  | { kind: 'url'; equals?: string; matches?: string; contains?: string }
  | { kind: 'element'; present: boolean; role?: string; name?: string; text?: string }
  | { kind: 'js'; expression: string }
  /** An adb shell command's output (Android). */
  | { kind: 'shell'; command: string; equals?: string; matches?: string; contains?: string };

export interface CheckResult {
  ok: boolean;
  /** What was seen, so a failed check explains itself. */
  evidence: string;
}

/** What a driver needs to start an episode; tasks/ builds it from a suite. */
export interface StartSpec {
  platform: Platform;
  /** Absolute URL (web) or app package/activity (android). */
  url?: string;
  app?: string;
  /** Web: the start page's event setup waits for, `domcontentloaded` (default) or `load`. */
  wait_until?: 'load' | 'domcontentloaded';
  setup: SetupStep[];
}

export type SetupStep =
  | { goto: string }
  | { js: string }
  | { action: Action }
  | { wait_ms: number };

export type SettleDepth = 'full' | 'light';

export interface SettleOptions {
  /**
   * How long start() or act() waits at the end: `full` (default) until the screen has
   * settled; `light` only for a navigation or requests the action started, for a caller that
   * checks the next screen itself and calls settle() when it is not ready.
   */
  settle?: SettleDepth;
}

export interface Driver {
  readonly platform: Platform;
  /** Open the start page/app and run setup; also the reset between tries. */
  start(spec: StartSpec, opts?: SettleOptions): Promise<void>;
  observe(opts?: { screenshot?: boolean }): Promise<Observation>;
  /** Never throws for a failed action: it returns ok=false with the reason. */
  act(action: Action, on: Observation, opts?: SettleOptions): Promise<ActResult>;
  /** Waits, bounded, for the screen to settle: what act() does after an action unless told `light`. */
  settle(): Promise<void>;
  check(check: PlatformCheck): Promise<CheckResult>;
  /** Evaluate a JS expression (web: its JSON value) or shell command (android: its output) for goal_from. */
  read(expression: string): Promise<unknown>;
  close(): Promise<void>;
}
