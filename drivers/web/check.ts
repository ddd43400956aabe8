// The web side of the verifiers: url, element present/absent, and JS checks.
// Each result carries the evidence seen, so a failed check explains itself.
import { formatElement } from '../elements.js';
import type { CheckResult, Observation, PlatformCheck, UIElement } from '../types.js';
import { showValue } from './js.js';

type UrlCheck = Extract<PlatformCheck, { kind: 'url' }>;
type ElementCheck = Extract<PlatformCheck, { kind: 'element' }>;

export function checkUrl(check: UrlCheck, url: string): CheckResult {
  const failed: string[] = [];
  if (check.equals === undefined && check.matches === undefined && check.contains === undefined) {
    return { ok: false, evidence: 'url check has none of equals, matches, contains' };
  }
  if (check.equals !== undefined && url !== check.equals) failed.push(`does not equal ${check.equals}`);
  if (check.contains !== undefined && !url.includes(check.contains)) failed.push(`does not contain ${check.contains}`);
  if (check.matches !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(check.matches);
    } catch (e) {
      return { ok: false, evidence: `url check: matches is not a valid regular expression: ${(e as Error).message}` };
    }
    if (!re.test(url)) failed.push(`does not match /${check.matches}/`);
  }
  return { ok: failed.length === 0, evidence: failed.length ? `url ${url} ${failed.join(', ')}` : `url ${url}` };
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

export function jsResult(value: unknown): CheckResult {
  return { ok: !!value, evidence: showValue(value) };
}
