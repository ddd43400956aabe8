// Where a secret may go, decided where secrets are filled in (screen.ts) for every action,
// whoever proposed it (a model, a replay, search) and whether or not critics run. An action
// may fill only the secrets its task declares, only as the text of a `type` into a field
// named by its id, only when the frame that receives the text is on the place the task
// starts on, and never into a field of a form that sends its fields in the URL (GET).
import { secretNames, type Action, type Observation, type ResolvedTask } from '../contract/index.js';
import { receivingPlace, startPlace } from '../critics/index.js';

/** Why the action may not carry the secrets it names, in words the policy can act on; undefined when it may (or names none). */
export function secretRefusal(action: Action, on: Observation, task: ResolvedTask, declared: ReadonlySet<string>): string | undefined {
  const names = [...new Set(secretNames(JSON.stringify(action)))];
  if (names.length === 0) return undefined;
  const undeclared = names.filter((n) => !declared.has(n));
  if (undeclared.length) {
    const which = undeclared.map((n) => `{{secret:${n}}}`).join(', ');
    const own = declared.size ? [...declared].map((n) => `{{secret:${n}}}`).join(', ') : 'none';
    return `refused: ${which} is not a secret of this task, so nothing was done (its secrets: ${own})`;
  }
  if (action.type !== 'type') {
    if (action.type === 'open') return 'refused: a secret never travels in a URL; it is only ever typed into a text field';
    return `refused: a secret is only ever typed into a text field; "${action.type}" never carries one`;
  }
  const t = action.target;
  if (!t || !('element' in t)) return 'refused: a secret is typed only into a field named by its id ({"element": <id>}), not at a point or into whatever has focus';
  const field = on.elements.find((e) => e.id === t.element);
  if (!field) return `refused: there is no element [${t.element}] on this screen to type the secret into`;
  const allowed = startPlace(task);
  const here = receivingPlace(on.platform, on.location, field);
  if (here === undefined || here !== allowed) {
    return `refused: this task's secrets are typed only on ${allowed ?? 'its start place'}, and [${field.id}] is on ${here ?? 'an unknown or opaque origin'}`;
  }
  if (field.attrs.form_method?.toLowerCase() === 'get') {
    return `refused: [${field.id}] is in a form that sends its fields in the URL (method GET), and a secret never travels in a URL`;
  }
  return undefined;
}
