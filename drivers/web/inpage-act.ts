// Run INSIDE a page frame (serialised by evaluate): each function is self-contained.
// Small probes and moves that Playwright has no single call for.

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * Readies a field for typed text in one round trip: its input type (or tag), and why it
 * cannot take text ('' when it can). When it can, it gets the focus with its text selected
 * (`replace`: what is typed next replaces it, as Playwright's fill does) or the caret after
 * it (where a user's typing appends).
 */
export function prepareTyping(el: Element, replace: boolean): { kind: string; why: string } {
  const TYPEABLE = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number',
    'date', 'time', 'datetime-local', 'month', 'week', '']);
  const h = el as HTMLInputElement;
  const field = el.tagName === 'INPUT' || el.tagName === 'TEXTAREA';
  const kind = el.tagName === 'INPUT' ? h.type : el.tagName;
  let why = '';
  if (el.tagName === 'INPUT' && !TYPEABLE.has(h.type)) why = `it is an input of type ${h.type}`;
  else if (!field && !(el as HTMLElement).isContentEditable) why = 'it is not a text field';
  else if (el.matches(':disabled')) why = 'it is disabled';
  else if (field && h.readOnly) why = 'it is read-only';
  if (why || kind === 'IFRAME' || kind === 'FRAME') return { kind, why };
  (el as HTMLElement).focus();
  if (field && replace) h.select();
  else if (field) {
    try {
      h.setSelectionRange(h.value.length, h.value.length);
    } catch {
      // number/email inputs have no selection API; Chromium's caret is already at the end
    }
  } else {
    const range = document.createRange();
    range.selectNodeContents(el);
    if (!replace) range.collapse(false);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
  }
  return { kind, why };
}

/** The element that has focus, through shadow roots and same-origin iframes; null when none. */
export function deepFocus(): Element | null {
  let a: Element | null = document.activeElement;
  for (;;) {
    if (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    else if (a && (a.tagName === 'IFRAME' || a.tagName === 'FRAME')) {
      let inner: Document | null = null;
      try { inner = (a as HTMLIFrameElement).contentDocument; } catch { inner = null; }
      if (!inner || !inner.activeElement || inner.activeElement === inner.body) return a;
      a = inner.activeElement;
    } else break;
  }
  return !a || a === document.body || a === document.documentElement ? null : a;
}

export interface SelectProbe {
  isSelect: boolean;
  options: { label: string; value: string; selected: boolean }[];
  /** A list that holds several choices at once (`<select multiple>`). */
  multiple: boolean;
}

export function selectOptions(el: Element): SelectProbe {
  if (el.tagName !== 'SELECT') return { isSelect: false, options: [], multiple: false };
  const select = el as HTMLSelectElement;
  const options = Array.from(select.options)
    .map((o) => ({ label: o.label.replace(/\s+/g, ' ').trim(), value: o.value, selected: o.selected }));
  return { isSelect: true, options, multiple: select.multiple };
}

export interface ScrollRequest {
  direction: Direction;
  /** Where to start looking for a scroller: an element, a viewport point, or neither. */
  el?: Element | null;
  point?: { x: number; y: number };
}

/**
 * Scrolls ~80% of a page/box so the content moves to reveal what lies in `direction`
 * (`down` shows what is below). From the start element (the one at `point`, or at the
 * viewport centre when none is given) up through shadow hosts and same-origin iframes,
 * the first scroller that still has room that way moves; with no target the top document
 * is tried first. Returns whether anything moved.
 */
export function scrollToward(req: ScrollRequest): boolean {
  const vertical = req.direction === 'up' || req.direction === 'down';
  const sign = req.direction === 'down' || req.direction === 'right' ? 1 : -1;
  const isDocScroller = (s: Element) => s === (s.ownerDocument.scrollingElement ?? s.ownerDocument.documentElement);

  const canScroll = (s: Element): boolean => {
    if (!isDocScroller(s)) {
      const style = getComputedStyle(s);
      const o = vertical ? style.overflowY : style.overflowX;
      if (o !== 'auto' && o !== 'scroll' && o !== 'overlay') return false;
    }
    const pos = vertical ? s.scrollTop : s.scrollLeft;
    const max = vertical ? s.scrollHeight - s.clientHeight : s.scrollWidth - s.clientWidth;
    return sign > 0 ? pos < max - 1 : pos > 0;
  };

  const ancestors = (start: Element | null): Element[] => {
    const out: Element[] = [];
    let n: Element | null = start;
    while (n) {
      out.push(n);
      const root = n.getRootNode();
      n = n.parentElement
        ?? (root.nodeType === Node.DOCUMENT_FRAGMENT_NODE ? (root as ShadowRoot).host : null)
        ?? (n.ownerDocument.defaultView?.frameElement ?? null);
    }
    return out;
  };

  /** The element at a viewport point, descending into same-origin iframes. */
  const elementAt = (px: number, py: number): Element | null => {
    let doc: Document = document;
    let x = px;
    let y = py;
    for (;;) {
      const el = doc.elementFromPoint(x, y);
      if (!el || (el.tagName !== 'IFRAME' && el.tagName !== 'FRAME')) return el;
      let inner: Document | null = null;
      try { inner = (el as HTMLIFrameElement).contentDocument; } catch { inner = null; }
      if (!inner) return el;
      const r = el.getBoundingClientRect();
      x -= r.left + el.clientLeft;
      y -= r.top + el.clientTop;
      doc = inner;
    }
  };

  const top = document.scrollingElement ?? document.documentElement;
  const chain = req.el
    ? ancestors(req.el)
    : req.point
      ? ancestors(elementAt(req.point.x, req.point.y))
      : [top, ...ancestors(elementAt(window.innerWidth / 2, window.innerHeight / 2))];
  const scroller = chain.find(canScroll);
  if (!scroller) return false;
  const view = scroller.ownerDocument.defaultView ?? window;
  const size = isDocScroller(scroller)
    ? (vertical ? view.innerHeight : view.innerWidth)
    : (vertical ? scroller.clientHeight : scroller.clientWidth);
  const by = Math.round(size * 0.8) * sign;
  scroller.scrollBy({ top: vertical ? by : 0, left: vertical ? 0 : by, behavior: 'instant' });
  return true;
}

/**
 * Whether `el` is disabled, and where a trusted click on it lands: its centre, else another
 * point of its box, where `el` (or what it holds) is topmost, when its box held still for a
 * frame; no point when Playwright's actionability checks should decide.
 */
export async function clickProbe(el: Element): Promise<{ disabled: boolean; hidden?: boolean; point?: { x: number; y: number } }> {
  if (el.matches(':disabled') || el.closest('[aria-disabled="true"]')) return { disabled: true };
  const shown = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (shown.width < 1 || shown.height < 1 || style.visibility === 'hidden') return { disabled: false, hidden: true };
  const before = el.getBoundingClientRect();
  await new Promise<void>((resolve) => {
    requestAnimationFrame(() => resolve());
    setTimeout(resolve, 50); // a page in the background renders no frames
  });
  const box = el.getBoundingClientRect();
  const moved = box.x !== before.x || box.y !== before.y || box.width !== before.width || box.height !== before.height;
  if (moved || box.width < 1 || box.height < 1) return { disabled: false };
  const topmostAt = (x: number, y: number): boolean => {
    if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) return false;
    let hit = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return !!hit && (hit === el || el.contains(hit));
  };
  // The centre, else the first point of a grid inside the box where it shows (another element may cover its centre).
  const fractions = [0.5, 0.2, 0.8, 0.35, 0.65, 0.08, 0.92];
  for (const fy of fractions) {
    for (const fx of fractions) {
      const x = box.left + box.width * fx;
      const y = box.top + box.height * fy;
      if (topmostAt(x, y)) return { disabled: false, point: { x, y } };
    }
  }
  return { disabled: false };
}

export function isDisabled(el: Element): boolean {
  return el.matches(':disabled') || !!el.closest('[aria-disabled="true"]');
}

/** The nearest ancestor that is drawn (through shadow roots): what to hover to show an element CSS hides until then. */
export function hoverHost(el: Element): Element | null {
  for (let n: Element | null = el; n; ) {
    const root = n.getRootNode();
    n = n.parentElement ?? (root.nodeType === Node.DOCUMENT_FRAGMENT_NODE ? (root as ShadowRoot).host : null);
    if (!n) return null;
    const r = n.getBoundingClientRect();
    if (r.width >= 1 && r.height >= 1) return n;
  }
  return null;
}
