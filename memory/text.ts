// Token-level text helpers shared by slot abstraction and recall: tokenising goals,
// aligning a goal with a template, finding a value as a whole token sequence.

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
  const t = tokenize(template);
  const g = tokenize(goal);
  const failed = new Set<string>();
  const walk = (i: number, j: number, acc: Record<string, string>): Record<string, string> | undefined => {
    if (i === t.length) return j === g.length ? acc : undefined;
    const key = `${i}:${j}`;
    if (failed.has(key)) return undefined;
    const name = placeholderName(t[i]!.text);
    let found: Record<string, string> | undefined;
    if (name === undefined) {
      if (j < g.length && fold(t[i]!.text) === fold(g[j]!.text)) found = walk(i + 1, j + 1, acc);
    } else {
      for (let end = j + 1; end <= g.length && !found; end++) {
        const value = goal.slice(g[j]!.start, g[end - 1]!.end);
        if (acc[name] !== undefined && acc[name] !== value) continue;
        found = walk(i + 1, end, { ...acc, [name]: value });
      }
    }
    if (!found) failed.add(key);
    return found;
  };
  return walk(0, 0, {});
}

/** Spans where two goals differ (by a token diff), as [span in a, span in b] text pairs, both non-empty. */
export function differingSpans(a: string, b: string): { a: string; b: string; aStart: number; aEnd: number }[] {
  const ta = tokenize(a);
  const tb = tokenize(b);
  const n = ta.length;
  const m = tb.length;
  // LCS table over folded tokens; goals are short.
  const L = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      L[i]![j] = fold(ta[i]!.text) === fold(tb[j]!.text) ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
    }
  }
  const out: { a: string; b: string; aStart: number; aEnd: number }[] = [];
  let i = 0;
  let j = 0;
  let runA: number | undefined;
  let runB: number | undefined;
  const close = (ei: number, ej: number) => {
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
