// Irreversible actions: what counts as one, and the run's policy for them.
//
// What triggers: a click, double click or long press on an element (or on the element
// under a point) whose own name or key attributes match a pattern ("Delete contact", "Pay
// now", an href ending in /delete), a drag onto such an element, and a `type` with `submit`
// or a `key` on a field whose own name or attributes match (the "Type DELETE to confirm"
// field). The text typed never triggers: typing the word "delete" into a search box is
// harmless. Neither does the text of the row a control sits in (a checkbox beside the todo
// "Buy milk"), nor a toggle (checkbox, radio, switch: toggled back as easily). Enter pressed
// with a `key` action and no target is not judged: the field it submits is not known.
import { inCi } from '../common/ci.js';
import type { UIElement } from '../contract/index.js';

export type IrreversiblePolicy = 'deny' | 'allow' | 'ask';

/**
 * Word-bounded, case-insensitive. `remove` alone is left out on purpose: "Remove X from
 * the cart" is undone by adding it back; removing an account or a device is not.
 */
export const DEFAULT_IRREVERSIBLE_PATTERNS: readonly RegExp[] = [
  /\bdelete\b/i, /\berase\b/i, /\bwipe\b/i, /\bdestroy\b/i, /\bpurge\b/i,
  /\bremove (?:my |the |this )?(?:account|device|user|member|app|repository|project)\b/i,
  /\bpay\b/i, /\bpurchase\b/i, /\bbuy\b/i, /\bplace (?:the |your |my )?order\b/i,
  /\bcomplete (?:the )?(?:purchase|order|checkout|payment)\b/i, /\bconfirm (?:the )?(?:purchase|order|payment|transfer)\b/i,
  /\bsend\b/i, /\btransfer\b/i, /\buninstall\b/i, /\breset\b/i,
  /\bdeactivate\b/i, /\bclose (?:my |the )?account\b/i, /\bcancel (?:my |the )?(?:subscription|account|order)\b/i,
  /\bunsubscribe\b/i,
];

/** The attributes that say what a control does, besides its name. */
const TELLING_ATTRS = ['href', 'id', 'name', 'value', 'resource-id', 'content-desc', 'aria-label'] as const;

/** The first pattern the element matches, with the text it matched in; undefined if none. */
export function irreversibleMatch(e: UIElement, patterns: readonly RegExp[]): { pattern: RegExp; text: string } | undefined {
  const texts = [e.name, ...TELLING_ATTRS.map((k) => e.attrs[k]).filter((v): v is string => !!v)];
  for (const pattern of patterns) {
    const text = texts.find((t) => pattern.test(t));
    if (text !== undefined) return { pattern, text };
  }
  return undefined;
}

/**
 * The policy when the run does not say: `deny` in CI (CI set to anything but "" / "0" /
 * "false") and when there is no TTY to ask on; `ask` at an interactive terminal.
 */
export function defaultIrreversiblePolicy(env: NodeJS.ProcessEnv, isTTY: boolean): IrreversiblePolicy {
  return inCi(env) || !isTTY ? 'deny' : 'ask';
}
