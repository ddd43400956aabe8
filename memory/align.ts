// Generalisation by evidence: one or more successes of a template are aligned (goals, typed
// texts, target names and descriptors, step by step). What differs between them is a slot,
// whatever its length; what stays is the skeleton. One success alone is abstracted by the
// careful rules of slots.ts.
//
// - Goals: declared templates give the slots; free-form goals are diffed, and a span that
//   differs becomes a slot only when each instance's steps use its value (no false slots).
// - A field (typed text, option, target name, key attr) the same in every instance stays
//   literal, though it may equal a goal value of one instance; only values that are the same in
//   every instance (all of them, for one success) may turn it into a slot.
// - A field that varies is explained by the slots (even inside a longer name: "Section #{{n}}"),
//   else, for names and attrs, the parts that vary and no slot gives become `{{*}}`
//   ("{{slot1}} {{*}}": a row named by a sender and a preview). A list slot's items are each
//   done by one step of a run; the run is kept once, marked `each`.
// - What no slot or wildcard explains (a name with nothing in common, a typed text, or the same
//   target at another place for another goal while a goal value is used by no step) pins the
//   step: the record replays only for the values of an instance that was seen.
import { findRun, splitList } from './lists.js';
import { abstractInside, abstractName, abstractValue, declaredSlots, stepsUse } from './slots.js';
import { containsWhole, differingSpans, matchTemplate, matchTemplateSpans, placeholderName, replaceWhole, skeleton, tokenize, WILDCARD } from './text.js';
import type { AbstractStep, Instance } from './types.js';
import { KEY_ATTRS, sameName, type Action, type TargetDescriptor } from '../contract/index.js';

/** The attrs ground() compares (contract/ground.ts); a target is identified by its name and these. */

export interface Generalised {
  template: string;
  /** The first instance's slot values. */
  slots: Record<string, string>;
  steps: AbstractStep[];
}

/** One instance's step (or one member of a list run) with the slot values it ran with. */
interface Variant {
  step: AbstractStep;
  slots: Record<string, string>;
  /** In a list run: the list slot and this member's item. */
  item?: { name: string; value: string };
}

/** The record the instances make, or undefined when they do not align (another shape of goal or of steps). */
export function generalise(instances: Instance[], hint?: string): Generalised | undefined {
  if (!instances.length) return undefined;
  const goals = goalSlots(instances, hint);
  if (!goals) return undefined;
  const lists = Object.keys(goals.per[0]!).filter((name) =>
    goals.per.some((slots, i) => splitList(slots[name]!).length >= 2 && findRun(instances[i]!.steps, splitList(slots[name]!)) !== undefined));
  const collapsed = instances.map((inst, i) => collapse(inst.steps, goals.per[i]!, lists));
  if (collapsed.some((c) => !c) || new Set(collapsed.map((c) => c!.length)).size > 1) return undefined;
  const positions = (collapsed as Variant[][][])[0]!.map((_, j) => (collapsed as Variant[][][]).flatMap((c) => c[j]!));
  if (!positions.every(sameShape)) return undefined;
  const names = Object.keys(goals.per[0]!);
  const varying = names.filter((n) => new Set(goals.per.map((s) => s[n]!.trim().toLowerCase())).size > 1);
  const constant = new Set(names.filter((n) => !varying.includes(n)));
  // A goal value that varies but no step uses: what it picks is not in the steps (a row by its place).
  const unexplained = varying.some((n) => instances.every((inst, i) => !stepsUse(inst.steps, goals.per[i]![n]!)));
  const steps = positions.map((variants) => alignStep(variants, constant, unexplained));
  return { template: goals.template, slots: goals.per[0]!, steps };
}

/** The goal template and each instance's slot values. */
function goalSlots(instances: Instance[], hint: string | undefined): { template: string; per: Record<string, string>[] } | undefined {
  const d0 = instances[0]!.declared;
  if (d0 && instances.every((i) => i.declared?.template === d0.template)) {
    return { template: d0.template, per: instances.map((i) => declaredSlots(d0.template, i.declared!.slots)) };
  }
  const goals = instances.map((i) => i.goal);
  const g0 = goals[0]!;
  const fromHint = Object.entries((hint && matchTemplateSpans(hint, g0)) || {}).filter(([n]) => !n.startsWith('secret:')).map(([, span]) => span);
  const diffs = goals.slice(1).flatMap((g) => differingSpans(g0, g, { insertions: true }).map((s) => ({ start: s.aStart, end: s.aEnd })));
  const ranges = mergeRanges([...fromHint, ...diffs]);
  const joined = joinLists(g0, ranges);
  for (const rs of joined.length < ranges.length ? [joined, ranges] : [ranges]) {
    const template = templateOf(g0, rs);
    const per = goals.map((g) => matchTemplate(template, g));
    if (per.some((p) => !p)) continue;
    if (used(instances, per as Record<string, string>[])) return { template, per: per as Record<string, string>[] };
  }
  return undefined;
}

/**
 * Every slot's value is used by the steps: in the first instance when it never varies, else in
 * each instance, where a short value used as a whole word ("3" in "Section #3") counts too: that it
 * varied with the goal is the evidence.
 */
function used(instances: Instance[], per: Record<string, string>[]): boolean {
  return Object.keys(per[0]!).every((n) => {
    const varies = new Set(per.map((s) => s[n]!.toLowerCase())).size > 1;
    if (!varies) return stepsUse(instances[0]!.steps, per[0]![n]!);
    return instances.every((inst, i) => stepsUse(inst.steps, per[i]![n]!) || inst.steps.some((st) => stringsOf(st).some((x) => containsWhole(x, per[i]![n]!))));
  });
}

/** The strings of a step a goal value can show in: typed text, option, target name. */
function stringsOf(step: AbstractStep): string[] {
  const a = step.action;
  return [a.type === 'type' || a.type === 'answer' ? a.text : a.type === 'select' ? a.option : undefined, step.target?.name].filter((x): x is string => x !== undefined);
}

function mergeRanges(ranges: { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1);
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

const LIST_GAP = /^\s*(?:,|;|&|and|,\s*and)\s*$/i;

/** Ranges next to each other but for a list separator become one: "a", "b" of "a, b" is one list value. */
function joinLists(goal: string, ranges: { start: number; end: number }[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const r of ranges) {
    const last = out.at(-1);
    if (last && LIST_GAP.test(goal.slice(last.end, r.start))) last.end = r.end;
    else out.push({ ...r });
  }
  return out;
}

function templateOf(goal: string, ranges: { start: number; end: number }[]): string {
  let out = '';
  let at = 0;
  ranges.forEach((r, i) => { out += `${goal.slice(at, r.start)}{{slot${i + 1}}}`; at = r.end; });
  return out + goal.slice(at);
}

/** An instance's steps as positions, a list run folded into one position whose variants are its members. */
function collapse(steps: AbstractStep[], slots: Record<string, string>, lists: string[]): Variant[][] | undefined {
  let out: Variant[][] = steps.map((step) => [{ step, slots }]);
  for (const name of lists) {
    const items = splitList(slots[name]!);
    const p = findRun(out.map((v) => v[0]!.step), items);
    if (p === undefined) return undefined;
    const members = out.slice(p, p + items.length).map((v, k): Variant => ({
      step: { ...v[0]!.step, each: name }, slots: { ...slots, [name]: items[k]! }, item: { name, value: items[k]! },
    }));
    out = [...out.slice(0, p), members, ...out.slice(p + items.length)];
  }
  return out;
}

/** The same kind of step at one position: action type, target role, list slot. */
function sameShape(variants: Variant[]): boolean {
  const s0 = variants[0]!.step;
  return variants.every(({ step }) => step.action.type === s0.action.type && step.target?.role === s0.target?.role
    && step.to?.role === s0.to?.role && step.each === s0.each);
}

type Kind = 'name' | 'attr' | 'value' | 'option' | 'url';

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Slots picked by name. */
const only = (slots: Record<string, string>, keep: Set<string>) => Object.fromEntries(Object.entries(slots).filter(([k]) => keep.has(k)));

/**
 * One field over all variants: the text the record keeps, and whether the slots (or a
 * wildcard) explain how it varied.
 */
function alignField(values: string[], variants: Variant[], kind: Kind, constant: Set<string>): { text: string; explained: boolean } {
  const item = variants[0]!.item;
  if (item && kind !== 'attr' && kind !== 'url' && variants.every((v, i) => sameText(values[i]!, v.item!.value))) return { text: `{{${item.name}}}`, explained: true };
  const careful = (x: string, slots: Record<string, string>) =>
    kind === 'name' ? abstractName(x, slots) : kind === 'value' ? abstractValue(x, slots) : kind === 'option' ? abstractValue(x, slots, true) : abstractInside(x, slots);
  // The same everywhere: only values the same everywhere may make it a slot.
  if (values.every((x) => x === values[0])) {
    const slots = only(variants[0]!.slots, new Set([...constant, ...(item ? [item.name] : [])]));
    return { text: careful(values[0]!, slots), explained: true };
  }
  // It varies with the slots: their values, short or common ones too, are its slots.
  const abs = values.map((x, i) => byEvidence(x, variants[i]!.slots, kind));
  if (abs.every((a) => a === abs[0])) return { text: abs[0]!, explained: true };
  if (kind === 'name' || kind === 'attr') {
    const pattern = skeleton(abs);
    if (meaningful(pattern)) return { text: pattern, explained: true };
  }
  return { text: careful(values[0]!, variants[0]!.slots), explained: false };
}

/** A value that varied along with the slots: equal to one (any case for names and options), or holding one as whole tokens. */
function byEvidence(x: string, slots: Record<string, string>, kind: Kind): string {
  const entries = Object.entries(slots).filter(([, v]) => v.trim()).sort((a, b) => b[1].length - a[1].length);
  for (const [name, v] of entries) if (x === v || (kind === 'name' && sameName(x, v)) || (kind === 'option' && sameText(x, v))) return `{{${name}}}`;
  let out = x;
  for (const [name, v] of entries) out = replaceWhole(out, v, `{{${name}}}`);
  return out;
}

/** A name pattern that still says something: a slot in it, or two letters or digits besides wildcards. */
function meaningful(pattern: string): boolean {
  if (tokenize(pattern).some((t) => { const n = placeholderName(t.text); return n !== undefined && !n.startsWith('secret:'); })) return true;
  return (pattern.split(WILDCARD).join('').replace(/\{\{[^}]*\}\}/g, '').match(/[\p{L}\p{N}]/gu) ?? []).length >= 2;
}

const TEXT_OF: Partial<Record<Action['type'], { key: 'text' | 'option' | 'url'; kind: Kind }>> = {
  type: { key: 'text', kind: 'value' }, answer: { key: 'text', kind: 'value' }, select: { key: 'option', kind: 'option' }, open: { key: 'url', kind: 'url' },
};

function alignAction(variants: Variant[], constant: Set<string>): { action: Action; explained: boolean } {
  const a0 = variants[0]!.step.action;
  const field = TEXT_OF[a0.type];
  const rest = (a: Action) => JSON.stringify({ ...a, target: undefined, to: undefined, ...(field ? { [field.key]: undefined } : {}) });
  const restSame = variants.every((v) => rest(v.step.action) === rest(a0));
  const raw = field ? (a0 as Record<string, unknown>)[field.key] : undefined;
  if (!field || typeof raw !== 'string') return { action: a0, explained: restSame };
  const values = variants.map((v) => String((v.step.action as Record<string, unknown>)[field.key] ?? ''));
  const out = alignField(values, variants, field.kind, constant);
  // An answer read from an element is read again on the live screen: what it said may vary.
  const readFromScreen = a0.type === 'answer' && variants.every((v) => v.step.target);
  return { action: { ...a0, [field.key]: out.text } as Action, explained: restSame && (out.explained || readFromScreen) };
}

/** Moved by more than half its height (or 8 px). */
function moved(a: TargetDescriptor, b: TargetDescriptor): boolean {
  const tol = Math.max(8, a.bbox.h / 2);
  return Math.abs(a.bbox.x - b.bbox.x) > tol || Math.abs(a.bbox.y - b.bbox.y) > tol;
}

const SLOT_IN = /\{\{(?!\*\}\}|secret:)[^}]+\}\}/;

/**
 * One target over all variants: its name and attrs as the record keeps them, and whether it
 * must be pinned (it varied in a way the slots do not explain).
 */
function alignTarget(targets: TargetDescriptor[], variants: Variant[], constant: Set<string>, readsAnswer: boolean, goalValueUnused: boolean): { target: TargetDescriptor; pinned: boolean } {
  const t0 = targets[0]!;
  const name = alignField(targets.map((t) => t.name), variants, 'name', constant);
  const attrs: Record<string, string> = {};
  let identityVaries = targets.some((t) => t.name !== t0.name || moved(t0, t));
  for (const key of Object.keys(t0.attrs)) {
    if (!targets.every((t) => t.attrs[key] !== undefined)) continue;
    const values = targets.map((t) => t.attrs[key]!);
    if (isKeyAttr(key) && values.some((x) => x !== values[0])) identityVaries = true;
    const out = alignField(values, variants, 'attr', constant);
    if (out.explained) attrs[key] = out.text;
  }
  // An answer's element is found again by its label or anchor (agent/replay/answer.ts), not
  // by its name, which is the answer itself and differs on every instance.
  const nameText = readsAnswer && !name.explained ? WILDCARD : name.text;
  const slotInIdentity = SLOT_IN.test(nameText) || KEY_ATTRS.some((k) => SLOT_IN.test(attrs[k] ?? ''));
  const pinned = !readsAnswer && (!name.explained || (identityVaries && !slotInIdentity && goalValueUnused));
  return { target: { role: t0.role, name: nameText, attrs, bbox: { ...t0.bbox } }, pinned };
}

const isKeyAttr = (key: string) => (KEY_ATTRS as readonly string[]).includes(key);

function alignStep(variants: Variant[], constant: Set<string>, goalValueUnused: boolean): AbstractStep {
  const v0 = variants[0]!;
  const { action, explained } = alignAction(variants, constant);
  let pinned = !explained;
  const ends: Pick<AbstractStep, 'target' | 'to'> = {};
  for (const end of ['target', 'to'] as const) {
    if (!v0.step[end]) continue;
    const aligned = alignTarget(variants.map((v) => v.step[end]!), variants, constant, action.type === 'answer', goalValueUnused);
    ends[end] = aligned.target;
    pinned ||= aligned.pinned;
  }
  return {
    action,
    ...ends,
    screen: abstractInside(v0.step.screen, v0.slots),
    ...(v0.step.each ? { each: v0.step.each } : {}),
    ...(pinned ? { pinned: true as const } : {}),
  };
}
