// UiAutomator2 page source -> the compact element list a model sees, the way TalkBack would
// group it. One walk in order of appearance decides, per node:
//   - a node that acts on its own (clickable, long-clickable, scrollable, a text field, a
//     slider) or is a control by class, or carries text/content-desc, is listed;
//   - a listed node that is pressed as a whole (clickable, long-clickable, checkable, a
//     control) or is a label with nothing actionable inside "owns" its subtree: the
//     descendants that do not act on their own are merged into it, their texts name it
//     when it has no name of its own, and a lone checkable inside it (the RadioButton of a
//     preference row) gives it its role and checked state;
//   - everything else (layout wrappers, decorative images, empty views) is dropped, and so
//     are a pressable wrapper with no name of any kind around other controls (only their
//     click area) and a named container whose name a control inside repeats.
// Names: text, else content-desc, else the merged texts of what it owns (", "-joined), else
// (controls only) the label just before it, else the resource-id's last segment humanised
// (`btn_save`, `btnSave` -> "btn save"). Text fields differ: their text is the value, so
// their name is content-desc, else the label before them, else the hint, else the id.
// Names are trimmed; values are kept exactly.
import { digestOf, type BBox, type Observation, type UIElement } from '../../contract/index.js';
import { AndroidSourceError, readSourceTree, type SourceNode } from './source.js';
import { ACTIONABLE_ROLES, CONTROL_ROLES, LABELLED_ROLES, roleOfClass, shortClass } from './roles.js';

export { AndroidSourceError };

export interface AndroidParseOptions {
  /** Current activity (the driver knows it; the source does not). */
  activity?: string;
  /** Overrides the screen size read from the source. */
  screen?: { width: number; height: number };
}

export interface AndroidParse {
  elements: UIElement[];
  /** `package/activity`, or the package alone when no activity is given. */
  location: string;
  screen: { width: number; height: number };
  /** Nodes in the source, for comparison with the listed elements. */
  rawNodes: number;
}

/** A label longer than this is a paragraph, not the name of the field after it. */
const MAX_LABEL_CHARS = 60;

interface Flags {
  clickable: boolean;
  longClickable: boolean;
  checkable: boolean;
  scrollable: boolean;
  text: string;
  desc: string;
}

interface Draft {
  node: SourceNode;
  flags: Flags;
  role: string;
  /** Listed for its own text/desc with nothing actionable inside: a label, not a container. */
  labelOnly: boolean;
  pieces: string[];
  toggle?: SourceNode;
  label?: string;
}

/** What the walk needs to know about a subtree before deciding on its root. */
interface Below {
  actionable: boolean;
  checkables: number;
}

export function parseAndroidSource(xml: string, opts: AndroidParseOptions = {}): AndroidParse {
  if (opts.screen && !(opts.screen.width > 0 && opts.screen.height > 0)) {
    throw new AndroidSourceError(`screen must have a positive width and height, got ${JSON.stringify(opts.screen)}`);
  }
  const tree = readSourceTree(xml);
  const screen = opts.screen ?? tree.declaredScreen ?? unionOf(tree.roots);
  const below = new Map<SourceNode, Below>();
  for (const root of tree.roots) summarise(root, below);
  const drafts: Draft[] = [];
  tree.roots.forEach((root, i) => visit(root, tree.roots, i, null, false, drafts, below));
  const pkg = packageOf(tree.roots);
  return {
    elements: drafts.filter((d) => !isBareWrapper(d, below)).map((d, id) => toElement(d, id, screen)),
    location: opts.activity ? `${pkg}/${opts.activity}` : pkg,
    screen,
    rawNodes: tree.nodeCount,
  };
}

/** A full Observation from a page source (no screenshot: the driver adds one when asked). */
export function androidObservation(xml: string, opts: AndroidParseOptions = {}): Observation {
  const { elements, location, screen } = parseAndroidSource(xml, opts);
  return { platform: 'android', screen, location, elements, digest: digestOf(location, elements) };
}

function flagsOf(node: SourceNode): Flags {
  const a = node.attrs;
  return {
    clickable: a.clickable === 'true',
    longClickable: a['long-clickable'] === 'true',
    checkable: a.checkable === 'true',
    scrollable: a.scrollable === 'true',
    text: (a.text ?? '').trim(),
    desc: (a['content-desc'] ?? '').trim(),
  };
}

function baseRole(node: SourceNode, f: Flags): string {
  return roleOfClass(shortClass(node.cls), f);
}

/** Acts on its own: never merged into an ancestor. */
function standsAlone(f: Flags, role: string): boolean {
  return f.clickable || f.longClickable || f.scrollable || role === 'textbox' || role === 'slider';
}

function summarise(node: SourceNode, below: Map<SourceNode, Below>): Below {
  const sum: Below = { actionable: false, checkables: 0 };
  for (const child of node.children) {
    const f = flagsOf(child);
    const inner = summarise(child, below);
    sum.actionable ||= inner.actionable || f.checkable || standsAlone(f, baseRole(child, f));
    sum.checkables += inner.checkables + (f.checkable ? 1 : 0);
  }
  below.set(node, sum);
  return sum;
}

function visit(
  node: SourceNode, siblings: SourceNode[], index: number,
  owner: Draft | null, muted: boolean, out: Draft[], below: Map<SourceNode, Below>,
): void {
  const f = flagsOf(node);
  const role = baseRole(node, f);
  // A lone checkable under a pressable row is the row's state, not a control of its own.
  const ownersToggle = owner !== null && f.checkable && !owner.flags.checkable && below.get(owner.node)!.checkables === 1;
  if (owner && !standsAlone(f, role) && (!f.checkable || ownersToggle)) {
    const piece = f.text || f.desc;
    if (piece && !muted && !owner.pieces.some((p) => p.includes(piece))) owner.pieces.push(piece);
    if (f.checkable) owner.toggle = node;
    // A content-desc speaks for its whole subtree, as it does for TalkBack.
    node.children.forEach((child, i) => visit(child, node.children, i, owner, muted || Boolean(piece), out, below));
    return;
  }
  const sub = below.get(node)!;
  const named = Boolean(f.text || f.desc);
  const pressable = f.clickable || ((f.longClickable || f.checkable || CONTROL_ROLES.has(role)) && !f.scrollable);
  const labelOnly = named && !pressable && !f.scrollable && !sub.actionable;
  const listed = pressable || f.scrollable || labelOnly || (named && !repeatsBelow(node, f.text || f.desc));
  let draft: Draft | null = null;
  if (listed) {
    draft = { node, flags: f, role, labelOnly, pieces: [], label: LABELLED_ROLES.has(role) ? labelBefore(siblings, index, below) : undefined };
    out.push(draft);
  }
  const nextOwner = draft && (pressable || labelOnly) ? draft : null;
  node.children.forEach((child, i) => visit(child, node.children, i, nextOwner, false, out, below));
}

/** A named container whose name a control inside repeats (a FrameLayout "Brightness" around the SeekBar "Brightness") adds nothing. */
function repeatsBelow(node: SourceNode, name: string): boolean {
  return node.children.some((c) => {
    const f = flagsOf(c);
    return f.text === name || f.desc === name || repeatsBelow(c, name);
  });
}

/** The text just before a control, when it reads like a label (a short, non-actionable text). */
function labelBefore(siblings: SourceNode[], index: number, below: Map<SourceNode, Below>): string | undefined {
  const prev = siblings[index - 1];
  if (!prev) return undefined;
  const f = flagsOf(prev);
  const text = f.text || f.desc;
  if (!text || text.length > MAX_LABEL_CHARS || standsAlone(f, baseRole(prev, f)) || f.checkable) return undefined;
  return below.get(prev)?.actionable ? undefined : text;
}

/** A pressable wrapper with no name of any kind around other controls is only their click area. */
function isBareWrapper(d: Draft, below: Map<SourceNode, Below>): boolean {
  const role = roleOf(d);
  return (role === 'button' || role === 'group') && below.get(d.node)!.actionable && nameOf(d, role) === '';
}

function roleOf(d: Draft): string {
  const role = d.toggle ? baseRole(d.toggle, flagsOf(d.toggle)) : d.role;
  if (d.flags.clickable && !ACTIONABLE_ROLES.has(role)) return 'button';
  return role === 'group' && d.labelOnly ? 'text' : role;
}

function nameOf(d: Draft, role: string): string {
  const { flags: f, node } = d;
  const id = humanisedId(node.attrs['resource-id']);
  if (role === 'textbox') return f.desc || d.label || (node.attrs.hint ?? '').trim() || id;
  return f.text || f.desc || d.pieces.join(', ') || d.label || id;
}

function toElement(d: Draft, id: number, screen: { width: number; height: number }): UIElement {
  const { node, flags: f } = d;
  const a = node.attrs;
  const hint = (a.hint ?? '').trim();
  const role = roleOf(d);
  const editable = role === 'textbox';
  const name = nameOf(d, role);

  const el: UIElement = {
    id,
    role,
    name,
    bbox: node.box,
    state: {
      enabled: a.enabled !== 'false',
      visible: isVisible(node, screen),
    },
    attrs: attrsOf(node, name, hint),
  };
  // The field's own text is its value, unless it only echoes the hint of an empty field.
  if (editable) el.value = a.text === a.hint ? '' : (a.text ?? '');
  const s = el.state;
  const checkable = f.checkable ? node : d.toggle;
  if (checkable) s.checked = checkable.attrs.checked === 'true';
  if (a.selected === 'true') s.selected = true;
  if (a.focused === 'true') s.focused = true;
  if (f.scrollable) s.scrollable = true;
  if (editable) s.editable = true;
  if (a.password === 'true') s.password = true;
  return el;
}

function attrsOf(node: SourceNode, name: string, hint: string): Record<string, string> {
  const a = node.attrs;
  const out: Record<string, string> = {};
  if (a['resource-id']) out['resource-id'] = a['resource-id'];
  if (a.package) out.package = a.package;
  out.class = shortClass(node.cls);
  const desc = (a['content-desc'] ?? '').trim();
  if (desc && desc !== name) out['content-desc'] = desc;
  if (hint) out.hint = hint;
  return out;
}

function isVisible(node: SourceNode, screen: { width: number; height: number }): boolean {
  const a = node.attrs;
  if (a.displayed === 'false' || a['visible-to-user'] === 'false') return false;
  const b = node.box;
  if (b.w <= 0 || b.h <= 0) return false;
  return b.x < screen.width && b.y < screen.height && b.x + b.w > 0 && b.y + b.h > 0;
}

/** `com.app:id/btn_save` -> "btn save"; `etHost` -> "et host". */
function humanisedId(resourceId: string | undefined): string {
  if (!resourceId) return '';
  const last = resourceId.slice(resourceId.lastIndexOf('/') + 1);
  return last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_.-]+/).filter(Boolean).join(' ').toLowerCase();
}

/** The app on screen: the package of the largest window (the later one on a tie, as it is drawn on top). */
function packageOf(roots: SourceNode[]): string {
  let best: SourceNode | undefined;
  for (const r of roots) if (r.attrs.package && (!best || area(r.box) >= area(best.box))) best = r;
  return best?.attrs.package ?? '';
}

function area(b: BBox): number {
  return b.w * b.h;
}

function unionOf(roots: SourceNode[]): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const r of roots) {
    width = Math.max(width, r.box.x + r.box.w);
    height = Math.max(height, r.box.y + r.box.h);
  }
  return { width, height };
}
