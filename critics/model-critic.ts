// The model critic (GUI-Critic-R1 style): a model looks at the marked screenshot, the goal,
// the history and the proposed action, and says correct or incorrect. `incorrect` becomes
// a revise with the model's suggestion. It never blocks on its own failures: a reply that
// does not parse is asked for once more, then the step is approved with a warning, and a
// failed call is approved with a warning too; only refused credentials (CriticError) end
// the episode.
import { firstLine } from '../common/errors.js';
import { addUsage } from '../common/usage.js';
import { isTerminal } from '../contract/index.js';
import { markTarget, type Mark } from './mark.js';
import { ChatFailure, createCriticChat, criticModelConfig, cutReply, type CriticChat, type CriticModelConfig } from './model.js';
import { criticMessages, FIX_REPLY, parseCriticReply, type CriticMessage } from './model-prompt.js';
import { actedElement, pointsOf } from './landing.js';
import { CriticError, type Critic, type CriticUsage, type ProposalLike, type Verdict, type VetContext } from './types.js';

/** off: never asks; risky: only steps the rules flagged or the policy is unsure of; always: every step. */
export type ModelCriticMode = 'off' | 'risky' | 'always';

export interface ModelCriticOptions {
  mode: ModelCriticMode;
  /** An injected chat function (e.g. agent/llm's client.chat); else `config`, else the CAIRN_CRITIC_* environment. */
  chat?: CriticChat;
  config?: CriticModelConfig;
  /** Longest side of the image sent, in px (default 1024). */
  maxSide?: number;
  /** Terminal actions (answer, done) are not reviewed unless this is true. */
  reviewTerminal?: boolean;
}

export function createModelCritic(opts: ModelCriticOptions): Critic {
  const chat = opts.mode === 'off' ? undefined : opts.chat ?? createCriticChat(opts.config ?? criticModelConfig());
  return {
    name: 'model',
    async vet(ctx, proposal, notes) {
      const skip = skipReason(opts, proposal, notes.flagged);
      if (skip || !chat) return { decision: 'approve', critic: 'model', rule: 'skipped', reason: skip ?? 'the model critic is off' };
      return review(chat, ctx, proposal, notes.flagged, opts.maxSide ?? 1024);
    },
  };
}

function skipReason(opts: ModelCriticOptions, p: ProposalLike, flagged: readonly string[]): string | undefined {
  if (opts.mode === 'off') return 'the model critic is off';
  if (isTerminal(p.action) && !opts.reviewTerminal) return 'terminal actions are not reviewed';
  if (opts.mode === 'risky' && flagged.length === 0 && !p.uncertain) return 'not a risky step (nothing flagged, the policy is sure)';
  return undefined;
}

async function review(chat: CriticChat, ctx: VetContext, p: ProposalLike, flagged: readonly string[], maxSide: number): Promise<Verdict> {
  const target = actedElement(ctx.obs, p.action);
  const image = ctx.obs.screenshot ? await markTarget(ctx.obs.screenshot, ctx.obs.screen, markFor(p, target?.bbox), maxSide) : undefined;
  const messages: CriticMessage[] = criticMessages(ctx, p, target, image, flagged);
  const usage: CriticUsage = { prompt_tokens: 0, completion_tokens: 0 };
  let calls = 0;
  const base = () => ({ critic: 'model', usage: { ...usage }, model_calls: calls });
  let lastError = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    let content: string;
    try {
      const reply = await chat(messages, ctx.deadline !== undefined ? { deadline: ctx.deadline } : {});
      calls += reply.requests ?? 1;
      addUsage(usage, reply.usage);
      content = reply.content;
    } catch (e) {
      if (e instanceof CriticError) {
        e.spent = { model_calls: calls + (e.spent?.model_calls ?? 1), usage: { ...usage } };
        throw e;
      }
      calls += e instanceof ChatFailure ? e.requests : 1;
      const why = firstLine(e);
      return { ...base(), decision: 'approve', rule: 'model_error', reason: 'the model critic could not be reached; approved unreviewed', warning: `model critic call failed: ${why}` };
    }
    const parsed = parseCriticReply(content);
    if (!('error' in parsed)) {
      const said = [parsed.observation, parsed.likely_result].filter(Boolean).join(' ');
      if (parsed.verdict === 'correct') return { ...base(), decision: 'approve', rule: 'correct', reason: said || 'the model judged it correct' };
      const suggestion = parsed.suggestion?.trim();
      return { ...base(), decision: 'revise', rule: 'incorrect', reason: said || 'the model judged it incorrect', ...(suggestion ? { suggestion } : {}) };
    }
    lastError = `${parsed.error}; reply was ${JSON.stringify(content.slice(0, 200))}`;
    messages.push({ role: 'assistant', content: cutReply(content) }, { role: 'user', content: FIX_REPLY });
  }
  return { ...base(), decision: 'approve', rule: 'unparsed', reason: 'the model critic gave no usable verdict (asked twice); approved unreviewed', warning: lastError };
}

function markFor(p: ProposalLike, box: Mark['box']): Mark {
  const point = pointsOf(p.action)[0]?.p;
  if (point) return { ...(box ? { box } : {}), point };
  return box ? { box, point: { x: box.x + box.w / 2, y: box.y + box.h / 2 } } : {};
}
