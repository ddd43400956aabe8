// Runs INSIDE a page frame (serialised by page.evaluate): it must stay self-contained,
// referencing nothing outside its own body. It walks one frame's DOM, open shadow roots
// included, and returns the elements that matter, in document order. Each element it
// reports is kept in window.__cairn under the observation's token so an action can find
// the very same DOM node later without marking the page.
//
// Reported: form controls, buttons, links, headings, images with alt text, elements with an
// ARIA role (container roles only when labelled), click targets (onclick, tabindex >= 0, the
// top of a cursor:pointer region), scrollable boxes, and text blocks (an element with its own
// text; its inline children's text joins its name). A control's text is its name, not more
// elements. Skipped: display:none, visibility:hidden, zero-size, labels that name a control.
// Password values are never read.
//
// As a person sees them:
// - a control CSS shows only while its row is hovered (`li:hover .delete { display: block }`)
//   is reported with `shows_on: hover` and its row's box (an action hovers the row first);
// - a control with no accessible name is named by an unlinked <label> beside it, else by the
//   text of the row it alone sits in; an icon drawn by CSS (`::after { content: "×" }`) is
//   the name of a control with no text;
// - a control inside a list item or table row carries that row's text as `row`, so "the ×
//   of the row Buy milk" can be told from the other rows' ×;
// - a click region (a handler, a pointer cursor) that holds other controls is a container:
//   its text stays with its children instead of becoming one long name.

export interface FrameRefs { els: Element[]; frames: Element[] }

declare global {
  interface Window { __cairn?: Map<string, FrameRefs> }
}

export interface RawBox { x: number; y: number; w: number; h: number }

export interface RawElement {
  kind: 'el';
  /** Index into window.__cairn.get(token).els */
  ref: number;
  role: string;
  name: string;
  value?: string;
  /** In this frame's viewport coordinates. */
  bbox: RawBox;
  state: {
    enabled: boolean; editable?: boolean; checked?: boolean; selected?: boolean;
    focused?: boolean; scrollable?: boolean; password?: boolean;
  };
  attrs: Record<string, string>;
}

/** Where a child frame's content goes: its iframe's content box, in this frame's coordinates. */
export interface RawFrameSlot { kind: 'frame'; slot: number; box: RawBox }

export interface FrameScan {
  items: (RawElement | RawFrameSlot)[];
  url: string;
  /** The frame document's own origin (an about:blank or srcdoc frame inherits its parent's; 'null' when opaque). */
  origin: string;
  title: string;
  viewport: { width: number; height: number };
}

/**
 * The frame's scan as JSON text: Playwright's structured serialisation of a result this size
 * costs more than the scan itself (measured: an observation 15 CPU-ms that way, 5 as text).
 */
export function scanFrame(token: string): string {
  const NAME_MAX = 100;
  const VALUE_MAX = 500;
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK',
    'OPTION', 'OPTGROUP', 'DATALIST', 'BR', 'WBR', 'PARAM', 'SOURCE', 'TRACK']);
  // ARIA roles that only group other things: reported only when labelled, never hide their text.
  const CONTAINER_ROLES = new Set(['group', 'list', 'listbox', 'region', 'main', 'navigation', 'banner',
    'contentinfo', 'complementary', 'form', 'article', 'document', 'application', 'table', 'grid',
    'treegrid', 'rowgroup', 'row', 'toolbar', 'menu', 'menubar', 'tablist', 'tree', 'radiogroup', 'feed',
    'log', 'status', 'note', 'section', 'directory', 'dialog', 'alertdialog', 'alert', 'search', 'figure',
    'paragraph', 'tabpanel', 'marquee', 'timer', 'blockquote', 'caption', 'definition', 'term']);
  const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number',
    'date', 'time', 'datetime-local', 'month', 'week', 'color', '']);

  const items: FrameScan['items'] = [];
  const els: Element[] = [];
  const frames: Element[] = [];
  const active = deepActiveElement();

  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max - 1) + '…' : s);

  function deepActiveElement(): Element | null {
    if (!document.hasFocus()) return null;
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  function explicitRole(el: Element): string | undefined {
    const r = (el.getAttribute('role') ?? '').trim().split(/\s+/)[0]?.toLowerCase();
    return r && r !== 'none' && r !== 'presentation' && r !== 'generic' ? r : undefined;
  }

  function inputRole(type: string): string | undefined {
    switch (type) {
      case 'hidden': return undefined;
      case 'checkbox': return 'checkbox';
      case 'radio': return 'radio';
      case 'number': return 'spinbutton';
      case 'range': return 'slider';
      case 'search': return 'searchbox';
      case 'button': case 'submit': case 'reset': case 'image': case 'file': return 'button';
      default: return 'textbox';
    }
  }

  function nativeRole(el: Element): string | undefined {
    switch (el.tagName) {
      case 'INPUT': return inputRole((el as HTMLInputElement).type);
      case 'TEXTAREA': return 'textbox';
      case 'SELECT': {
        const s = el as HTMLSelectElement;
        return s.multiple || s.size > 1 ? 'listbox' : 'combobox';
      }
      case 'BUTTON': case 'SUMMARY': return 'button';
      case 'A': case 'AREA': return el.hasAttribute('href') ? 'link' : undefined;
      case 'H1': case 'H2': case 'H3': case 'H4': case 'H5': case 'H6': return 'heading';
      case 'IMG': return norm(el.getAttribute('alt')) ? 'image' : undefined;
    }
    const h = el as HTMLElement;
    if (h.isContentEditable && !(h.parentElement && h.parentElement.isContentEditable)) return 'textbox';
    return undefined;
  }

  function looksClickable(el: Element, style: CSSStyleDeclaration, parentCursor: string): boolean {
    const h = el as HTMLElement;
    if (el.hasAttribute('onclick') || typeof h.onclick === 'function') return true;
    const tabindex = el.getAttribute('tabindex');
    if (tabindex !== null && Number(tabindex) >= 0) return true;
    // The top of a pointer-cursor region: how pages mark click handlers added from script.
    return style.cursor === 'pointer' && parentCursor !== 'pointer' && el.tagName !== 'LABEL';
  }

  function isScrollable(el: Element, style: CSSStyleDeclaration): boolean {
    if (el === document.documentElement || el === document.body) return false;
    const can = (o: string) => o === 'auto' || o === 'scroll' || o === 'overlay';
    return (can(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
      || (can(style.overflowX) && el.scrollWidth > el.clientWidth + 1);
  }

  function textOfIds(el: Element, ids: string): string {
    const root = el.getRootNode() as Document | ShadowRoot;
    return ids.split(/\s+/)
      .map((id) => root.getElementById(id) ?? document.getElementById(id))
      .map((e) => norm(e ? contentText(e) : ''))
      .filter(Boolean).join(' ');
  }

  /**
   * Visible-ish text of a subtree, image alts included, form controls' own text left out;
   * `besideControls`: every control's text left out, and what is not drawn (a row's text).
   */
  function contentText(el: Element, besideControls = false): string {
    let out = '';
    for (const n of Array.from(el.childNodes)) {
      if (n.nodeType === Node.TEXT_NODE) out += (n as Text).data;
      else if (n.nodeType === Node.ELEMENT_NODE) {
        const c = n as Element;
        if (SKIP_TAGS.has(c.tagName) || c.tagName === 'SELECT' || c.tagName === 'TEXTAREA') continue;
        if (besideControls ? c.matches(CONTROL_SELECTOR) || !c.checkVisibility() : (c as HTMLElement).hidden) continue;
        if (c.tagName === 'IMG') out += ' ' + (c.getAttribute('alt') ?? '') + ' ';
        else out += ' ' + contentText(c, besideControls) + ' ';
      }
    }
    return out;
  }

  function labelsText(el: Element): string {
    const labels = (el as HTMLInputElement).labels;
    if (!labels) return '';
    return Array.from(labels).map((l) => norm(contentText(l))).filter(Boolean).join(' ');
  }

  function nameOf(el: Element, role: string): string {
    const by = el.getAttribute('aria-labelledby');
    const fromIds = by ? textOfIds(el, by) : '';
    if (fromIds) return fromIds;
    const aria = norm(el.getAttribute('aria-label'));
    if (aria) return aria;
    const tag = el.tagName;
    const isField = tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
    if (isField) {
      const input = el as HTMLInputElement;
      if (tag === 'INPUT' && ['button', 'submit', 'reset'].includes(input.type)) {
        return norm(input.value) || (input.type === 'submit' ? 'Submit' : input.type === 'reset' ? 'Reset' : '');
      }
      const fromLabel = labelsText(el);
      if (fromLabel) return fromLabel;
      return norm(el.getAttribute('placeholder')) || norm(el.getAttribute('title')) || norm(el.getAttribute('alt'));
    }
    if (tag === 'IMG') return norm(el.getAttribute('alt')) || norm(el.getAttribute('title'));
    if (role === 'textbox') return norm(el.getAttribute('title')) || norm(el.getAttribute('placeholder'));
    return renderedText(el) || norm(el.getAttribute('title')) || drawnText(el);
  }

  /** A control's name as a person would give it: its own, else what labels it on screen. */
  function personalName(el: Element, role: string): string {
    return nameOf(el, role) || (CONTAINER_ROLES.has(role) ? '' : visualLabel(el, role));
  }

  /** innerText leaves out what CSS hides; contentText is the fallback that sees image alts. */
  function renderedText(el: Element): string {
    return norm((el as HTMLElement).innerText) || norm(contentText(el));
  }

  function valueOf(el: Element, role: string): string | undefined {
    const tag = el.tagName;
    if (tag === 'SELECT') {
      return Array.from((el as HTMLSelectElement).selectedOptions).map((o) => norm(o.label)).join(', ');
    }
    if (tag === 'TEXTAREA') return (el as HTMLTextAreaElement).value;
    if (tag === 'INPUT') {
      const input = el as HTMLInputElement;
      // Never the text; only whether something was typed, so the screen's digest still changes.
      if (input.type === 'password') return input.value ? '••••••' : '';
      if (role === 'checkbox' || role === 'radio' || role === 'button') return undefined;
      return input.value;
    }
    if (role === 'textbox') return norm((el as HTMLElement).innerText);
    const now = el.getAttribute('aria-valuenow');
    return now === null ? undefined : now;
  }

  function stateOf(el: Element, style: CSSStyleDeclaration): RawElement['state'] {
    const enabled = !el.matches(':disabled') && el.getAttribute('aria-disabled') !== 'true';
    const state: RawElement['state'] = { enabled };
    const tag = el.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA') {
      const input = el as HTMLInputElement;
      if (tag === 'TEXTAREA' || TEXT_INPUT_TYPES.has(input.type)) state.editable = enabled && !input.readOnly;
      if (input.type === 'checkbox' || input.type === 'radio') state.checked = input.checked;
      if (input.type === 'password') state.password = true;
    } else if (tag === 'SELECT') {
      state.editable = enabled;
    } else if ((el as HTMLElement).isContentEditable) {
      state.editable = enabled;
    }
    const ariaChecked = el.getAttribute('aria-checked') ?? el.getAttribute('aria-pressed');
    if (state.checked === undefined && ariaChecked !== null) state.checked = ariaChecked === 'true';
    if (el.getAttribute('aria-selected') === 'true') state.selected = true;
    if (el === active) state.focused = true;
    if (isScrollable(el, style)) state.scrollable = true;
    return state;
  }

  function attrsOf(el: Element): Record<string, string> {
    const attrs: Record<string, string> = {};
    const put = (k: string, v: string | null) => { if (v) attrs[k] = v; };
    put('id', el.id);
    put('href', el.getAttribute('href'));
    put('target', el.getAttribute('target'));
    put('placeholder', el.getAttribute('placeholder'));
    put('name', el.getAttribute('name'));
    if (el.tagName === 'INPUT') put('type', (el as HTMLInputElement).type);
    // A form that submits by GET sends its fields in the URL (where a secret must never go).
    const form = el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' ? (el as HTMLInputElement).form : null;
    if (form?.method === 'get') put('form_method', 'get');
    if (el.tagName === 'SELECT') {
      put('options', Array.from((el as HTMLSelectElement).options).map((o) => norm(o.label)).join('\n'));
    }
    return attrs;
  }

  function boxOf(r: DOMRect): RawBox {
    return { x: Math.round(r.left), y: Math.round(r.top), w: Math.round(r.width), h: Math.round(r.height) };
  }

  function emit(el: Element, role: string, name: string, style: CSSStyleDeclaration, rect: DOMRect, onHover = false) {
    const item: RawElement = {
      kind: 'el', ref: els.length, role, name: cut(norm(name), NAME_MAX),
      bbox: boxOf(rect), state: stateOf(el, style), attrs: attrsOf(el),
    };
    if (role !== 'text' && role !== 'cell') {
      const row = rowOf(el, item.name);
      if (row) item.attrs.row = row;
    }
    if (onHover) item.attrs.shows_on = 'hover';
    const value = valueOf(el, role);
    if (value !== undefined) item.value = cut(value, VALUE_MAX);
    els.push(el);
    items.push(item);
  }

  const CONTROL_SELECTOR = 'input:not([type=hidden]),button,select,textarea,a[href],[role=button],[role=link],[role=checkbox],'
    + '[role=radio],[role=switch],[role=textbox],[role=combobox],[role=menuitem],[role=tab],[role=option],[contenteditable=""],[contenteditable=true]';
  const ROW_TAGS = new Set(['LI', 'TR']);
  const ROW_ROLES = new Set(['row', 'listitem', 'option', 'treeitem']);
  const ROW_MAX = 80;
  // Controls a form lays text beside; a button without a name is not named by its row.
  const LABELLED_BESIDE = new Set(['checkbox', 'radio', 'switch', 'textbox', 'searchbox', 'combobox', 'slider', 'spinbutton', 'listbox']);
  const rowTexts = new Map<Element, string>();

  function parentOf(el: Element): Element | null {
    const root = el.getRootNode();
    return el.parentElement ?? (root.nodeType === Node.DOCUMENT_FRAGMENT_NODE ? (root as ShadowRoot).host : null);
  }

  /** Elements CSS shows only while an ancestor is hovered (`.row:hover .x { display: block }`), in this document and its open shadow roots. */
  function shownOnHover(): Set<Element> {
    const found = new Set<Element>();
    const roots: (Document | ShadowRoot)[] = [document];
    for (let i = 0; i < roots.length; i++) {
      const root = roots[i]!;
      for (const el of Array.from(root.querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
      const sheets = [...Array.from(root.styleSheets), ...(root.adoptedStyleSheets ?? [])];
      for (const sheet of sheets) {
        let rules: CSSRuleList;
        try { rules = sheet.cssRules; } catch { continue; } // a cross-origin sheet cannot be read
        for (const rule of Array.from(rules)) {
          if (!(rule instanceof CSSStyleRule) || !rule.selectorText.includes(':hover')) continue;
          const shows = (rule.style.display && rule.style.display !== 'none') || rule.style.visibility === 'visible';
          if (!shows) continue;
          for (const selector of rule.selectorText.split(',')) {
            const at = selector.lastIndexOf(':hover');
            // the hover must be on an ancestor: something follows it across a combinator
            if (at < 0 || !/^[^\s>+~]*[\s>+~]/.test(selector.slice(at + ':hover'.length))) continue;
            try {
              for (const el of Array.from(root.querySelectorAll(selector.replace(/:hover/g, '')))) found.add(el);
            } catch { /* a selector this engine cannot run */ }
          }
        }
      }
    }
    return found;
  }
  // Scanned only when the page hides something: most observations never need it.
  let hoverShown: Set<Element> | undefined;

  /** The text under `root` on the same line as `box` (other controls' text left out): what reads as its label. */
  function textOnLine(root: Element, box: DOMRect): string {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let out = '';
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (!/\S/.test((t as Text).data)) continue;
      const parent = t.parentElement;
      if (!parent || parent.closest(CONTROL_SELECTOR) || !parent.checkVisibility()) continue;
      range.selectNodeContents(t);
      const r = range.getBoundingClientRect();
      if (r.top < box.bottom && r.bottom > box.top) out += ' ' + (t as Text).data;
    }
    return norm(out);
  }

  /** What names a control that has no name of its own: an unlinked label beside it, else the text of the row it alone sits in. */
  function visualLabel(el: Element, role: string): string {
    for (const sib of [el.previousElementSibling, el.nextElementSibling]) {
      if (sib?.tagName === 'LABEL' && !(sib as HTMLLabelElement).control) {
        const text = norm(contentText(sib));
        if (text) return text;
      }
    }
    if (!LABELLED_BESIDE.has(role)) return '';
    // Up to the row it sits in, never past it: another row's text is not this control's.
    const box = el.getBoundingClientRect();
    let n = parentOf(el);
    for (let depth = 0; n && depth < 3; depth++, n = parentOf(n)) {
      const peers = Array.from(n.querySelectorAll(CONTROL_SELECTOR)).filter((c) => c !== el && roleLike(c) === role && c.checkVisibility());
      if (peers.length) return '';
      const text = textOnLine(n, box);
      if (text) return text.length <= ROW_MAX ? text : '';
      if (isRow(n)) return '';
    }
    return '';
  }

  function isRow(el: Element): boolean {
    const r = explicitRole(el);
    return ROW_TAGS.has(el.tagName) || (!!r && ROW_ROLES.has(r));
  }

  function roleLike(el: Element): string | undefined {
    return explicitRole(el) ?? nativeRole(el);
  }

  /** The text of the list item or table row `el` sits in, when it says more than `el`'s own name. */
  function rowOf(el: Element, name: string): string {
    for (let n = parentOf(el); n && n !== document.body; n = parentOf(n)) {
      if (!isRow(n)) continue;
      let text = rowTexts.get(n);
      if (text === undefined) rowTexts.set(n, (text = norm(contentText(n, true))));
      return text && text !== name && text.length <= ROW_MAX ? text : '';
    }
    return '';
  }

  /** Text CSS draws on an element with none of its own: an icon font's glyph, a `content: "×"`. */
  function drawnText(el: Element): string {
    const drawn = (pseudo: string) => {
      const c = getComputedStyle(el, pseudo).content;
      return c.startsWith('"') ? c.slice(1, -1) : '';
    };
    return norm(drawn('::before') + drawn('::after'));
  }

  function holdsControls(el: Element): boolean {
    return el.querySelector(CONTROL_SELECTOR) !== null;
  }

  function hasDirectText(el: Element): boolean {
    return Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && /\S/.test((n as Text).data));
  }

  /** A label's text is already the name of the control it labels. */
  function isControlLabel(el: Element): boolean {
    return el.tagName === 'LABEL' && !!(el as HTMLLabelElement).control;
  }

  /**
   * inText: an ancestor text block took its inline descendants' text into its own name.
   * inControl: an ancestor control (button, link, heading...) already took all text.
   */
  function visit(el: Element, inText: boolean, inControl: boolean, parentCursor: string, parentRect: DOMRect | null, hoverRow: DOMRect | null) {
    if (SKIP_TAGS.has(el.tagName)) return;
    if (el instanceof SVGElement && el.tagName.toLowerCase() !== 'svg') return;
    const style = getComputedStyle(el);
    // Hidden until its row is hovered: reported where the row is, as a person finds it.
    const hidden = style.display === 'none' || style.visibility === 'hidden';
    const revealed = hoverRow ?? (hidden && (hoverShown ??= shownOnHover()).has(el) ? parentRect : null);
    if (style.display === 'none' && !revealed) return;
    const shown = revealed ? true : style.visibility !== 'hidden' && style.visibility !== 'collapse';
    const rect = revealed ?? el.getBoundingClientRect();
    const sized = rect.width > 0 && rect.height > 0;
    const inline = style.display.startsWith('inline') || style.display === 'contents';
    const textHere = inText && inline;

    if (el.tagName === 'IFRAME' || el.tagName === 'FRAME') {
      if (shown && sized) {
        const x = rect.left + el.clientLeft + parseFloat(style.paddingLeft);
        const y = rect.top + el.clientTop + parseFloat(style.paddingTop);
        const w = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const h = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
        items.push({ kind: 'frame', slot: frames.length, box: { x, y, w, h } });
        frames.push(el);
      }
      return;
    }

    const explicit = explicitRole(el);
    const declared = explicit ?? nativeRole(el);
    // A click region that holds controls is their container, not one more control.
    const role = declared ?? (looksClickable(el, style, parentCursor) && !holdsControls(el) ? 'button' : undefined);
    const container = !!explicit && CONTAINER_ROLES.has(explicit);
    const scrollable = isScrollable(el, style);
    const onHover = !!revealed;
    let takesText = false;
    let startsText = false;

    if (shown && sized) {
      if (role && !container) {
        emit(el, role, personalName(el, role), style, rect, onHover);
        takesText = true;
      } else if (role && container && (el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby'))) {
        emit(el, role, nameOf(el, role), style, rect, onHover);
      } else if (scrollable) {
        emit(el, role ?? 'scrollable', norm(el.getAttribute('aria-label')) || norm(el.getAttribute('title')), style, rect);
      } else if (!inControl && !textHere && hasDirectText(el) && !isControlLabel(el)) {
        const textRole = el.tagName === 'TD' || el.tagName === 'TH' ? 'cell' : 'text';
        emit(el, textRole, renderedText(el), style, rect, onHover);
        startsText = true;
      }
    }
    if (el.tagName === 'SELECT' || el.tagName === 'TEXTAREA') return;

    const childInControl = inControl || takesText;
    const childInText = textHere || startsText;
    const hereRect = sized ? rect : parentRect;
    const shadow = (el as HTMLElement).shadowRoot;
    if (shadow) for (const c of Array.from(shadow.children)) visit(c, childInText, childInControl, style.cursor, hereRect, revealed);
    for (const c of Array.from(el.children)) visit(c, childInText, childInControl, style.cursor, hereRect, revealed);
  }

  visit(document.documentElement, false, false, 'auto', null, null);

  const store = (window.__cairn ??= new Map());
  store.set(token, { els, frames });
  while (store.size > 4) store.delete(store.keys().next().value as string);

  const scan: FrameScan = {
    items,
    url: location.href,
    origin: location.origin,
    title: document.title,
    viewport: { width: window.innerWidth, height: window.innerHeight },
  };
  return JSON.stringify(scan);
}
