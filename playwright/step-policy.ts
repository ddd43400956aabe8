// Which policy solves a step: cairn's `auto` (replay a remembered trajectory when one fits,
// else the model when one is configured, else search), with two changes for a test step:
// while search tries paths its verifier is probed with a short bound (verifier.ts), and a
// question with no verifier is read off the page (reader.ts) where search would need one.
import { makePolicy, type ModelFlags } from '../agent/policies.js';
import type { RunMemory } from '../agent/run-memory.js';
import type { Policy, PolicyChoice, PolicySource } from '../agent/types.js';
import type { ResolvedTask } from '../contract/index.js';
import { createReaderPolicy } from './reader.js';
import type { Probing } from './verifier.js';

export function stepPolicy(flags: ModelFlags, memory: RunMemory | undefined, probing: Probing, readQuestion?: string): PolicySource {
  const auto = makePolicy('auto', flags, memory);
  const adapt = (p: Policy): Policy => {
    if (p.name === 'search' && readQuestion !== undefined) return createReaderPolicy(readQuestion);
    if (!p.prepare) return p;
    const prepare = p.prepare.bind(p);
    return {
      ...p,
      async prepare(episode) {
        probing.searching = true;
        try {
          return await prepare(episode);
        } finally {
          probing.searching = false;
        }
      },
    };
  };
  return {
    name: auto.name,
    async make(task: ResolvedTask): Promise<PolicyChoice> {
      const choice = await auto.make(task);
      return { ...choice, policy: adapt(choice.policy), ...(choice.fallback ? { fallback: adapt(choice.fallback) } : {}) };
    },
  };
}
