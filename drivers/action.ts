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
  /** Moves the pointer over the target and leaves it there: what shows menus and row buttons. */
  z.object({ type: z.literal('hover'), target: TargetSchema }).strict(),
  /** Presses on `target`, moves to `to` and lets go there. */
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
  /** `direction` is where the content moves to reveal: `down` shows what is below. */
  z.object({ type: z.literal('scroll'), direction: Direction, target: TargetSchema.optional() }).strict(),
  z.object({ type: z.literal('swipe'), from: Point, to: Point, ms: z.number().positive().optional() }).strict(),
  /** A key press, on the focused element or, with a target, on that element (focused first). */
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

/** Actions that end an episode rather than touch the screen. */
export function isTerminal(a: Action): a is Extract<Action, { type: 'answer' | 'done' }> {
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

/** One line for logs and prompts: `click [3]`, `type [4] "Bob"`. */
export function describeAction(a: Action): string {
  const t = targetOf(a);
  const where = t ? ` ${placeOf(t)}` : '';
  switch (a.type) {
    case 'type': return `type${where} ${JSON.stringify(a.text)}${a.clear ? ' clear' : ''}${a.submit ? ' submit' : ''}`;
    case 'select': return `select${where} ${JSON.stringify(a.option)}`;
    case 'scroll': return `scroll ${a.direction}${where}`;
    case 'swipe': return `swipe (${a.from.x},${a.from.y})->(${a.to.x},${a.to.y})`;
    case 'key': return `key ${a.key}${where}`;
    case 'drag': return `drag${where} -> ${placeOf(a.to)}`;
    case 'open': return `open ${a.url ?? a.app ?? ''}`.trim();
    case 'wait': return `wait ${a.ms}ms`;
    case 'answer': return `answer ${JSON.stringify(a.text)}`;
    case 'done': return `done ${a.status}${a.reason ? `: ${a.reason}` : ''}`;
    default: return `${a.type}${where}`;
  }
}
