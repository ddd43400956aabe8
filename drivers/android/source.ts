// Reads a UiAutomator2 page source into a plain tree of nodes. Owns XML well-formedness and
// the two source forms; knows nothing of roles, names or what is worth listing (element-list.ts).
//   uiautomator dump:  <hierarchy><node class="android.widget.Button" ...>
//   Appium:            <hierarchy width=".." height=".."><android.widget.Button class="..." ...>
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { BBox } from '../../contract/index.js';

export interface SourceNode {
  /** Full class name: the `class` attribute, else the tag name (Appium form). */
  cls: string;
  attrs: Record<string, string>;
  box: BBox;
  children: SourceNode[];
}

export interface SourceTree {
  /** The hierarchy's direct children: one per window in multi-window dumps. */
  roots: SourceNode[];
  /** From the hierarchy's width/height attributes (Appium form only). */
  declaredScreen?: { width: number; height: number };
  nodeCount: number;
}

export class AndroidSourceError extends Error {
  override name = 'AndroidSourceError';
}

const EXPECTED = 'expected a UiAutomator2 page source: <hierarchy> holding <node> or class-named elements';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true, // the Appium form names tags by class, so siblings differ in tag: keep their order
  trimValues: false, // attribute values are kept exactly (" and " is a label)
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true, // decodes numeric references (&#10;, &#128680;) as well
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

export function readSourceTree(xml: string): SourceTree {
  if (typeof xml !== 'string' || xml.trim() === '') {
    throw new AndroidSourceError(`Android page source is empty; ${EXPECTED}`);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new AndroidSourceError(`Android page source is not well-formed XML at line ${line}, column ${col}: ${msg}; ${EXPECTED}`);
  }
  const top = (parser.parse(xml) as Ordered[]).filter((item) => tagOf(item) !== '#text');
  const root = top[0];
  const rootTag = root ? tagOf(root) : undefined;
  if (top.length !== 1 || rootTag !== 'hierarchy') {
    throw new AndroidSourceError(`Android page source has root <${rootTag ?? 'nothing'}>; ${EXPECTED}`);
  }
  const counter = { n: 0 };
  const rootAttrs = root![':@'] ?? {};
  const roots = childrenOf(root!, 'hierarchy').map((c) => toNode(c, counter));
  const width = Number(rootAttrs.width);
  const height = Number(rootAttrs.height);
  return {
    roots,
    declaredScreen: width > 0 && height > 0 ? { width, height } : undefined,
    nodeCount: counter.n,
  };
}

function tagOf(item: Ordered): string {
  for (const k in item) if (k !== ':@') return k;
  return '#text';
}

function childrenOf(item: Ordered, tag: string): Ordered[] {
  const kids = item[tag];
  return Array.isArray(kids) ? (kids as Ordered[]).filter((k) => tagOf(k) !== '#text') : [];
}

function toNode(item: Ordered, counter: { n: number }): SourceNode {
  const tag = tagOf(item);
  const attrs = item[':@'] ?? {};
  counter.n++;
  return {
    cls: attrs.class || (tag === 'node' ? '' : tag),
    attrs,
    box: boundsOf(attrs.bounds, counter.n),
    children: childrenOf(item, tag).map((c) => toNode(c, counter)),
  };
}

const BOUNDS = /^\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]$/;

/** `[x1,y1][x2,y2]` -> {x,y,w,h}; inverted bounds (clipped views report them) give zero size. */
function boundsOf(bounds: string | undefined, nodeNumber: number): BBox {
  if (bounds === undefined) return { x: 0, y: 0, w: 0, h: 0 };
  const m = BOUNDS.exec(bounds);
  if (!m) {
    throw new AndroidSourceError(`Android page source node #${nodeNumber} has bounds "${bounds}"; expected "[x1,y1][x2,y2]"`);
  }
  const [x1, y1, x2, y2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  return { x: x1, y: y1, w: Math.max(0, x2 - x1), h: Math.max(0, y2 - y1) };
}
