// The gestures search tries besides clicks and typing, each only where the goal's words and
// the screen's layout call for it, as a person would reach for them:
// - Enter after typing, when no button by the field would send it (a todo list, a chat box);
// - a double click on a text the goal names, when the goal reads as an edit ("rename X to Y");
// - a drag from one named thing onto another, when the goal reads as a move ("move X above Y").
// Buttons shown only on hover need nothing here: the driver hovers their row first.
import { describeTarget, glyphMeanings, type Action, type TargetDescriptor, type UIElement } from '../../contract/index.js';

const EDIT_VERBS = /\b(?:rename|edit|change|update|modify|correct|retitle|fix|replace)\b/i;
const MOVE_VERBS = /\b(?:move|drag|drop|reorder|put|place|rearrange)\b/i;
/** Texts a double click can turn into a field. */
const TEXTUAL = new Set(['text', 'cell', 'heading', 'listitem', 'option', 'treeitem']);
/** Roles that submit what was typed beside them. */
const SUBMITS = new Set(['button']);
const MOVABLE = new Set(['text', 'cell', 'listitem', 'option', 'treeitem', 'button', 'link', 'image', 'heading']);
/** Drags tried per screen, at most: both ends must be named, so few are worth it. */
const MAX_DRAGS = 6;

export interface Gesture { action: Action; target: TargetDescriptor; to?: TargetDescriptor; element: UIElement; score: number }

/** The goal's own words, without the values it gives ("Add Fix the sink" does not read as an edit). */
const ownWords = (goal: string, values: readonly string[]) => values.reduce((g, v) => (v ? g.split(v.toLowerCase()).join(' … ') : g), goal.toLowerCase());
export const readsAsEdit = (goal: string, values: readonly string[]) => EDIT_VERBS.test(ownWords(goal, values));
const readsAsMove = (goal: string, values: readonly string[]) => MOVE_VERBS.test(ownWords(goal, values));

const DISCARD_WORDS = /^(?:delete|remove|close|cancel|clear|dismiss|discard|reset)\b/i;
/** Words on a button that sends a form. */
const SUBMIT_WORDS = /^(?:save|submit|ok|done|send|add|create|search|go|log ?in|sign ?(?:in|up)|register|apply|confirm|next|continue|proceed|post|update|change|set|enter|find|pay|buy|order|place|book|checkout|subscribe)\b/i;

/**
 * Enter is the way to send what the field holds: no button sits beside the field or just
 * below it (a todo list's input, a chat box) and none on screen reads as sending a form
 * (where one does, a person clicks it, as they click Save).
 */
export function enterSends(field: UIElement, all: readonly UIElement[]): boolean {
  // A row's own buttons, and those that delete or cancel, send nothing that was typed.
  const buttons = all.filter((o) => SUBMITS.has(o.role) && o.state.enabled && !o.attrs.shows_on && !glyphMeanings(o.name).length && !DISCARD_WORDS.test(o.name.trim()));
  return !buttons.some((o) => beside(field, o) || SUBMIT_WORDS.test(o.name.trim()));
}

/** A button on the field's line, just right of it, or just below it (within a few of its heights). */
function beside(field: UIElement, o: UIElement): boolean {
  const b = field.bbox;
  const ob = o.bbox;
  const reach = Math.max(60, b.h * 2);
  const sameBand = ob.y < b.y + b.h + 4 && ob.y + ob.h > b.y - 4 && ob.x >= b.x - 4 && ob.x - (b.x + b.w) < reach * 3;
  const below = ob.y >= b.y + b.h - 4 && ob.y - (b.y + b.h) < reach && ob.x < b.x + b.w && ob.x + ob.w > b.x;
  return sameBand || below;
}

/** A name that is a part of the goal, not the goal itself (a page that writes the goal out). */
const partOf = (goalText: string, name: string) => !!name && name.length <= 80 && name.length < goalText.length * 0.8;

/**
 * Double clicks on texts the goal names, for a goal that reads as an edit (the caller asks readsAsEdit). A text that is
 * one of the goal's values ("Rename {{item}} to ...") goes first, before anything is typed:
 * it has to open for editing first. One the goal merely mentions (a label, a title) comes
 * after the likelier ways, as does one that is also a link or button (that opens, not edits).
 */
export function editGestures(goalText: string, usable: readonly UIElement[], mentions: (text: string) => boolean, values: readonly string[]): Gesture[] {
  const value = new Set(values.map((v) => v.trim().toLowerCase()));
  const pressable = new Set(usable.filter((e) => e.role === 'link' || e.role === 'button').map((e) => e.name.trim().toLowerCase()));
  return usable
    .filter((e) => TEXTUAL.has(e.role) && partOf(goalText, e.name) && mentions(e.name))
    .map((e) => {
      const name = e.name.trim().toLowerCase();
      const first = value.has(name) && e.role !== 'heading' && !pressable.has(name);
      return { action: { type: 'double_click', target: { element: e.id } }, target: describeTarget(e), element: e, score: first ? 5 : 1 };
    });
}

/** Drags from each named thing onto each other named thing, in the goal's order first, for a goal that moves one. */
export function moveGestures(goalText: string, usable: readonly UIElement[], mentions: (text: string) => boolean, values: readonly string[]): Gesture[] {
  if (!readsAsMove(goalText, values)) return [];
  const named = usable.filter((e) => MOVABLE.has(e.role) && partOf(goalText, e.name) && mentions(e.name));
  const at = (e: UIElement) => goalText.indexOf(e.name.toLowerCase());
  const out: Gesture[] = [];
  for (const from of named) {
    for (const onto of named) {
      if (from === onto || from.name === onto.name) continue;
      const inOrder = at(from) < at(onto);
      out.push({
        action: { type: 'drag', target: { element: from.id }, to: { element: onto.id } },
        target: describeTarget(from), to: describeTarget(onto), element: from, score: inOrder ? 3 : 2.5,
      });
    }
  }
  return out.sort((a, b) => b.score - a.score).slice(0, MAX_DRAGS);
}
