// Where an answer was read, so a replay can read it again on another instance, whose answer
// text differs. Two clues are recorded with the element's descriptor:
// - its label: the short text just before it on the page ("Phone" before "555-0917"), when
//   that text names none of the task's values; it survives a redesigned layout;
// - its anchor: the nearest element named by one of the goal's values (the row's contact
//   name, the page's heading), with the offset from it; it needs the same layout.
// Reading again tries the label first, then the offset.
import { describeTarget, type Observation, type ResolvedTask, type TargetDescriptor, type UIElement } from '../../contract/index.js';

/** How far (CSS px) the answer's element may have moved between instances of one layout. */
const ANSWER_DRIFT_PX = 48;
const LABEL_MAX_CHARS = 30;

export function answerSource(text: string, obs: Observation, task: Pick<ResolvedTask, 'params' | 'goal_template'>): TargetDescriptor | undefined {
  const wanted = text.trim();
  const e = obs.elements.find((x) => x.name.trim() === wanted || (x.value ?? '').trim() === wanted);
  if (!e) return undefined;
  const target = describeTarget(e);
  const values = Object.values(task.params).filter((v) => v.length >= 3);
  const before = obs.elements[e.id - 1];
  const label = before?.name.trim() ?? '';
  const plain = before?.role === 'text' && label.length > 0 && label.length <= LABEL_MAX_CHARS && !/\d/.test(label);
  if (plain && label !== wanted && !values.some((v) => label.includes(v))) target.attrs.label = label;
  // Only values the goal names: memory turns those into slots, filled anew on replay.
  const named = Object.entries(task.params).filter(([k, v]) => v.length >= 3 && task.goal_template.includes(`{{${k}}}`)).map(([, v]) => v);
  const anchor = nearest(obs.elements.filter((x) => x !== e && named.some((v) => x.name.trim() === v)), e.bbox);
  if (anchor) {
    Object.assign(target.attrs, { anchor_name: anchor.name.trim(), anchor_dx: String(e.bbox.x - anchor.bbox.x), anchor_dy: String(e.bbox.y - anchor.bbox.y) });
  }
  return target;
}

/** The element the answer is read from on this screen, or undefined when neither clue finds it. */
export function readAnswer(d: TargetDescriptor, obs: Observation): UIElement | undefined {
  const anchorName = d.attrs.anchor_name;
  const anchor = anchorName === undefined ? undefined : obs.elements.find((e) => e.name.trim() === anchorName);
  if (anchorName !== undefined && !anchor) return undefined;
  const sameRole = obs.elements.filter((e) => e.role === d.role);
  const labelled = d.attrs.label === undefined ? [] : sameRole.filter((e) => obs.elements[e.id - 1]?.name.trim() === d.attrs.label);
  if (labelled.length) return anchor ? nearest(labelled, anchor.bbox) : labelled[0];
  const at = anchor ? { x: anchor.bbox.x + Number(d.attrs.anchor_dx ?? 0), y: anchor.bbox.y + Number(d.attrs.anchor_dy ?? 0) } : d.bbox;
  const near = nearest(sameRole, at);
  return near && distance(near.bbox, at) <= ANSWER_DRIFT_PX ? near : undefined;
}

type Point = { x: number; y: number };
const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
const nearest = (els: UIElement[], to: Point) => [...els].sort((a, b) => distance(a.bbox, to) - distance(b.bbox, to))[0];
