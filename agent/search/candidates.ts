// The actions worth trying on a screen, best first, for the offline search policy.
// Ranking is word overlap between the goal and an element's name, plus affinity between
// a param's name and an input's label ("email" -> the field labelled "Email address").
// A click nothing points at (no word of the goal, not a submit after an edit) is blind:
// the search allows few of those per path, and tries links that stay in the app first.
import type { Action } from '../../drivers/action.js';
import { describeTarget } from '../../drivers/elements.js';
import type { Observation, TargetDescriptor, UIElement } from '../../drivers/types.js';
import type { ResolvedTask } from '../../tasks/types.js';

export interface Candidate { action: Action; target?: TargetDescriptor; score: number; blind: boolean }

const STOP = new Set(['the', 'a', 'an', 'to', 'of', 'and', 'or', 'in', 'on', 'for', 'with', 'at', 'by', 'from', 'is', 'it',
  'as', 'be', 'this', 'that', 'my', 'your', 'me', 'i', 'you', 'then', 'into', 'what', 'which', 'who', 'named', 'called']);
const CLICKABLE = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'option', 'treeitem']);
const EDITABLE = new Set(['textbox', 'searchbox', 'spinbutton', 'combobox']);

export function words(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}@.\s-]/gu, ' ').split(/[\s-]+/)
    .map((w) => w.replace(/^[.]+|[.]+$/g, '').replace(/(?<=..)(ies|es|s)$/, (m) => (m === 'ies' ? 'y' : '')))
    .filter((w) => w.length > 1 && !STOP.has(w));
}

function overlap(goal: Set<string>, text: string): number {
  const ws = words(text);
  if (ws.length === 0) return 0;
  const hit = ws.filter((w) => goal.has(w)).length;
  return hit / Math.sqrt(ws.length);
}

/** The strings worth typing: param values the goal mentions, and the goal's quoted strings. */
function typingCandidates(task: ResolvedTask): { text: string; label?: string }[] {
  const out: { text: string; label?: string }[] = Object.entries(task.params)
    .filter(([, text]) => text !== '' && task.goal.includes(text))
    .map(([label, text]) => ({ text, label }));
  for (const m of task.goal.matchAll(/["“']([^"”']{1,80})["”']/g)) if (!out.some((o) => o.text === m[1])) out.push({ text: m[1]! });
  // A secret is typed as its placeholder (the driver fills it in); its name labels it.
  for (const m of task.goal.matchAll(/\{\{secret:([A-Za-z0-9_]+)\}\}/g)) out.push({ text: m[0], label: m[1]!.toLowerCase() });
  return out;
}

/** 0..3: how much of the field's label the param's name covers ("new_password" -> "New password" = 3). */
function labelAffinity(label: string | undefined, e: UIElement): number {
  if (!label) return 0;
  const field = words((e.name || [e.attrs.placeholder, e.attrs.name, e.attrs.id].filter(Boolean).join(' ')).replace(/_/g, ' '));
  const parts = new Set(words(label.replace(/_/g, ' ')));
  if (field.length === 0 || parts.size === 0) return 0;
  return (3 * field.filter((w) => parts.has(w)).length) / field.length;
}

/**
 * What has been edited on the current page in this path: a field is filled once, and a
 * value goes into one field only. Fields holds what was typed, chosen or toggled. A
 * toggle flips once in the whole path: flipping it back undoes the try.
 */
export interface Typed { fields: Set<string>; values: Set<string>; toggled: Set<string> }

const TOGGLES = new Set(['checkbox', 'switch', 'radio']);

/** Typing, choosing an option and toggling edit a page; a submit button is likely next. */
export function edits(action: Action, target: TargetDescriptor | undefined): boolean {
  return action.type === 'type' || action.type === 'select' || (action.type === 'click' && TOGGLES.has(target?.role ?? ''));
}

/** A link into another app (another first path segment) than the page's: rarely the way. */
function leavesApp(e: UIElement, here: URL | undefined): boolean {
  const href = e.attrs.href;
  if (e.role !== 'link' || !href || !here) return false;
  const there = urlOf(href, here);
  return there !== undefined && (there.origin !== here.origin || there.pathname.split('/')[1] !== here.pathname.split('/')[1]);
}

/** URL.parse, which Node 20 before 20.18 lacks. */
function urlOf(text: string, base?: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

export function candidates(obs: Observation, task: ResolvedTask, typed: Typed): Candidate[] {
  const goal = new Set(words(task.goal));
  const here = urlOf(obs.location);
  const goalText = task.goal.toLowerCase();
  const usable = obs.elements.filter((e) => e.state.enabled);
  const fields = usable.filter((e) => e.attrs.options === undefined && (e.state.editable || EDITABLE.has(e.role)));
  const typing = typingCandidates(task);
  // A value whose label fits some field here belongs in that field, not in any other.
  const placed = new Set(typing.filter((t) => fields.some((f) => labelAffinity(t.label, f) > 0)).map((t) => t.text));
  const out: Candidate[] = [];

  for (const e of usable) {
    const target = { element: e.id };
    const descriptor = describeTarget(e);
    const offscreen = e.state.visible ? 0 : -0.5;
    if (e.attrs.options !== undefined) {
      for (const option of e.attrs.options.split('\n')) {
        if (option && option !== e.value && goalText.includes(option.toLowerCase())) {
          out.push({ action: { type: 'select', target, option }, target: descriptor, score: 4 + offscreen, blind: false });
        }
      }
      continue;
    }
    if (fields.includes(e)) {
      if (typed.fields.has(e.name)) continue;
      const affinities = typing.map((t) => labelAffinity(t.label, e));
      const best = Math.max(0, ...affinities);
      for (const [i, t] of typing.entries()) {
        if (e.value === t.text) continue;
        const affinity = affinities[i]!;
        if (affinity === 0 && placed.has(t.text)) continue;
        // A value typed once goes again only where it fits best (a confirmation field).
        if (typed.values.has(t.text) && (affinity === 0 || affinity < best)) continue;
        const score = (affinity > 0 ? 2 + affinity : 0.5) + overlap(goal, e.name) * 0.5 + offscreen - (e.value ? 0.5 : 0);
        out.push({ action: { type: 'type', target, text: t.text, clear: true }, target: descriptor, score, blind: false });
      }
      continue;
    }
    if (CLICKABLE.has(e.role)) {
      if (TOGGLES.has(e.role) && typed.toggled.has(e.name)) continue;
      // After editing the page, a button is the likely way to submit it.
      const relevance = overlap(goal, e.name) + (typed.fields.size > 0 && e.role === 'button' ? 1.5 : 0);
      const score = relevance + offscreen - (leavesApp(e, here) ? 0.25 : 0);
      out.push({ action: { type: 'click', target }, target: descriptor, score, blind: relevance === 0 });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

/** Visible texts a question's answer may be, most relevant first. */
export function answerCandidates(obs: Observation): string[] {
  const seen = new Set<string>();
  for (const e of obs.elements) {
    for (const t of [e.name, e.value]) if (t && t.length <= 200) seen.add(t.trim());
  }
  return [...seen].filter(Boolean);
}
