// An element of an observation -> an XPath that finds the same node on the live screen.
// UiAutomator2 has no handle that survives between page-source dumps, so the node is found
// again by what the dump said of it: its bounds (exact, and rarely shared), its class (the
// parser keeps the short name; a wrapper with the same bounds has another class) and its
// resource-id when it has one.
import type { UIElement } from '../../contract/index.js';

export function xpathOf(el: UIElement): string {
  const tests: string[] = [];
  const { x, y, w, h } = el.bbox;
  if (w > 0 && h > 0) tests.push(`@bounds=${literal(`[${x},${y}][${x + w},${y + h}]`)}`);
  const id = el.attrs['resource-id'];
  if (id) tests.push(`@resource-id=${literal(id)}`);
  const cls = el.attrs.class;
  if (cls) tests.push(endsWith('@class', cls));
  return `//*[${tests.length ? tests.join(' and ') : 'false()'}]`;
}

/** XPath 1.0 has no ends-with(); the short class `EditText` must end `android.widget.EditText`. */
function endsWith(attr: string, suffix: string): string {
  return `substring(${attr}, string-length(${attr}) - ${suffix.length - 1}) = ${literal(suffix)}`;
}

/** A string literal in XPath 1.0, which has no escapes: concat() around whichever quote is inside. */
export function literal(s: string): string {
  if (!s.includes('"')) return `"${s}"`;
  if (!s.includes("'")) return `'${s}'`;
  return `concat(${s.split('"').map((part) => `"${part}"`).join(`, '"', `)})`;
}
