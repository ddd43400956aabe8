// From a model's reply to a validated Action. Accepts cairn's format
// ({"thought", "action": {...}} or a bare action) and AndroidWorld's ({"action_type": ...}),
// plain, in ```json fences or with prose around it. Errors are short enough to send back.
import { ActionSchema, type Action } from '../../contract/index.js';
import { fromAndroidWorld } from './androidworld.js';
import { ModelReplyError } from './reply-error.js';

export { ModelReplyError };

const FORMAT_HINT = 'reply with one JSON object: {"thought": "...", "action": {"type": ...}}';
const ACTION_TYPES: string[] = ActionSchema.options.map((o) => o.shape.type.value);

export function parseModelAction(text: string): { action: Action; thought?: string } {
  const { value, before } = findActionObject(text);
  const { candidate, thought } = unwrap(value);
  const result = ActionSchema.safeParse(candidate);
  if (!result.success) throw new ModelReplyError(describeInvalid(candidate, result.error.issues));
  const why = thought ?? proseThought(before);
  return why ? { action: result.data, thought: cutThought(why) } : { action: result.data };
}

/** A thought goes into traces and the next prompts: a huge one is cut, saying so. */
const THOUGHT_MAX = 1_000;

function cutThought(t: string): string {
  return t.length > THOUGHT_MAX ? `${t.slice(0, THOUGHT_MAX)}… [cut from ${t.length} characters]` : t;
}

type Json = Record<string, unknown>;

/** The first JSON object in the text that looks like an action, and the prose before it. */
function findActionObject(text: string): { value: Json; before: string } {
  // When nothing fits, the longest failed span is most likely the action the model meant to write.
  let longestFailure: { span: string; message: string } | undefined;
  for (const { start, end, unclosed } of objectSpans(text)) {
    const span = text.slice(start, end);
    let value: unknown;
    try {
      value = JSON.parse(span);
    } catch (e) {
      const message = unclosed ? `the object is not closed (${unclosed} "}" missing)` : (e as Error).message;
      if (!longestFailure || span.length > longestFailure.span.length) longestFailure = { span, message: `invalid JSON in ${clip(span)}: ${message}` };
      continue;
    }
    if (!isObject(value)) continue;
    if ('action' in value || 'action_type' in value || 'type' in value) return { value, before: text.slice(0, start) };
    const message = `the JSON object has no "action" field (keys: ${clip(Object.keys(value).join(', ') || 'none', 200)}); ${FORMAT_HINT}`;
    if (!longestFailure || span.length > longestFailure.span.length) longestFailure = { span, message };
  }
  throw new ModelReplyError(longestFailure?.message ?? `no JSON object found in the reply; ${FORMAT_HINT}`);
}

function clip(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/**
 * [start, end) of each top-level {...} in the text, braces inside JSON strings ignored.
 * An object still open at the end of the text runs to the end, with the count of braces left open.
 */
function objectSpans(text: string): Array<{ start: number; end: number; unclosed: number }> {
  const spans: Array<{ start: number; end: number; unclosed: number }> = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) {
      inString = true;
    } else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0) {
      if (--depth === 0) spans.push({ start, end: i + 1, unclosed: 0 });
    }
  }
  if (depth > 0) spans.push({ start, end: text.length, unclosed: depth });
  return spans;
}

function unwrap(value: Json): { candidate: unknown; thought?: string } {
  const thought = typeof value.thought === 'string' && value.thought.trim() ? value.thought.trim() : undefined;
  if ('action' in value) {
    const inner = value.action;
    if (!isObject(inner)) {
      throw new ModelReplyError(`"action" must be an object like {"type": "click", "target": {"element": 3}}, got ${clip(JSON.stringify(inner) ?? 'nothing', 80)}`);
    }
    return { candidate: 'action_type' in inner ? fromAndroidWorld(inner) : inner, thought };
  }
  if ('action_type' in value) return { candidate: fromAndroidWorld(value), thought };
  const { thought: _, ...action } = value;
  return { candidate: action, thought };
}

function describeInvalid(candidate: unknown, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const type = isObject(candidate) ? candidate.type : undefined;
  if (typeof type !== 'string' || !ACTION_TYPES.includes(type)) {
    return `unknown action type ${clip(JSON.stringify(type ?? null), 80)}; expected one of: ${ACTION_TYPES.join(', ')}`;
  }
  const lines = issues.slice(0, 3).map((i) => {
    const path = ['action', ...i.path.map(String)].join('.');
    const message = valueAt(candidate, i.path) === undefined ? 'missing' : i.message;
    const hint = i.path[0] === 'target' ? ' (expected {"element": <id>} or {"point": {"x": <n>, "y": <n>}})' : '';
    return `${path}: ${message}${hint}`;
  });
  return `invalid ${type} action: ${lines.join('; ')}`;
}

/** AndroidWorld-style replies put the reasoning in prose: "Reason: ... Action: {...}". */
function proseThought(before: string): string | undefined {
  const t = before
    .replace(/```(json)?\s*$/i, '')
    .replace(/\baction:\s*$/i, '')
    .replace(/^\s*(reason|thought)s?:/i, '')
    .trim();
  return t || undefined;
}

function valueAt(v: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((at, key) => (isObject(at) ? at[String(key)] : undefined), v);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
