// The action space, defined once for every platform. Models, suites (setup steps),
// traces and memory all speak it; drivers execute it.
import { z } from 'zod';

const Point = z.object({ x: z.number(), y: z.number() }).strict();

export const TargetSchema = z.union([
  z.object({ element: z.number().int().nonnegative() }).strict(),
  z.object({ point: Point }).strict(),
]);

export const Direction = z.enum(['up', 'down', 'left', 'right']);

export const ActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('click'), target: TargetSchema }).strict(),
  z.object({ type: z.literal('double_click'), target: TargetSchema }).strict(),
  z.object({ type: z.literal('hover'), target: TargetSchema }).strict(),
  z.object({ type: z.literal('drag'), target: TargetSchema, to: TargetSchema }).strict(),
  z.object({ type: z.literal('long_press'), target: TargetSchema, ms: z.number().positive().optional() }).strict(),
  z.object({
    type: z.literal('type'),
    target: TargetSchema.optional(),
    text: z.string(),
    clear: z.boolean().optional(),
    submit: z.boolean().optional(),
  }).strict(),
  z.object({ type: z.literal('select'), target: TargetSchema, option: z.string() }).strict(),
  /** `direction` is where the content moves to reveal: `down` shows what is below (the prompt's rules say so). */
  z.object({ type: z.literal('scroll'), direction: Direction, target: TargetSchema.optional() }).strict(),
  z.object({ type: z.literal('swipe'), from: Point, to: Point, ms: z.number().positive().optional() }).strict(),
  z.object({ type: z.literal('key'), key: z.string().min(1), target: TargetSchema.optional() }).strict(),
  z.object({ type: z.literal('back') }).strict(),
  z.object({ type: z.literal('home') }).strict(),
  z.object({ type: z.literal('open'), url: z.string().optional(), app: z.string().optional() }).strict(),
  z.object({ type: z.literal('wait'), ms: z.number().nonnegative() }).strict(),
  z.object({ type: z.literal('answer'), text: z.string() }).strict(),
  z.object({ type: z.literal('done'), status: z.enum(['success', 'infeasible']), reason: z.string().optional() }).strict(),
]);

export type Target = z.infer<typeof TargetSchema>;
export type Action = z.infer<typeof ActionSchema>;
export type ActionType = Action['type'];
/** The action of one type. */
export type ActionOf<K extends ActionType> = Extract<Action, { type: K }>;

/**
 * One function per action type, each given its own kind of action (and `C`): written as such
 * a record, a renderer or dispatcher fails to compile until a new action type is handled.
 */
export type PerAction<R, C = void, K extends ActionType = ActionType> = { [T in K]: (a: ActionOf<T>, c: C) => R };

/** Calls `table`'s function for `a`'s type. */
export function byType<R, C, K extends ActionType>(table: PerAction<R, C, K>, a: ActionOf<K>, c: C): R {
  return (table[a.type as K] as (a: Action, c: C) => R)(a, c);
}

/**
 * What a driver may be able to do: an action type, or `open_app` (an `open` naming an app; a
 * plain `open` names a url). What each platform does is declared in platforms.ts.
 */
export type Ability = ActionType | 'open_app';

export function abilityOf(a: Action): Ability {
  return a.type === 'open' && a.app !== undefined ? 'open_app' : a.type;
}

/**
 * What each action looks like in a model's reply (`T` stands for a target) and, where its name
 * does not say it all, what it does. The prompt's action list is written from these, filtered
 * by what the platform's driver can do (platforms.ts).
 */
export const ACTION_DOCS: Record<Ability, { form: string; note?: string }> = {
  click: { form: '{"type": "click", "target": T}' },
  double_click: { form: '{"type": "double_click", "target": T}', note: 'double-click on the web, double tap on Android: e.g. to edit a label in place' },
  hover: { form: '{"type": "hover", "target": T}', note: "move the mouse over it and leave it there, to open a menu or show a row's buttons" },
  drag: { form: '{"type": "drag", "target": T, "to": T}', note: 'press on target, move to "to", let go: reorder, move, drop' },
  long_press: { form: '{"type": "long_press", "target": T}' },
  type: {
    form: '{"type": "type", "target": T, "text": "...", "clear": true, "submit": false}',
    note: 'target optional: types into the focused element; clear empties it first; submit presses Enter after',
  },
  select: { form: '{"type": "select", "target": T, "option": "..."}', note: 'pick an option of a select/dropdown' },
  scroll: { form: '{"type": "scroll", "direction": "up"|"down"|"left"|"right", "target": T}', note: 'target optional' },
  swipe: { form: '{"type": "swipe", "from": {"x": 0, "y": 0}, "to": {"x": 0, "y": 0}}' },
  key: {
    form: '{"type": "key", "key": "Enter", "target": T}',
    note: 'Enter, Tab, Escape, Backspace, ...; target optional: the element to press it on, else the focused one',
  },
  back: { form: '{"type": "back"}' },
  home: { form: '{"type": "home"}' },
  open: { form: '{"type": "open", "url": "..."}' },
  open_app: { form: '{"type": "open", "app": "..."}', note: 'a package, package/activity or an app label such as "Contacts"' },
  wait: { form: '{"type": "wait", "ms": 1000}' },
  answer: { form: '{"type": "answer", "text": "..."}' },
  done: { form: '{"type": "done", "status": "success"|"infeasible", "reason": "..."}' },
};

/** Actions that end an episode rather than touch the screen. */
export function isTerminal(a: Action): a is ActionOf<'answer' | 'done'> {
  return a.type === 'answer' || a.type === 'done';
}

export function targetOf(a: Action): Target | undefined {
  return 'target' in a ? a.target : undefined;
}

/** The drop end of a drag. */
export function dropOf(a: Action): Target | undefined {
  return a.type === 'drag' ? a.to : undefined;
}

const placeOf = (t: Target) => ('element' in t ? `[${t.element}]` : `(${t.point.x},${t.point.y})`);

/** `where` is the target's place with a leading space, or nothing. */
const DESCRIBED: PerAction<string, string> = {
  click: (a, where) => `${a.type}${where}`,
  double_click: (a, where) => `${a.type}${where}`,
  hover: (a, where) => `${a.type}${where}`,
  long_press: (a, where) => `${a.type}${where}`,
  drag: (a, where) => `drag${where} -> ${placeOf(a.to)}`,
  type: (a, where) => `type${where} ${JSON.stringify(a.text)}${a.clear ? ' clear' : ''}${a.submit ? ' submit' : ''}`,
  select: (a, where) => `select${where} ${JSON.stringify(a.option)}`,
  scroll: (a, where) => `scroll ${a.direction}${where}`,
  swipe: (a) => `swipe (${a.from.x},${a.from.y})->(${a.to.x},${a.to.y})`,
  key: (a, where) => `key ${a.key}${where}`,
  back: (a) => a.type,
  home: (a) => a.type,
  open: (a) => `open ${a.url ?? a.app ?? ''}`.trim(),
  wait: (a) => `wait ${a.ms}ms`,
  answer: (a) => `answer ${JSON.stringify(a.text)}`,
  done: (a) => `done ${a.status}${a.reason ? `: ${a.reason}` : ''}`,
};

/** One line for logs and prompts: `click [3]`, `type [4] "Bob"`. */
export function describeAction(a: Action): string {
  const t = targetOf(a);
  return byType(DESCRIBED, a, t ? ` ${placeOf(t)}` : '');
}
