// Reading a goal as people write it, for the search policy: the values to type (declared
// params, quoted strings, dates, times, numbers, and the words after a typing verb:
// "Enter the username kanesha and the password X into the fields"), the words that say
// where each goes (its cue: "username"; an ordinal: "into the 2nd text field"), and
// whether the goal's target is an element picked by its place ("Focus into the 3rd input").
// Only language: nothing here knows a page.
import { DATE_PATTERN, TIME_PATTERN } from '../../common/dates.js';

export type ValueKind = 'param' | 'quoted' | 'secret' | 'date' | 'time' | 'number' | 'words';

export interface GoalValue {
  text: string;
  kind: ValueKind;
  /** A declared param's name ("new_password"), or the words naming its field ("username"). */
  label?: string;
  /** The nth field it goes into, 1-based; -1 is the last. */
  ordinal?: number;
  /** Where it starts in the goal: earlier values are usually typed first. */
  at: number;
  /** A typing verb gives it ("Enter X into ..."): it is surely to be typed, before anything is submitted. */
  typed?: boolean;
}

/** What kind of element an ordinal counts: fields, or elements of one role. */
export type PickKind = 'field' | 'button' | 'link' | 'checkbox' | 'radio' | 'tab' | 'option' | 'any';

export interface Pick {
  /** 1-based; -1 is the last. */
  ordinal?: number;
  kind: PickKind;
}

export interface GoalReading {
  values: GoalValue[];
  /** The goal acts on an element itself: "Focus into the 3rd input textbox", "click the 2nd button". */
  pick?: Pick;
  /** "into both fields", "in all boxes": one value may fill several fields. */
  repeat: boolean;
  /** "ONE, then TWO", "first ..., after that ...": the goal names things in the order to do them. */
  ordered: boolean;
}

const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const ORDINAL = `(?:\\d{1,2}(?:st|nd|rd|th)|${ORDINAL_WORDS.join('|')}|last)`;
/** Verbs after which what follows is text to type. */
// As an imperative: at the start of the goal or of a clause ("... and type"), not "the 3rd input".
const TYPING_VERBS = /(?:^|[.,;:!?]\s*|\b(?:and|then|to|please|also)\s+)(?:enter|type|input|write|fill in|insert|put|key in|paste|search for)\b/gi;
/** Where the text to type ends: a preposition naming the field, a new clause, or the sentence's end. */
const VALUE_END = /\s+(?:into|in|inside|onto|on|as|for|to|under|within|using)\s+|,?\s+(?:and\s+)?(?:then\s+)?(?:press|click|hit|tap|submit|select|choose|go|continue|save)\b|,\s*then\b|[.;!?](?:\s|$)/i;
/** Words that name a field rather than being typed into it ("the username kanesha"). */
const FIELD_NOUNS = new Set(['username', 'user', 'login', 'name', 'password', 'passcode', 'pin', 'email', 'e-mail',
  'address', 'date', 'time', 'text', 'value', 'number', 'phone', 'code', 'city', 'zip', 'query', 'term', 'comment',
  'message', 'title', 'amount', 'quantity', 'answer', 'word', 'id', 'handle', 'nickname', 'surname']);
const FIELD_WORDS = /\b(?:field|textbox|text\s*box|input|box|textarea|entry|text area|blank)s?\b/i;
const ARTICLES = /^(?:the|a|an|your|my|this|that)\s+/i;
const KIND_WORDS: [RegExp, PickKind][] = [
  [FIELD_WORDS, 'field'], [/\bcheck\s*box(?:es)?\b/i, 'checkbox'], [/\bradio\b/i, 'radio'], [/\bbuttons?\b/i, 'button'],
  [/\blinks?\b/i, 'link'], [/\btabs?\b/i, 'tab'], [/\b(?:options?|items?|entries)\b/i, 'option'],
];

function ordinalOf(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w === 'last') return -1;
  const i = ORDINAL_WORDS.indexOf(w);
  if (i >= 0) return i + 1;
  const m = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(w);
  return m ? +m[1]! : undefined;
}

function kindOf(text: string): PickKind {
  return KIND_WORDS.find(([re]) => re.test(text))?.[1] ?? 'any';
}

/** "the 2nd text field" -> 2 and field; undefined when the phrase has no ordinal. */
function ordinalPhrase(text: string): Pick | undefined {
  const m = new RegExp(`\\b(${ORDINAL})\\s+((?:[\\w-]+\\s*){1,3})`, 'i').exec(text);
  if (!m) return undefined;
  return { ordinal: ordinalOf(m[1]!), kind: kindOf(m[2]!) };
}

interface Span { start: number; end: number }
const inside = (at: number, spans: Span[]) => spans.some((s) => at >= s.start && at < s.end);

export function readGoal(goal: string, params: Record<string, string> = {}): GoalReading {
  const values: GoalValue[] = [];
  const taken: Span[] = [];
  const add = (v: GoalValue, length: number) => {
    if (values.some((o) => o.text === v.text)) return;
    values.push(v);
    taken.push({ start: v.at, end: v.at + length });
  };

  for (const [label, text] of Object.entries(params)) {
    const at = text === '' ? -1 : goal.indexOf(text);
    if (at >= 0) add({ text, kind: 'param', label, at }, text.length);
  }
  for (const m of goal.matchAll(/\{\{secret:([A-Za-z0-9_]+)\}\}/g)) add({ text: m[0], kind: 'secret', label: m[1]!.toLowerCase(), at: m.index }, m[0].length);
  for (const m of goal.matchAll(/["“”'‘’]([^"“”'‘’]{1,80})["“”'‘’]/g)) {
    // An apostrophe inside a word ("don't") opens no quotation.
    if (m[0][0] === "'" && /\w/.test(goal[m.index - 1] ?? '')) continue;
    if (!inside(m.index, taken)) add({ text: m[1]!, kind: 'quoted', at: m.index + 1 }, m[0].length);
  }
  for (const m of goal.matchAll(DATE_PATTERN)) if (!inside(m.index, taken)) add({ text: m[0], kind: 'date', at: m.index }, m[0].length);
  for (const m of goal.matchAll(TIME_PATTERN)) if (!inside(m.index, taken)) add({ text: m[0], kind: 'time', at: m.index }, m[0].length);
  for (const m of goal.matchAll(/(?<![\w#./:-])-?\d+(?:\.\d+)?(?![\w.]*\w|[/:])/g)) {
    if (!inside(m.index, taken)) add({ text: m[0], kind: 'number', at: m.index }, m[0].length);
  }
  readTypingClauses(goal, values, taken);
  readNewText(goal, values, taken);
  values.sort((a, b) => a.at - b.at);
  return {
    values,
    pick: readPick(goal),
    repeat: /\b(?:both|all|each|every)\b[^.]*\b(?:fields?|boxes|inputs?|textbox(?:es)?)\b/i.test(goal),
    ordered: /\b(?:then|after that|afterwards|followed by|before|in (?:this|that) order)\b/i.test(goal),
  };
}

/**
 * After a typing verb: the parts of the text up to the field it goes into, split on commas
 * and "and". Each part is a value, with a field noun in front as its label ("the password
 * X"); a value found already (quoted, a date) gets the label, the field's ordinal and the
 * words after "into"/"as" ("as the date") as its label when it has none.
 */
function readTypingClauses(goal: string, values: GoalValue[], taken: Span[]): void {
  for (const verb of goal.matchAll(TYPING_VERBS)) {
    const from = verb.index + verb[0].length;
    const rest = goal.slice(from);
    const end = VALUE_END.exec(rest);
    const span = end ? rest.slice(0, end.index) : rest;
    const where = end ? rest.slice(end.index, end.index + end[0].length + 60).split(/[.;,!?]|\band\b/)[0]! : '';
    const target = /^\s+(?:into|in|inside|onto|on|as|for|to|under|within)\s+/i.test(where) ? where : '';
    const ordinal = target ? ordinalPhrase(target)?.ordinal : undefined;
    const targetLabel = target ? fieldLabelIn(target) : undefined;
    let offset = from;
    for (const part of span.split(/(,\s*|\s+and\s+|\s*&\s*)/)) {
      const at = offset;
      offset += part.length;
      if (/^(,\s*|\s+and\s+|\s*&\s*)$/.test(part) || !part.trim()) continue;
      const lead = part.trim().replace(ARTICLES, '');
      const words = lead.split(/\s+/);
      // "the username kanesha", "the shipping address 12 Main St": the words up to a field noun name the field.
      const cut = words.slice(0, 3).findIndex((w, i) => i < words.length - 1 && FIELD_NOUNS.has(w.toLowerCase()));
      const noun = cut >= 0 ? words.slice(0, cut + 1).join(' ').toLowerCase() : undefined;
      const text = cut >= 0 ? words.slice(cut + 1).join(' ') : lead;
      const start = at + part.indexOf(text);
      const found = values.filter((v) => v.at >= at && v.at < at + part.length);
      for (const v of found) {
        v.label ??= noun ?? targetLabel;
        v.ordinal ??= ordinal;
        v.typed = true;
      }
      // A value found already (quoted, a date) that is the whole part is the value; else the part is.
      if (found.some((v) => v.at <= start + 1 && v.at + v.text.length >= start + text.length - 1)) continue; // quotes or a full stop around it
      // "it", and "the value of Color" (a reference to look up, not a value) are not typed as they are.
      if (/^(?:it|them|this|that|nothing|text|something)$|^(?:of|from|for|in|at|on)\s/i.test(text)) continue;
      if (text && !inside(start, taken) && !values.some((v) => v.text === text)) {
        values.push({ text, kind: 'words', label: noun ?? targetLabel, ordinal, at: start, typed: true });
        taken.push({ start, end: start + text.length });
      }
    }
  }
}

/** "Rename X to Y", "change the title to Y": Y is the text to type, when nothing else gave it. */
function readNewText(goal: string, values: GoalValue[], taken: Span[]): void {
  const m = /\b(?:rename|retitle|change|update|edit|correct)\b.*?\s(?:to|into|as)\s+(.+?)\s*(?:[.;!?](?:\s|$)|$)/i.exec(goal);
  if (!m) return;
  const text = m[1]!.replace(/^["“'‘]|["”'’]$/g, '');
  const start = m.index + m[0].lastIndexOf(m[1]!);
  if (!text || inside(start, taken) || values.some((v) => v.text === text || (v.at >= start && v.at < start + m[1]!.length))) return;
  values.push({ text, kind: 'words', at: start, typed: true });
  taken.push({ start, end: start + text.length });
}

/** "as the date", "into the username field": the words naming the field, when some do. */
function fieldLabelIn(target: string): string | undefined {
  const words = target.replace(/^\s+\w+\s+/, '').replace(ARTICLES, '').replace(FIELD_WORDS, ' ')
    .replace(new RegExp(`\\b${ORDINAL}\\b`, 'gi'), ' ').replace(/\b(?:both|all|each|every|the|text)\b/gi, ' ').trim();
  return words && words.split(/\s+/).length <= 3 ? words.toLowerCase() : undefined;
}

/** "Focus into the 3rd input textbox", "Click the last link": the target is picked by place or is a field itself. */
function readPick(goal: string): Pick | undefined {
  let focus = false;
  for (const m of goal.matchAll(/\b(focus|click|tap|press|select|choose|check)\b(?:\s+(?:on|in|into|inside))?\s+(?:the\s+)?([^,.;]*)/gi)) {
    const phrase = ordinalPhrase(m[2]!);
    if (phrase) return phrase;
    focus ||= m[1]!.toLowerCase() === 'focus';
  }
  return focus ? { kind: 'field' } : undefined;
}
