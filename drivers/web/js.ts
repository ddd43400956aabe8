// JavaScript from suites (setup steps, checks, goal_from), evaluated in the top page.
// A source is either an expression (`document.title`, `await fetch('/api').then(r => r.ok)`)
// or a function body with `return` (`localStorage.clear(); return location.href`). Both run
// inside an async function, so `await` works in either. The choice is made by parsing in
// Node (never running the code there): if it parses as an expression, it is one.
import type { Page } from 'playwright-core';
import type { CheckResult } from '../../contract/index.js';
import { cut, showValue } from '../../common/cut.js';

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (body: string) => unknown;

export function wrapSource(source: string): string {
  const asExpression = `return (${source}\n);`;
  let body = source;
  try {
    new AsyncFunction(asExpression);
    body = asExpression;
  } catch {
    // not an expression: keep it as a function body (a syntax error there surfaces in the page)
  }
  return `(async () => {\n${body}\n})()`;
}

export function evaluateJs(page: Page, source: string): Promise<unknown> {
  return page.evaluate(wrapSource(source));
}

/** Source text on one line, cut to `max` characters, to name a check in its evidence. */
export function shortSource(source: string, max = 120): string {
  return cut(source.replace(/\s+/g, ' ').trim(), max);
}

/** A JS check holds when its value is truthy; a failed one says which expression gave what. */
export function jsResult(expression: string, value: unknown): CheckResult {
  return value
    ? { ok: true, evidence: showValue(value) }
    : { ok: false, evidence: `js \`${shortSource(expression)}\` returned ${showValue(value)}` };
}
