// Which policy drives an episode, chosen per task. `auto` (the default): replay a
// remembered trajectory when one fits; else the model when one is configured (with the
// memory as guidance); else the offline search (every task has checks to guide it). When a
// replay loses its trail, auto hands over to the model, else to search from a restart: never
// worse than without memory. `replay` hands over to the model only, else fails loudly.
import type { MemoryStore, Recollection } from '../memory/index.js';
import { renderGuidance } from '../memory/guidance.js'; // not index.js: that loads LanceDB
import type { ResolvedTask } from '../contract/index.js';
import { createLlmPolicy, modelNamed, policyModelConfig } from './llm/index.js';
import { chooseRecollection, createReplayPolicy } from './replay/index.js';
import { createSearchPolicy, type SearchOptions } from './search/policy.js';
import { PolicyError, type PolicyChoice, type PolicySource } from './types.js';
import type { PolicyName } from './policy-names.js';
import { RunMemory } from './run-memory.js';

export { POLICIES, type PolicyName } from './policy-names.js';

export interface ModelFlags { model?: string; baseUrl?: string; vision?: boolean }

export interface PolicyMaker extends PolicySource {
  readonly name: PolicyName;
  readonly model?: string;
}

const RECALL_K = 3;

/**
 * Fails at once, before any browser starts, when the policy cannot be made (e.g. llm with no
 * model). `search` configures the search policy wherever it is used.
 */
export function makePolicy(name: PolicyName, flags: ModelFlags, memory?: MemoryStore | RunMemory, search: SearchOptions = {}): PolicyMaker {
  const config = policyModelConfig(name, flags);
  // A memory that fails is set aside (run-memory.ts): recall finds nothing, as with no memory.
  const guard = memory && RunMemory.of(memory);
  const recall = async (task: ResolvedTask) => (guard ? guard.recall(task, RECALL_K) : []);
  const llm = async (task: ResolvedTask, recs?: Awaited<ReturnType<typeof recall>>): Promise<PolicyChoice> => {
    const guidance = recs?.length ? renderGuidance(recs, task) : undefined;
    return {
      policy: createLlmPolicy({ config: config!, ...(guidance ? { guidance: () => guidance.text } : {}) }),
      ...(guidance ? { guidance_tokens: guidance.tokens } : {}),
    };
  };

  const makers = {
    search: async () => ({ policy: createSearchPolicy(search) }),
    llm: async (task: ResolvedTask) => llm(task, await recall(task)),
    replay: async (task: ResolvedTask) => {
      const recs = await recall(task);
      const fit = chooseRecollection(recs, task);
      if (!fit) throw new PolicyError(`no remembered trajectory fits "${task.goal}" (${recs.length} recalled)`, 'exhausted');
      return replaying(fit, config ? await llm(task, recs) : undefined);
    },
    auto: async (task: ResolvedTask) => {
      const recs = await recall(task);
      const fit = chooseRecollection(recs, task);
      const model = config ? await llm(task, recs) : undefined;
      if (fit) return replaying(fit, model ?? { policy: createSearchPolicy(search) });
      return model ?? { policy: createSearchPolicy(search) };
    },
  } satisfies Record<PolicyName, (task: ResolvedTask) => Promise<PolicyChoice>>;
  return { name, model: config?.model, make: makers[name] };
}

function replaying(fit: Recollection, fallback: PolicyChoice | undefined): PolicyChoice {
  return {
    policy: createReplayPolicy({ recollection: fit }),
    recalled: { id: fit.record.id, similarity: Math.round(fit.similarity * 1000) / 1000 },
    ...(fallback ? { fallback: fallback.policy, ...(fallback.guidance_tokens ? { guidance_tokens: fallback.guidance_tokens } : {}) } : {}),
  };
}

/** What `auto` runs when no remembered trajectory fits: the model when one is named (flag or CAIRN_MODEL), else search. */
export function unguidedPolicy(flags: ModelFlags): 'llm' | 'search' {
  return modelNamed(flags) ? 'llm' : 'search';
}
