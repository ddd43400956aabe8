// A step's `done` as cairn's verifier: an async assertion (it throws while the step is not
// done, as Playwright's expect does) or cairn check objects. While search tries paths the
// assertion is probed with a short bound: expect's own timeout (5 s by default) on every try
// would make a search of a hundred tries take minutes; the final verdict waits as long as
// the assertion itself says.
import type { Check } from '../contract/index.js';

/** `answer`: what agent.ask() is about to answer, for an assertion over it. */
export type Assertion = (answer?: string) => unknown;
export type Done = Assertion | Check | Check[];

/** Whether the policy is searching (probes are bounded) or the step is being judged. */
export interface Probing { searching: boolean; ms: number }

const CHECK_KINDS = ['url', 'element', 'js', 'answer', 'assertion'];

/** The checks a step is verified by; `what` names the call in errors (`agent.act("...")`). */
export function verifierChecks(done: Done, probing: Probing, what: string): Check[] {
  if (typeof done === 'function') {
    return [{ kind: 'assertion', label: 'done', run: (answer) => (probing.searching ? within(done(answer), probing.ms) : Promise.resolve(done(answer))) }];
  }
  const list = Array.isArray(done) ? done : [done];
  if (!list.length) throw new Error(`${what}: done is an empty list; give an async assertion or at least one cairn check`);
  list.forEach((c, i) => {
    if (!c || typeof c !== 'object' || !CHECK_KINDS.includes((c as { kind?: string }).kind ?? '')) {
      throw new Error(`${what}: done${Array.isArray(done) ? `[${i}]` : ''} is ${JSON.stringify(c)}; expected an async assertion `
        + `(() => expect(...).toBeVisible()) or cairn check objects with kind ${CHECK_KINDS.slice(0, -1).join(', ')}, e.g. { kind: 'url', contains: '/done' }`);
    }
  });
  return list;
}

/** The assertion's outcome if it comes within `ms`; a later failure is dropped (the page has moved on). */
function within(work: unknown, ms: number): Promise<unknown> {
  const settled = Promise.resolve(work);
  settled.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not done within ${ms} ms (probed while searching)`)), ms);
  });
  return Promise.race([settled, late]).finally(() => clearTimeout(timer));
}
