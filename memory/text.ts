// Token-level text helpers shared by slot abstraction and recall: tokenising goals,
// aligning a goal with a template, finding a value as a whole token sequence.
import { WILDCARD } from '../contract/index.js';

/** A placeholder, a word (inner punctuation kept: emails, phones, 3.5), or one other character. */
const TOKEN = /\{\{[^}]+\}\}|[\p{L}\p{N}](?:[\p{L}\p{N}@._+'-]*[\p{L}\p{N}])?|[^\s]/gu;
const PLACEHOLDER = /^\{\{\s*([a-z_][a-z0-9_]*(?::[A-Za-z0-9_]+)?)\s*\}\}$/i;

export interface Token { text: string; start: number; end: number }

export function tokenize(s: string): Token[] {
  return [...s.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

export function placeholderName(token: string): string | undefined {
  return PLACEHOLDER.exec(token)?.[1];
}

const fold = (s: string) => s.toLowerCase();

/**
 * Matches a goal against a template: literal tokens must agree (case-insensitively),
 * each `{{slot}}` takes one or more tokens. Returns slot -> value (the goal's own text), or
 * undefined when the goal does not have the template's shape.
 */
export function matchTemplate(template: string, goal: string): Record<string, string> | undefined {
  const spans = matchTemplateSpans(template, goal);
  return spans && Object.fromEntries(Object.entries(spans).map(([k, v]) => [k, v.value]));
}

export interface Span { value: string; start: number; end: number }

/** As matchTemplate, with where in the goal each value stands. */
export function matchTemplateSpans(template: string, goal: string): Record<string, Span> | undefined {
  const t = tokenize(template);
  const g = tokenize(goal);
  const failed = new Set<string>();
  const walk = (i: number, j: number, acc: Record<string, Span>): Record<string, Span> | undefined => {
    if (i === t.length) return j === g.length ? acc : undefined;
    const key = `${i}:${j}`;
    if (failed.has(key)) return undefined;
    const name = placeholderName(t[i]!.text);
    let found: Record<string, Span> | undefined;
    if (name === undefined) {
      if (j < g.length && fold(t[i]!.text) === fold(g[j]!.text)) found = walk(i + 1, j + 1, acc);
    } else {
      for (let end = j + 1; end <= g.length && !found; end++) {
        const span = { value: goal.slice(g[j]!.start, g[end - 1]!.end), start: g[j]!.start, end: g[end - 1]!.end };
        if (acc[name] !== undefined && acc[name]!.value !== span.value) continue;
        found = walk(i + 1, end, { ...acc, [name]: span });
      }
    }
    if (!found) failed.add(key);
    return found;
  };
  return walk(0, 0, {});
}

/**
 * Spans where two goals differ (by a token diff), as [span in a, span in b] text pairs, both
 * non-empty. With `insertions`, a run of tokens only one side has also counts: both spans widen
 * to the shared token before it (or after it, at the start), so "a" vs "a, b" gives "a" / "a, b".
 */
export function differingSpans(a: string, b: string, opts: { insertions?: boolean } = {}): { a: string; b: string; aStart: number; aEnd: number }[] {
  const ta = tokenize(a);
  const tb = tokenize(b);
  const n = ta.length;
  const m = tb.length;
  const L = lcsTable(ta, tb);
  const out: { a: string; b: string; aStart: number; aEnd: number }[] = [];
  let i = 0;
  let j = 0;
  let runA: number | undefined;
  let runB: number | undefined;
  const close = (ei: number, ej: number) => {
    if (opts.insertions && runA !== undefined && runB !== undefined && (ei === runA) !== (ej === runB)) {
      // Only one side has tokens here: take the neighbouring shared token into the span on both sides.
      if (runA > 0 && runB > 0) { runA--; runB--; } else if (ei < n && ej < m) { ei++; ej++; }
    }
    if (runA !== undefined && runB !== undefined && ei > runA && ej > runB) {
      out.push({
        a: a.slice(ta[runA]!.start, ta[ei - 1]!.end), b: b.slice(tb[runB]!.start, tb[ej - 1]!.end),
        aStart: ta[runA]!.start, aEnd: ta[ei - 1]!.end,
      });
    }
    runA = undefined;
    runB = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && fold(ta[i]!.text) === fold(tb[j]!.text)) {
      close(i, j);
      i++;
      j++;
      continue;
    }
    runA ??= i;
    runB ??= j;
    if (j >= m || (i < n && L[i + 1]![j]! >= L[i]![j + 1]!)) i++;
    else j++;
  }
  close(i, j);
  return out;
}

/** `value` occurs in `text` as whole tokens (not inside a longer word or number). */
export function containsWhole(text: string, value: string): boolean {
  return wholeRegex(value).test(text);
}

export function replaceWhole(text: string, value: string, by: string): string {
  return text.replace(new RegExp(wholeRegex(value).source, 'gu'), by);
}

function wholeRegex(value: string): RegExp {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u');
}

/** The wildcard of a name pattern: a part that varied between instances and that no slot gives (ground() matches it). */
export { WILDCARD };

/**
 * The parts several strings share, in order, with `{{*}}` where they differ (tokens compared
 * case-insensitively; the first string's text is kept): "Section #3", "Section #5" give
 * "Section #{{*}}".
 */
export function skeleton(strings: string[]): string {
  const [first, ...rest] = strings;
  if (first === undefined) return '';
  const ta = fineTokens(first);
  const kept = new Array<boolean>(ta.length).fill(true);
  const gapWild = new Array<boolean>(ta.length + 1).fill(false);
  for (const other of rest) {
    const { keep, inserted } = alignTokens(ta, fineTokens(other));
    keep.forEach((k, i) => { if (!k) kept[i] = false; });
    inserted.forEach((w, i) => { if (w) gapWild[i] = true; });
  }
  let out = '';
  let at = 0;
  let wild = false;
  const wildcard = () => { if (!wild) out += WILDCARD; wild = true; };
  ta.forEach((tok, i) => {
    if (gapWild[i]) wildcard();
    if (kept[i]) {
      out += wild ? first.slice(tok.start, tok.end) : first.slice(at, tok.end);
      wild = false;
    } else {
      if (!wild) out += first.slice(at, tok.start);
      wildcard();
    }
    at = tok.end;
  });
  if (gapWild[ta.length]) wildcard();
  // Punctuation that only sits between or beside varying parts ("{{*}}. {{*}}.{{*}}..") is no
  // evidence: previews of other lengths punctuate otherwise.
  return out.replace(LOOSE_BETWEEN, WILDCARD).replace(LOOSE_AFTER, WILDCARD);
}

const LOOSE_BETWEEN = /\{\{\*\}\}(?:[^\p{L}\p{N}{}]*\{\{\*\}\})+/gu;
const LOOSE_AFTER = /\{\{\*\}\}[^\p{L}\p{N}{}\s]+$/u;

/** Placeholders, runs of letters, runs of digits, single other characters: "ui-id-5" is five tokens. */
function fineTokens(s: string): Token[] {
  return [...s.matchAll(/\{\{[^}]+\}\}|\p{L}+|\p{N}+|\S/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** Which of a's tokens an LCS with b keeps, and before which of a's tokens b has tokens of its own. */
function alignTokens(ta: Token[], tb: Token[]): { keep: boolean[]; inserted: boolean[] } {
  const n = ta.length;
  const m = tb.length;
  const L = lcsTable(ta, tb);
  const keep = new Array<boolean>(n).fill(false);
  const inserted = new Array<boolean>(n + 1).fill(false);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && fold(ta[i]!.text) === fold(tb[j]!.text)) { keep[i] = true; i++; j++; }
    else if (j >= m || (i < n && L[i + 1]![j]! >= L[i]![j + 1]!)) i++;
    else { inserted[i] = true; j++; }
  }
  return { keep, inserted };
}

/** L[i][j]: the longest common subsequence of a[i..] and b[j..], over folded tokens (goals and names are short). */
function lcsTable(ta: Token[], tb: Token[]): number[][] {
  const L = Array.from({ length: ta.length + 1 }, () => new Array<number>(tb.length + 1).fill(0));
  for (let i = ta.length - 1; i >= 0; i--) {
    for (let j = tb.length - 1; j >= 0; j--) {
      L[i]![j] = fold(ta[i]!.text) === fold(tb[j]!.text) ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
    }
  }
  return L;
}
