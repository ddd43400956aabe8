// Policy names the CLI offers, and how each is made. Checked by the compiler: a new
// name without a maker does not build.
import { createLlmPolicy, modelConfig } from './llm/index.js';
import { createSearchPolicy } from './search/policy.js';
import type { Policy } from './types.js';

export const POLICIES = ['search', 'llm'] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface ModelFlags { model?: string; baseUrl?: string; vision?: boolean }

/** Fails at once (before any browser starts) when the policy cannot be made, e.g. no model configured. */
export function makePolicy(name: PolicyName, flags: ModelFlags): { make: () => Policy; model?: string } {
  const makers = {
    search: () => ({ make: () => createSearchPolicy() }),
    llm: () => {
      const config = modelConfig(flags);
      return { make: () => createLlmPolicy({ config }), model: config.model };
    },
  } satisfies Record<PolicyName, () => { make: () => Policy; model?: string }>;
  return makers[name]();
}
