// Runs INSIDE the recorded page (an init script; see recorderScript): it listens to what the
// person does, in the capture phase so it hears each event before the page acts on it, and
// describes the target with cairn's own in-page scan (drivers/web/inpage-observe.ts): the
// same role, name, attributes and box an observation gives. Each action goes to Node through
// the binding `__cairnRecord`, described as the screen was at that moment.
//
// Recorded: clicks (a click into a text field only focuses it; a label's click is the click of
// its control), double clicks, what is typed into a field (once it is complete: on change,
// Enter, or the next action elsewhere), options chosen in a <select>, Enter and Escape.
// Not recorded: hovering, dragging, scrolling, the browser's own back button and address bar.
import { scanFrame } from '../drivers/web/inpage-observe.js';

export interface RecordedTarget { id: number; role: string; name: string; attrs: Record<string, string>; bbox: { x: number; y: number; w: number; h: number } }

/** What the page sends for one action. `text` is typed text, `option` a chosen option's label. */
export interface PageEvent {
  kind: 'click' | 'double_click' | 'type' | 'select' | 'key';
  target?: RecordedTarget;
  text?: string;
  option?: string;
  key?: string;
  /** The field's type attribute (a password's value is checked against the task's secrets). */
  field_type?: string;
  location: string;
  title: string;
  heading?: string;
}

declare global {
  interface Window { __cairnRecord?: (e: PageEvent) => void; __cairnRecording?: boolean }
}

/** The init script: the recorder with cairn's scan handed in as its argument. */
export function recorderScript(): string {
  return `(${installRecorder.toString()})(${scanFrame.toString()});`;
}

function installRecorder(scan: (token: string) => string): void {
  if (window.top !== window || window.__cairnRecording) return;
  window.__cairnRecording = true;
  const TOKEN = 'cairn-record';
  const TEXT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week', '']);
  const typed = new Map<Element, string>();
  const sent = new WeakMap<Element, string>();

  const isField = (el: Element | null): el is HTMLInputElement | HTMLTextAreaElement =>
    !!el && (el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TEXT_TYPES.has(el.type)) || (el as HTMLElement).isContentEditable === true);
  const valueOf = (el: Element) => ((el as HTMLElement).isContentEditable ? (el as HTMLElement).innerText : (el as HTMLInputElement).value);
  /** The event's own element, through open shadow roots. */
  const origin = (e: Event) => (e.composedPath()[0] as Element | undefined) ?? (e.target as Element);

  function send(kind: PageEvent['kind'], el: Element | undefined, extra: Partial<PageEvent> = {}): void {
    const seen = JSON.parse(scan(TOKEN)) as { items: { kind: string; ref?: number; role?: string; name?: string; attrs?: Record<string, string>; bbox?: RecordedTarget['bbox'] }[] };
    const els = window.__cairn?.get(TOKEN)?.els ?? [];
    window.__cairn?.delete(TOKEN);
    const reported = seen.items.filter((i) => i.kind === 'el');
    let target: RecordedTarget | undefined;
    // The nearest element the scan reports, from the event's own element outwards.
    for (let node: Node | null = el ?? null; node && !target; node = node.parentNode ?? (node as ShadowRoot).host ?? null) {
      const ref = els.indexOf(node as Element);
      const i = ref < 0 ? -1 : reported.findIndex((r) => r.ref === ref);
      if (i >= 0) {
        const r = reported[i]!;
        target = { id: i, role: r.role!, name: r.name!, attrs: r.attrs!, bbox: r.bbox! };
      }
    }
    const heading = reported.find((r) => r.role === 'heading')?.name;
    window.__cairnRecord?.({ kind, ...(target ? { target } : {}), ...extra, location: location.href, title: document.title, ...(heading ? { heading } : {}) });
  }

  /** What was typed and not yet sent, as `type` actions, in the order the fields were typed in. */
  function flush(only?: Element): void {
    for (const [el, text] of [...typed]) {
      if (only && el !== only) continue;
      typed.delete(el);
      if (sent.get(el) === text) continue;
      sent.set(el, text);
      send('type', el, { text, field_type: (el as HTMLInputElement).type ?? 'text' });
    }
  }

  const on = (type: string, listener: (e: Event) => void) => window.addEventListener(type, (e) => { if (e.isTrusted) listener(e); }, true);
  on('input', (e) => {
    const el = origin(e);
    if (isField(el)) typed.set(el, valueOf(el));
  });
  on('change', (e) => {
    const el = origin(e);
    if (isField(el)) {
      typed.set(el, valueOf(el));
      flush(el);
    } else if (el instanceof HTMLSelectElement) {
      flush();
      send('select', el, { option: el.selectedOptions[0]?.label ?? el.value });
    }
  });
  on('click', (e) => {
    const el = origin(e);
    if (isField(el) || el instanceof HTMLSelectElement || el instanceof HTMLOptionElement) return;
    if (el instanceof HTMLLabelElement && el.control) return; // its control gets a click of its own
    flush();
    send('click', el);
  });
  on('dblclick', (e) => {
    flush();
    send('double_click', origin(e));
  });
  on('keydown', (e) => {
    const k = (e as KeyboardEvent).key;
    const el = origin(e);
    if (k === 'Enter' && !(el instanceof HTMLTextAreaElement)) {
      if (isField(el)) typed.set(el, valueOf(el));
      flush();
      send('key', el, { key: 'Enter' });
    } else if (k === 'Escape') {
      flush();
      send('key', el, { key: 'Escape' });
    }
  });
}
