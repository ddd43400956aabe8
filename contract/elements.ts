// How an element list is shown and described, the same for every driver and for all that shows
// a screen (prompts, critics, the CLI): the screen digest, the compact one-line rendering a
// model sees, target descriptors.
import { createHash } from 'node:crypto';
import type { Observation, TargetDescriptor, UIElement } from './driver.js';

/** Equal screens give equal digests: role, name, value and the states that matter, not pixels. */
export function digestOf(location: string, elements: UIElement[]): string {
  const h = createHash('sha256').update(location);
  for (const e of elements) {
    const s = e.state;
    h.update(`\n${e.role}\t${e.name}\t${e.value ?? ''}\t${+s.enabled}${+s.visible}${s.checked ? 'c' : ''}${s.selected ? 's' : ''}`);
  }
  return h.digest('hex').slice(0, 16);
}

const SHOWN_ATTRS = ['href', 'placeholder', 'hint', 'type', 'resource-id', 'options', 'row', 'shows_on'] as const;

/** `[4] textbox "Name" value="Bob" focused` — one line per element, as a model sees it. */
export function formatElement(e: UIElement): string {
  const parts = [`[${e.id}]`, e.role, JSON.stringify(e.name)];
  if (e.value !== undefined && e.value !== '') parts.push(`value=${JSON.stringify(e.value)}`);
  const s = e.state;
  if (!s.enabled) parts.push('disabled');
  if (!s.visible) parts.push('offscreen');
  if (s.checked) parts.push('checked');
  if (s.selected) parts.push('selected');
  if (s.focused) parts.push('focused');
  if (s.password) parts.push('password');
  for (const k of SHOWN_ATTRS) {
    const v = e.attrs[k];
    if (!v) continue;
    parts.push(k === 'options' ? `options=${JSON.stringify(v.split('\n'))}` : k === 'row' ? `row=${JSON.stringify(v)}` : `${k}=${v}`);
  }
  return parts.join(' ');
}

export function formatElements(elements: UIElement[]): string {
  return elements.map(formatElement).join('\n');
}

export function describeTarget(e: UIElement): TargetDescriptor {
  return { role: e.role, name: e.name, attrs: { ...e.attrs }, bbox: { ...e.bbox } };
}

/** One line about a screen: its title (or location) and first heading. */
export function summarizeScreen(obs: Pick<Observation, 'title' | 'location' | 'elements'>): string {
  const heading = obs.elements.find((e) => e.role === 'heading')?.name;
  const where = obs.title || obs.location;
  return heading && heading !== where ? `${where} — ${heading}` : where;
}
