// The suite file format, as a zod schema. Every object is strict: an unknown key is an
// error, so a typo can never silently drop a check.
import { z } from 'zod';
import { ActionSchema } from '../contract/index.js';
import { parseSeedText } from './seeds.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, ".", "_" or "-", starting with a letter or digit');

const Param = z.union([
  z.string(),
  z.number(),
  z.discriminatedUnion('gen', [
    z.object({ gen: z.literal('choice'), from: z.array(z.union([z.string(), z.number()])).min(1) }).strict(),
    z.object({ gen: z.literal('int'), min: z.number().int(), max: z.number().int() }).strict(),
    z.object({ gen: z.literal('first_name') }).strict(),
    z.object({ gen: z.literal('last_name') }).strict(),
    z.object({ gen: z.literal('full_name') }).strict(),
    /** `from` names a param holding a person's name, so the address matches it. */
    z.object({ gen: z.literal('email'), from: z.string().optional() }).strict(),
    z.object({ gen: z.literal('phone') }).strict(),
    z.object({ gen: z.literal('word') }).strict(),
  ]),
]);
export type ParamSpec = z.infer<typeof Param>;

const SetupStep = z.union([
  z.object({ goto: z.string() }).strict(),
  z.object({ js: z.string() }).strict(),
  z.object({ action: ActionSchema }).strict(),
  z.object({ wait_ms: z.number().nonnegative() }).strict(),
]);

const ElementQuery = z.object({
  role: z.string().optional(),
  name: z.string().optional(),
  text: z.string().optional(),
}).strict().refine((q) => q.role || q.name || q.text, 'give at least one of role, name, text');

const Check = z.union([
  z.object({ url: z.union([z.string(), z.object({ equals: z.string().optional(), matches: z.string().optional(), contains: z.string().optional() }).strict()]) }).strict(),
  z.object({ element: ElementQuery }).strict(),
  z.object({ absent: ElementQuery }).strict(),
  z.object({ js: z.string() }).strict(),
  z.object({
    shell: z.object({ command: z.string().min(1), equals: z.string().optional(), matches: z.string().optional(), contains: z.string().optional() })
      .strict().refine((s) => s.equals ?? s.matches ?? s.contains, 'give equals, matches or contains'),
  }).strict(),
  z.object({ answer: z.union([z.string(), z.object({ equals: z.string().optional(), matches: z.string().optional() }).strict()]) }).strict(),
]);

const Budget = z.object({
  max_steps: z.number().int().positive().optional(),
  timeout_s: z.number().positive().optional(),
}).strict();

/** When setup runs on the web: once the start page fired `load` (images, scripts) or `domcontentloaded` (the default). */
const WaitUntil = z.enum(['load', 'domcontentloaded']);

const Start = z.object({ url: z.string().optional(), app: z.string().optional(), wait_until: WaitUntil.optional() }).strict()
  .refine((s) => s.url !== undefined || s.app !== undefined, 'give url (web) or app (android)');

const GoalFrom = z.object({ js: z.string().optional(), shell: z.string().optional() }).strict()
  .refine((g) => (g.js === undefined) !== (g.shell === undefined), 'give one of js (web) or shell (android)');

/** The app's identity for memory: records are recalled by it instead of the start URL's origin. */
const AppId = z.string().min(1);

export const TaskSchema = z.object({
  id: Id,
  /** Optional when goal_from (the task's or the defaults') reads it from the page. */
  goal: z.string().min(1).optional(),
  goal_from: GoalFrom.optional(),
  app: AppId.optional(),
  platform: z.enum(['web', 'android']).optional(),
  start: Start,
  params: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'a param name is letters, digits and "_"'), Param).optional(),
  setup: z.array(SetupStep).optional(),
  /** Added to the defaults' checks; together they must hold at least one. */
  checks: z.array(Check).optional(),
  budget: Budget.optional(),
  tags: z.array(z.string()).optional(),
  allow_irreversible: z.boolean().optional(),
}).strict();
export type TaskSpec = z.infer<typeof TaskSchema>;

const Seeds = z.union([
  z.array(z.number().int().nonnegative()).min(1),
  z.string().superRefine((text, ctx) => {
    try {
      parseSeedText(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  }),
]);

export const SuiteSchema = z.object({
  name: Id,
  description: z.string().optional(),
  /**
   * An http(s) URL; "practice" for cairn's bundled practice apps; or a folder served on
   * 127.0.0.1 for the run: a path relative to the suite file (`./site`), absolute, or
   * naming environment variables (`${SITE_DIR}`).
   */
  base_url: z.string().min(1).optional(),
  app: AppId.optional(),
  seeds: Seeds.optional(),
  /** Origins (web) or packages (android) navigation may reach besides each task's own (the rule critic). */
  allowed: z.array(z.string()).optional(),
  defaults: z.object({
    platform: z.enum(['web', 'android']).optional(),
    budget: Budget.optional(),
    tags: z.array(z.string()).optional(),
    /** Runs before each task's own setup. */
    setup: z.array(SetupStep).optional(),
    /** Every task's checks add to these. */
    checks: z.array(Check).optional(),
    /** A task's own goal_from overrides this one. */
    goal_from: GoalFrom.optional(),
    wait_until: WaitUntil.optional(),
  }).strict().optional(),
  tasks: z.array(TaskSchema).min(1, 'a suite needs at least one task'),
}).strict();
export type SuiteSpec = z.infer<typeof SuiteSchema>;

/** A checked range (low <= high) or list. */
export function parseSeeds(s: string | number[]): number[] {
  return Array.isArray(s) ? s : parseSeedText(s);
}
