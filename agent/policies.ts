// Which policy drives an episode, chosen per task. `auto` (the default): replay a
// remembered trajectory when one fits; else the model when one is configured (with the
// memory as guidance); else the offline search (every task has checks to guide it).
import type { MemoryStore } from '../memory/index.js';
import { renderGuidance } from '../memory/index.js';
import type { ResolvedTask } from '../tasks/types.js';
import { createLlmPolicy, modelConfig, type ModelConfig } from './llm/index.js';
import { chooseRecollection, createReplayPolicy } from './replay/index.js';
import { createSearchPolicy, type SearchOptions } from './search/policy.js';
import { PolicyError, type PolicyChoice, type PolicySource } from './types.js';

export const POLICIES = ['auto', 'replay', 'llm', 'search'] as const;
export type PolicyName = (typeof POLICIES)[number];

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
export function makePolicy(name: PolicyName, flags: ModelFlags, memory?: MemoryStore, search: SearchOptions = {}): PolicyMaker {
  const config = name === 'llm' ? modelConfig(flags) : optionalConfig(flags);
  const recall = async (task: ResolvedTask) => (memory ? memory.recall(task, RECALL_K) : []);
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
      const fallback = config ? await llm(task, recs) : undefined;
      return { policy: createReplayPolicy({ recollection: fit, fallback: fallback?.policy }), guidance_tokens: fallback?.guidance_tokens };
    },
    auto: async (task: ResolvedTask) => {
      const recs = await recall(task);
      const fit = chooseRecollection(recs, task);
      const model = config ? await llm(task, recs) : undefined;
      if (fit) return { policy: createReplayPolicy({ recollection: fit, fallback: model?.policy }), guidance_tokens: model?.guidance_tokens };
      return model ?? { policy: createSearchPolicy(search) };
    },
  } satisfies Record<PolicyName, (task: ResolvedTask) => Promise<PolicyChoice>>;
  return { name, model: config?.model, make: makers[name] };
}

/** No model named anywhere: none. A model named but badly configured: the clear error. */
function optionalConfig(flags: ModelFlags): ModelConfig | undefined {
  return flags.model || process.env.CAIRN_MODEL ? modelConfig(flags) : undefined;
}
