// The actions worth trying on a screen, best first, for the offline search policy.
// Ranking is word overlap between the goal and an element's name, plus affinity between
// a value's label (a param's name, the words naming it in the goal: "the username kanesha")
// and a field's label ("email" -> the field labelled "Email address"). What the goal gives
// to type is read by read-goal.ts; a date goes into a date input in the form it takes; a number
// field is also stepped by its arrows; an ordinal picks the nth field or element.
// A click nothing points at (no word of the goal, not a submit after an edit) is blind:
// the search allows few of those per path, and tries links that stay in the app first.
import { describeTarget, glyphMeanings, type Action, type Observation, type ResolvedTask, type TargetDescriptor, type UIElement } from '../../contract/index.js';
import { CALENDAR_INPUTS, calendarForms } from '../../common/dates.js';
import { parseUrl } from '../../common/url.js';
import { elementKeys, fieldLabel, steppers } from './fields.js';
import { editGestures, enterSends, moveGestures, readsAsEdit } from './gestures.js';
import { readGoal, type GoalReading, type GoalValue, type Pick, type PickKind } from './read-goal.js';

export interface Candidate {
  action: Action;
  target?: TargetDescriptor;
  /** A drag's drop target. */
  to?: TargetDescriptor;
  score: number;
  blind: boolean;
  /** The target's key (fields.ts): what Typed remembers it by. */
  key?: string;
  /** It edits the page (types, chooses, toggles, steps a value): a submit is likely next. */
  edit: boolean;
  /** The goal's value it types, as the goal writes it. */
  value?: string;
}

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

const MODIFIERS = new Set(['new', 'old', 'current', 'previous', 'other', 'another', 'first', 'second', 'third', 'last', 'next', 'final']);

/** 0..3: how much of the field's label the value's label covers ("new_password" -> "New password" = 3). */
function labelAffinity(label: string | undefined, fieldWords: string[]): number {
  if (!label) return 0;
  const parts = new Set(words(label.replace(/_/g, ' ').replace(/\d+/g, ' ')));
  // A label of modifiers alone ("new", "new2") tells one value from another, not which field it goes in;
  // beside a noun they do ("new password" is not "current password").
  if (fieldWords.length === 0 || [...parts].every((w) => MODIFIERS.has(w))) return 0;
  return (3 * fieldWords.filter((w) => parts.has(w)).length) / fieldWords.length;
}

/**
 * What has been edited on the current page in this path: a field is filled once, and a
 * value goes into one field only. Fields holds the keys (fields.ts) of what was typed,
 * chosen or toggled. A toggle flips once in the whole path: flipping it back undoes the
 * try. Pressed holds the clicks that left the screen as it was (a button that changes
 * hidden state: "click ONE, then TWO"), so each is pressed once there.
 */
export interface Typed {
  fields: Set<string>; values: Set<string>; toggled: Set<string>; pressed?: Set<string>;
  /** The field typed into last, and what went in, while it still holds it (Enter may send it). */
  last?: { key: string; value?: string };
  /** Values Enter sent: done, not to be typed again (a todo list clears its field for the next). */
  sent?: Set<string>;
}

const TOGGLES = new Set(['checkbox', 'switch', 'radio']);
const CLICK_SCORE_FOR_PICK = 5;

/** The Typed of the path after candidate `c` ran, on the same page or another, the screen changed or not. */
export function nextTyped(typed: Typed, c: Candidate, samePage: boolean, sameScreen: boolean): Typed {
  const next: Typed = {
    fields: new Set(samePage ? typed.fields : []),
    values: new Set(samePage ? typed.values : []),
    toggled: new Set(typed.toggled),
    pressed: new Set(sameScreen ? typed.pressed ?? [] : []),
    sent: new Set(typed.sent ?? []),
  };
  if (c.edit && c.key) {
    next.fields.add(c.key);
    if (c.action.type === 'click' && TOGGLES.has(c.target?.role ?? '')) next.toggled.add(c.key);
  }
  if (c.action.type === 'type' && c.key) next.last = { key: c.key, ...(c.value !== undefined ? { value: c.value } : {}) };
  // Enter sent what the field held: it takes the next value (a todo list adds one per Enter).
  if (c.action.type === 'key' && c.key) {
    next.fields.delete(c.key);
    if (typed.last?.key === c.key && typed.last.value !== undefined) next.sent!.add(typed.last.value);
  }
  if (c.value !== undefined) next.values.add(c.value);
  if (sameScreen && c.action.type === 'click' && c.key) next.pressed!.add(c.key);
  return next;
}

/** A link into another app (another first path segment) than the page's: rarely the way. */
function leavesApp(e: UIElement, here: URL | undefined): boolean {
  const href = e.attrs.href;
  if (e.role !== 'link' || !href || !here) return false;
  const there = parseUrl(href, here);
  return there !== undefined && (there.origin !== here.origin || there.pathname.split('/')[1] !== here.pathname.split('/')[1]);
}

/** The goal names this text as a whole, not as part of a word ("Red", not "Redo"). */
function mentions(goalText: string, text: string): boolean {
  const at = goalText.indexOf(text.toLowerCase());
  if (at < 0) return false;
  const edge = (ch: string | undefined) => ch === undefined || !/[\p{L}\p{N}]/u.test(ch);
  return edge(goalText[at - 1]) && edge(goalText[at + text.length]) ? true : mentions(goalText.slice(at + 1), text);
}

/** The nth (1-based; -1 the last) of a list, or undefined. */
function nth<T>(list: readonly T[], ordinal: number): T | undefined {
  return ordinal === -1 ? list.at(-1) : list[ordinal - 1];
}

const isNumber = (text: string) => /^-?\d+(?:\.\d+)?$/.test(text.trim());

/** A field that holds a number: a spin button or a number input. */
function numeric(e: UIElement): boolean {
  return e.role === 'spinbutton' || e.attrs.type === 'number';
}

/**
 * The texts a value goes into field `e` as (a date input takes YYYY-MM-DD), with how well
 * the value's kind fits the field; undefined when it does not go there at all.
 */
function formsFor(v: GoalValue, e: UIElement): { texts: string[]; fit: number } | undefined {
  const type = e.attrs.type ?? '';
  if (CALENDAR_INPUTS.has(type)) {
    // Typed as written (the driver fills the input's form, the likeliest reading), so memory
    // sees the goal's own text and slots it; the other readings of an ambiguous date after.
    const forms = calendarForms(type, v.text);
    return forms.length ? { texts: [v.text, ...forms.slice(1)], fit: 2.5 } : undefined;
  }
  if (numeric(e)) return isNumber(v.text) ? { texts: [v.text], fit: v.kind === 'number' ? 2 : 0 } : undefined;
  // A number the goal only mentions ("Select 7 with the spinner") is typed into number fields alone.
  if (v.kind === 'number' && v.label === undefined && v.ordinal === undefined) return undefined;
  return { texts: [v.text], fit: 0 };
}

const KIND_ROLES: Record<Exclude<PickKind, 'field' | 'any'>, string[]> = {
  button: ['button'], link: ['link'], checkbox: ['checkbox'], radio: ['radio'], tab: ['tab'], option: ['option', 'menuitem', 'treeitem'],
};

/** The goal read once per task: candidates() runs on every screen the search reaches. */
const readings = new WeakMap<ResolvedTask, { reading: GoalReading; goalWords: string[] }>();
function readingOf(task: ResolvedTask): { reading: GoalReading; goalWords: string[] } {
  let r = readings.get(task);
  if (!r) readings.set(task, (r = { reading: readGoal(task.goal, task.params), goalWords: words(task.goal) }));
  return r;
}

export function candidates(obs: Observation, task: ResolvedTask, typed: Typed): Candidate[] {
  const { reading, goalWords } = readingOf(task);
  const keys = elementKeys(obs.elements);
  const keyOf = (e: UIElement) => keys.get(e)!;
  const goal = new Set(goalWords);
  const here = parseUrl(obs.location);
  const goalText = task.goal.toLowerCase();
  const usable = obs.elements.filter((e) => e.state.enabled);
  const fields = usable.filter((e) => e.attrs.options === undefined && (e.state.editable || EDITABLE.has(e.role)));
  const labels = new Map(fields.map((f) => [f, words(fieldLabel(f, obs.elements))]));
  const typing = reading.values;
  // A value whose label fits some field here belongs in that field, not in any other.
  const placed = new Set(typing.filter((t) => fields.some((f) => labelAffinity(t.label, labels.get(f)!) > 0)).map((t) => t.text));
  const picked = pickedElement(reading.pick, usable, fields);
  const named = (text: string) => mentions(goalText, text);
  // An edit's old text is on screen already: it names what to edit, it is not typed.
  const values = typing.map((t) => t.text);
  const edits = readsAsEdit(goalText, values);
  const shown = edits ? new Set(usable.filter((e) => !fields.includes(e)).map((e) => e.name)) : new Set<string>();
  // Enter in the field just typed into, when no button beside it would send it.
  const last = typed.last !== undefined ? fields.find((f) => keyOf(f) === typed.last!.key) : undefined;
  const enter = !!last?.value && enterSends(last, usable);
  const out: Candidate[] = [];
  const push = (c: Omit<Candidate, 'edit'> & { edit?: boolean }) => out.push({ edit: false, ...c });
  // A number field's arrows toward the goal's number: the value is not in yet either.
  for (const f of fields) for (const c of steps(f, typing, obs.elements)) push({ ...c, key: keyOf(c.button) });
  const stepping = out.length > 0;
  // Values a typing verb gives that are not in yet ("into both fields": while one is empty): no submitting before them.
  const open = fields.filter((f) => !typed.fields.has(keyOf(f)));
  const pending = stepping || typing.some((t) => t.typed && open.some((f) => formsFor(t, f)) && (!typed.values.has(t.text) || (reading.repeat && open.some((f) => !f.value))));

  for (const e of usable) {
    const target = { element: e.id };
    const descriptor = describeTarget(e);
    const key = keyOf(e);
    const offscreen = e.state.visible ? 0 : -0.5;
    if (e.attrs.options !== undefined) {
      // A list that holds several choices shows them joined: each one the goal names goes in.
      const chosen = e.role === 'listbox' ? (e.value ?? '').split(', ') : [e.value ?? ''];
      for (const option of e.attrs.options.split('\n')) {
        if (option && !chosen.includes(option) && mentions(goalText, option)) {
          push({ action: { type: 'select', target, option }, target: descriptor, score: 4 + offscreen, blind: false, key, edit: true });
        }
      }
      continue;
    }
    if (fields.includes(e)) {
      // The goal is the field itself: "Focus into the 3rd input textbox".
      if (reading.pick?.kind === 'field' && (picked === undefined || picked === e) && !typed.pressed?.has(key)) {
        const score = (picked === e ? CLICK_SCORE_FOR_PICK : 1) + overlap(goal, e.name) + offscreen;
        push({ action: { type: 'click', target }, target: descriptor, score, blind: false, key });
      }
      if (typed.fields.has(key)) continue;
      const own = labels.get(e)!;
      // An edit in place opens a field with the caret in it, holding the old text (a double-clicked
      // label): the new text goes there, unless a field's label says the value is its.
      const opened = edits && !!e.state.focused && !!e.value && typing.some((t) => t.text === e.value);
      const affinities = typing.map((t) => (opened && t.text !== e.value && !placed.has(t.text) ? 3 : labelAffinity(t.label, own)));
      const best = Math.max(0, ...affinities);
      for (const [i, t] of typing.entries()) {
        const forms = formsFor(t, e);
        if (!forms || shown.has(t.text) || typed.sent?.has(t.text)) continue;
        const affinity = affinities[i]!;
        if (affinity === 0 && placed.has(t.text)) continue;
        if (t.ordinal !== undefined && nth(fields, t.ordinal) !== e) continue;
        // A value typed once goes again only where it fits best (a confirmation field), or where the goal says "both";
        // not while it waits in the field it went into for the Enter that sends it.
        if (typed.values.has(t.text) && !reading.repeat && (affinity === 0 || affinity < best || (enter && typed.last?.value === t.text))) continue;
        const loose = t.kind === 'param' || t.kind === 'quoted' || t.kind === 'secret' ? 0.5 : 0.4;
        // What a typing verb gives goes in before anything is submitted.
        // So does the next of several values once Enter sent one (a todo list takes one per Enter).
        const due = (t.typed || typed.sent?.size) && (!typed.values.has(t.text) || reading.repeat) ? 1 : 0;
        // Where the caret is, a person types (the field a double click opened).
        const score = (affinity > 0 ? 2 + affinity : loose) + due + forms.fit + (t.ordinal !== undefined ? 3 : 0)
          + overlap(goal, e.name) * 0.5 + offscreen - (e.value ? 0.5 : 0) + (e.state.focused ? 0.6 : 0);
        for (const [j, text] of forms.texts.entries()) {
          if (e.value === text) continue;
          push({ action: { type: 'type', target, text, clear: true }, target: descriptor, score: score - j * 0.1, blind: false, key, edit: true, value: t.text });
        }
      }
      continue;
    }
    if (CLICKABLE.has(e.role)) {
      if (TOGGLES.has(e.role) && typed.toggled.has(key)) continue;
      if (typed.pressed?.has(key)) continue;
      if (out.some((c) => c.key === key && c.action.type === 'click')) continue; // a stepper, already ranked
      // After editing the page, a button is the likely way to submit it.
      // What Enter sent shows up on screen: that echo is not a thing the goal points at.
      const echo = typed.sent?.has(e.name) || (e.attrs.row !== undefined && typed.sent?.has(e.attrs.row));
      const own = echo ? 0 : nameRelevance(goal, e.name);
      // The × of the row the goal names, not of the rows beside it.
      const inRow = own > 0 && e.attrs.row && named(e.attrs.row) ? 1.5 : 0;
      // A row's own button (shown on hover) submits nothing that was typed.
      const submits = typed.fields.size > 0 && !pending && e.role === 'button' && !e.attrs.shows_on;
      const relevance = own + inRow + (submits ? 1.5 : 0) + (picked === e ? 3 : 0)
        - (holdsOthers(e, obs.elements) ? 1 : 0);
      // When the goal gives an order, of the things it names the one it names first goes first ("click ONE, then TWO").
      const mention = reading.ordered ? goalWords.findIndex((w) => words(e.name).includes(w)) : -1;
      const score = relevance + offscreen - (leavesApp(e, here) ? 0.25 : 0) - (mention > 0 ? mention * 0.001 : 0);
      push({ action: { type: 'click', target }, target: descriptor, score, blind: relevance <= 0, key, edit: TOGGLES.has(e.role) });
    }
  }
  // A form with a button that sends it is sent by that button, as a person clicks Save: no Enter to try besides.
  if (last && enter) {
    push({ action: { type: 'key', key: 'Enter', target: { element: last.id } }, target: describeTarget(last), score: pending ? 0.5 : 2.5, blind: false, key: keyOf(last) });
  }
  for (const g of [...(edits ? editGestures(goalText, usable, named, values) : []), ...moveGestures(goalText, usable, named, values)]) {
    push({ action: g.action, target: g.target, ...(g.to ? { to: g.to } : {}), score: g.score, blind: false, key: keyOf(g.element) });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** How much of a name the goal says; a cross glyph ("×") says what it does ("delete", "close"). */
function nameRelevance(goal: Set<string>, name: string): number {
  const means = glyphMeanings(name);
  return means.length ? (means.some((m) => goal.has(m)) ? 1 : 0) : overlap(goal, name);
}

/** A long name made of the names of two or more other elements: a container, not the control the goal means. */
function holdsOthers(e: UIElement, all: readonly UIElement[]): boolean {
  if (e.name.length < 40) return false;
  let inside = 0;
  for (const o of all) if (o !== e && o.name.length >= 3 && o.name.length < e.name.length && e.name.includes(o.name) && ++inside >= 2) return true;
  return false;
}

/** The element the goal picks by its place ("the 2nd button"), among those of its kind. */
function pickedElement(pick: Pick | undefined, usable: UIElement[], fields: UIElement[]): UIElement | undefined {
  if (!pick || pick.ordinal === undefined) return undefined;
  const pool = pick.kind === 'field' ? fields
    : pick.kind === 'any' ? usable.filter((e) => CLICKABLE.has(e.role))
      : usable.filter((e) => KIND_ROLES[pick.kind as keyof typeof KIND_ROLES].includes(e.role));
  return nth(pool, pick.ordinal);
}

/** Clicks on a number field's steppers toward each number the goal gives it ("Select 7 with the spinner"). */
function steps(e: UIElement, typing: GoalValue[], all: readonly UIElement[]): (Omit<Candidate, 'key' | 'edit'> & { button: UIElement; edit: true })[] {
  if (!numeric(e)) return [];
  const now = Number((e.value ?? '').trim() || '0');
  if (Number.isNaN(now)) return [];
  const { up, down } = steppers(e, all);
  const out: (Omit<Candidate, 'key' | 'edit'> & { button: UIElement; edit: true })[] = [];
  for (const t of typing) {
    if (!isNumber(t.text) || Number(t.text) === now) continue;
    const button = Number(t.text) > now ? up : down;
    if (!button || out.some((o) => o.button === button)) continue;
    out.push({ action: { type: 'click', target: { element: button.id } }, target: describeTarget(button), score: 2.2, blind: false, button, edit: true });
  }
  return out;
}

/** Visible texts a question's answer may be, most relevant first. */
export function answerCandidates(obs: Observation): string[] {
  const seen = new Set<string>();
  for (const e of obs.elements) {
    for (const t of [e.name, e.value]) if (t && t.length <= 200) seen.add(t.trim());
  }
  return [...seen].filter(Boolean);
}
