// AndroidWorld's JSON action format (google-research/android_world, env/json_action.py),
// mapped onto cairn's Action so models and prompts made for AndroidWorld work unchanged.
//
// Direction semantics, checked against android_world's env/actuation.py and the M3A prompt
// (agents/m3a.py):
// - `scroll`: "down" swipes the finger from the centre up to the top edge, so the content
//   moves up and what is below comes into view; the M3A prompt says "to view content at the
//   bottom, the scroll direction should be set to down". That is cairn's meaning: same name.
// - `swipe` is marked "Inverse of scroll" there: its direction is the finger's, "down" drags
//   from the top edge to the bottom and reveals what is above. It carries no coordinates, so
//   it maps to a cairn scroll the opposite way (not to an edge-to-edge swipe, which on Android
//   would open the notification shade).
// - `input_text` clicks the field, types, then presses Enter: cairn's type with submit.
// - `wait` sleeps one second.
import type { Target } from '../../contract/index.js';
import { ModelReplyError } from './reply-error.js';

type AwActionType =
  | 'click' | 'double_tap' | 'long_press' | 'input_text' | 'keyboard_enter' | 'navigate_back'
  | 'navigate_home' | 'open_app' | 'scroll' | 'swipe' | 'wait' | 'answer' | 'status' | 'unknown';

type AwJson = Record<string, unknown>;

const DIRECTIONS = ['up', 'down', 'left', 'right'] as const;
type Direction = (typeof DIRECTIONS)[number];
const OPPOSITE: Record<Direction, Direction> = { up: 'down', down: 'up', left: 'right', right: 'left' };

const FROM_ANDROID_WORLD: Record<AwActionType, (j: AwJson) => unknown> = {
  click: (j) => ({ type: 'click', target: target(j, 'click') }),
  double_tap: (j) => ({ type: 'double_click', target: target(j, 'double_tap') }),
  long_press: (j) => ({ type: 'long_press', target: target(j, 'long_press') }),
  input_text: (j) => {
    const t = optionalTarget(j, 'input_text');
    return {
      type: 'type',
      ...(t ? { target: t } : {}),
      text: text(j, 'input_text'),
      ...(typeof j.clear_text === 'boolean' ? { clear: j.clear_text } : {}),
      submit: true,
    };
  },
  keyboard_enter: () => ({ type: 'key', key: 'Enter' }),
  navigate_back: () => ({ type: 'back' }),
  navigate_home: () => ({ type: 'home' }),
  open_app: (j) => {
    if (typeof j.app_name !== 'string' || !j.app_name) fail('open_app needs "app_name" (a string)');
    return { type: 'open', app: j.app_name };
  },
  scroll: (j) => scroll(direction(j, 'scroll'), optionalTarget(j, 'scroll')),
  swipe: (j) => scroll(OPPOSITE[direction(j, 'swipe')], optionalTarget(j, 'swipe')),
  wait: () => ({ type: 'wait', ms: 1000 }),
  answer: (j) => ({ type: 'answer', text: text(j, 'answer') }),
  status: (j) => {
    if (j.goal_status === 'complete') return { type: 'done', status: 'success' };
    if (j.goal_status === 'infeasible') return { type: 'done', status: 'infeasible' };
    return fail(`status needs "goal_status": "complete" or "infeasible", got ${JSON.stringify(j.goal_status ?? null)}`);
  },
  unknown: () => fail('action_type "unknown" is not an action; choose one of the listed action types'),
};

/** Returns a candidate cairn action (validated by the caller), or throws ModelReplyError. */
export function fromAndroidWorld(j: AwJson): unknown {
  const type = j.action_type;
  if (typeof type !== 'string' || !Object.hasOwn(FROM_ANDROID_WORLD, type)) {
    return fail(`unknown action_type ${JSON.stringify(type)}; expected one of: ${Object.keys(FROM_ANDROID_WORLD).join(', ')}`);
  }
  return FROM_ANDROID_WORLD[type as AwActionType](j);
}

function scroll(dir: Direction, t: Target | undefined): unknown {
  return { type: 'scroll', direction: dir, ...(t ? { target: t } : {}) };
}

function target(j: AwJson, type: string): Target {
  return optionalTarget(j, type) ?? fail(`${type} needs "index" or both "x" and "y"`);
}

function optionalTarget(j: AwJson, type: string): Target | undefined {
  if (j.index != null) {
    const n = typeof j.index === 'string' && j.index.trim() !== '' ? Number(j.index) : j.index;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      fail(`${type}: "index" must be a non-negative integer, got ${JSON.stringify(j.index)}`);
    }
    return { element: n };
  }
  if (j.x == null && j.y == null) return undefined;
  if (typeof j.x !== 'number' || typeof j.y !== 'number') fail(`${type}: "x" and "y" must both be numbers`);
  return { point: { x: j.x, y: j.y } };
}

function direction(j: AwJson, type: string): Direction {
  const d = j.direction;
  if (typeof d !== 'string' || !(DIRECTIONS as readonly string[]).includes(d)) {
    fail(`${type} needs "direction": one of up, down, left, right; got ${JSON.stringify(d ?? null)}`);
  }
  return d as Direction;
}

function text(j: AwJson, type: string): string {
  // json_action.py turns a non-string text into a string the same way.
  if (typeof j.text === 'number' || typeof j.text === 'boolean') return String(j.text);
  if (typeof j.text !== 'string') fail(`${type} needs "text" (a string)`);
  return j.text;
}

function fail(message: string): never {
  throw new ModelReplyError(message);
}
