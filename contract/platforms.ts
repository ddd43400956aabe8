// What each platform's driver can do with the action space, declared once per driver. The
// driver refuses the rest in these words, the rule critic turns them away before they run, and
// the model's prompt lists only what the platform does (ACTION_DOCS in action.ts).
import { abilityOf, type Ability, type Action, type ActionOf, type ActionType } from './action.js';
import type { Platform } from './driver.js';

/** Per ability: true when the driver does it, else why not and what to do instead (for a model). */
export type Support = Readonly<Record<Ability, true | string>>;

export const WEB_SUPPORT = {
  click: true, double_click: true, hover: true, drag: true, long_press: true, type: true, select: true,
  scroll: true, swipe: true, key: true, back: true, home: true, open: true, wait: true, answer: true, done: true,
  open_app: 'the web has no apps; open a url instead',
} as const satisfies Support;

export const ANDROID_SUPPORT = {
  click: true, double_click: true, drag: true, long_press: true, type: true,
  scroll: true, swipe: true, key: true, back: true, home: true, open: true, open_app: true, wait: true, answer: true, done: true,
  hover: 'a touch screen has no hover; click or long_press instead',
  select: 'Android has no HTML <select>; click the dropdown, then click the option',
} as const satisfies Support;

export const PLATFORM_SUPPORT: Readonly<Record<Platform, Support>> = { web: WEB_SUPPORT, android: ANDROID_SUPPORT };

const PLATFORM_NAMES: Record<Platform, string> = { web: 'the web', android: 'Android' };

/** The action types a declaration lets through: what a driver's handler record must cover. */
export type Supported<S extends Support> = Extract<{ [K in keyof S]: S[K] extends string ? never : K }[keyof S], ActionType>;

/** Whether the platform declared by `support` does `a`: narrows `a` to the types it handles. */
export function supports<S extends Support>(support: S, a: Action): a is ActionOf<Supported<S>> {
  return support[abilityOf(a)] === true;
}

/** Why `platform` cannot do `a` (one it does not support), in words for a model. */
export function refusal(platform: Platform, a: Action): string {
  const why = PLATFORM_SUPPORT[platform][abilityOf(a)];
  const what = a.type === 'open' && a.app !== undefined ? `open app ${JSON.stringify(a.app)}` : a.type;
  return `${what} is not possible on ${PLATFORM_NAMES[platform]}: ${why === true ? 'no reason given' : why}`;
}
