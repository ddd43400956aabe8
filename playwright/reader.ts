// agent.ask() with no model and no verifier: the answer read off the page as a person reads
// a form or a card, by its label. The label is a field's own name (its value is the answer)
// or the short text just before a text ("Phone" before "555-0101"); the one whose words the
// question names best wins. A text the question itself names ("Ann Lee") is never the answer.
import type { Observation, UIElement } from '../contract/index.js';
import { words } from '../agent/search/candidates.js';
import { PolicyError, type Policy, type Proposal, type StepContext } from '../agent/types.js';

const LABEL_MAX_CHARS = 40;

export interface Reading { text: string; label: string; element: UIElement }

export function createReaderPolicy(question: string): Policy {
  return {
    name: 'read',
    async propose(ctx: StepContext): Promise<Proposal> {
      const found = readOff(question, ctx.obs);
      if (!found) {
        throw new PolicyError(`nothing on ${ctx.obs.location} is labelled with a word of "${question}"; `
          + 'give ask() a done assertion over the answer (search then looks for it), or configure a model (CAIRN_MODEL)', 'exhausted');
      }
      return { action: { type: 'answer', text: found.text }, thought: `read beside "${found.label}"`, model_calls: 0 };
    },
  };
}

export function readOff(question: string, obs: Observation): Reading | undefined {
  const asked = new Set(words(question));
  let best: (Reading & { score: number }) | undefined;
  for (const e of obs.elements) {
    if (!e.state.visible) continue;
    const before = obs.elements[e.id - 1];
    const pairs: { label: string; text: string }[] = [];
    if (e.value?.trim()) pairs.push({ label: e.name, text: e.value.trim() });
    if (before?.role === 'text' && before.name.trim().length <= LABEL_MAX_CHARS && e.name.trim() && e.name.trim() !== before.name.trim()) {
      pairs.push({ label: before.name.trim(), text: e.name.trim() });
    }
    for (const { label, text } of pairs) {
      const labelWords = words(label);
      if (!labelWords.length || words(text).some((w) => asked.has(w))) continue;
      const score = labelWords.filter((w) => asked.has(w)).length / labelWords.length;
      if (score > 0 && score > (best?.score ?? 0)) best = { text, label, element: e, score };
    }
  }
  return best && { text: best.text, label: best.label, element: best.element };
}
