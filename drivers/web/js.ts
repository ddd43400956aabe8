// JavaScript from suites (setup steps, checks, goal_from), evaluated in the top page.
// A source is either an expression (`document.title`, `await fetch('/api').then(r => r.ok)`)
// or a function body with `return` (`localStorage.clear(); return location.href`). Both run
// inside an async function, so `await` works in either. The choice is made by parsing in
// Node (never running the code there): if it parses as an expression, it is one.
import type { Page } from 'playwright-core';
import type { CheckResult } from '../types.js';

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

/** A value as JSON cut to `max` characters, for check evidence. */
export function showValue(value: unknown, max = 300): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** A value as plain text, for goals read from the page: strings as they are, nothing as ''. */
export function valueAsText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

/** A JS check holds when its value is truthy; the value is the evidence. */
export function jsResult(value: unknown): CheckResult {
  return { ok: !!value, evidence: showValue(value) };
}
