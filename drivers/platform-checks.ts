// Verifiers every driver shares: over a text (url, location, command output) and over the
// element list. Each result carries the evidence seen, so a failed check explains itself.
import { cut } from '../common/cut.js';
import { formatElement, type CheckResult, type Observation, type PlatformCheck, type UIElement } from '../contract/index.js';

type TextCheck = { equals?: string; matches?: string; contains?: string };
type ElementCheck = Extract<PlatformCheck, { kind: 'element' }>;

export function checkUrl(check: TextCheck, url: string): CheckResult {
  return checkText('url', check, url);
}

/** equals / contains / matches (a regex) over a text: a url, a location, a shell command's output. */
export function checkText(what: string, check: TextCheck, text: string): CheckResult {
  const failed: string[] = [];
  if (check.equals === undefined && check.matches === undefined && check.contains === undefined) {
    return { ok: false, evidence: `${what} check has none of equals, matches, contains` };
  }
  const shown = cut(text, 200);
  if (check.equals !== undefined && text.trim() !== check.equals.trim()) failed.push(`does not equal ${check.equals}`);
  if (check.contains !== undefined && !text.includes(check.contains)) failed.push(`does not contain ${check.contains}`);
  if (check.matches !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(check.matches);
    } catch (e) {
      return { ok: false, evidence: `${what} check: matches is not a valid regular expression: ${(e as Error).message}` };
    }
    if (!re.test(text)) failed.push(`does not match /${check.matches}/`);
  }
  return { ok: failed.length === 0, evidence: failed.length ? `${what} ${shown} ${failed.join(', ')}` : `${what} ${shown}` };
}

export function checkElement(check: ElementCheck, obs: Observation): CheckResult {
  const wanted = describeWanted(check);
  const found = obs.elements.find((e) => matches(e, check));
  if (check.present) {
    return found
      ? { ok: true, evidence: `found ${formatElement(found)}` }
      : { ok: false, evidence: `no element with ${wanted} among ${obs.elements.length} on ${obs.location}` };
  }
  return found
    ? { ok: false, evidence: `expected none with ${wanted}, found ${formatElement(found)}` }
    : { ok: true, evidence: `no element with ${wanted}` };
}

/** role: equal ignoring case; name: equal ignoring case and spacing; text: substring of name or value. */
function matches(e: UIElement, check: ElementCheck): boolean {
  const loose = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  if (check.role !== undefined && e.role.toLowerCase() !== check.role.toLowerCase()) return false;
  if (check.name !== undefined && loose(e.name) !== loose(check.name)) return false;
  if (check.text !== undefined) {
    const text = check.text.toLowerCase();
    if (!e.name.toLowerCase().includes(text) && !(e.value ?? '').toLowerCase().includes(text)) return false;
  }
  return true;
}

function describeWanted(check: ElementCheck): string {
  const parts = (['role', 'name', 'text'] as const)
    .filter((k) => check[k] !== undefined)
    .map((k) => `${k}=${JSON.stringify(check[k])}`);
  return parts.length ? parts.join(' ') : 'any role, name or text';
}

