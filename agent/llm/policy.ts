// The model policy: one prompt per step, one action back. A reply that does not parse
// is answered with the parse error and asked again (the reply fed back cut to a bound), a
// bounded number of times. Every call ends by the episode's deadline.
import { cutReply } from '../../critics/index.js';
import { addUsage } from '../../common/usage.js';
import { PolicyError, type Policy, type Proposal, type Spent, type StepContext } from '../types.js';
import { createModelClient, type ChatMessage, type ModelClient } from './client.js';
import type { ModelConfig } from './config.js';
import { ModelReplyError, parseModelAction } from './parse.js';
import { buildMessages } from './prompt.js';

export interface LlmPolicyOptions {
  config: ModelConfig;
  /** Extra asks after a reply that does not parse (default 2). */
  maxParseRetries?: number;
  /** Similar tasks done before, rendered for the prompt (memory provides it). */
  guidance?: (ctx: StepContext) => string | undefined;
  /** Defaults to a client made from `config`. */
  client?: ModelClient;
}

export function createLlmPolicy(opts: LlmPolicyOptions): Policy {
  const client = opts.client ?? createModelClient(opts.config);
  const maxParseRetries = opts.maxParseRetries ?? 2;
  return {
    name: 'llm',
    wantsScreenshot: opts.config.vision,
    async propose(ctx: StepContext): Promise<Proposal> {
      const guidance = opts.guidance?.(ctx);
      const messages: ChatMessage[] = await buildMessages(ctx, {
        vision: opts.config.vision,
        ...(guidance ? { guidance } : {}),
      });
      // Every HTTP request counts, the SDK's retries and the asks after an unusable reply included.
      const spent: Spent = { model_calls: 0, usage: { prompt_tokens: 0, completion_tokens: 0 } };
      let asks = 0;
      let lastError = '';
      try {
        while (asks <= maxParseRetries) {
          const reply = await client.chat(messages, ctx.deadline !== undefined ? { deadline: ctx.deadline } : {});
          asks++;
          spent.model_calls += reply.requests;
          addUsage(spent.usage, reply.usage);
          try {
            const { action, thought } = parseModelAction(reply.content);
            return { action, ...(thought ? { thought } : {}), usage: spent.usage, model_calls: spent.model_calls };
          } catch (err) {
            if (!(err instanceof ModelReplyError)) throw err;
            lastError = err.message;
            messages.push(
              { role: 'assistant', content: cutReply(reply.content) },
              { role: 'user', content: `Your reply could not be used: ${err.message}\nReply again with exactly one JSON object.` },
            );
          }
        }
      } catch (err) {
        if (err instanceof PolicyError) err.spent = { model_calls: spent.model_calls + (err.spent?.model_calls ?? 0), usage: spent.usage };
        throw err;
      }
      throw new PolicyError(
        `the replies of model "${client.model}" did not parse as an action (${asks} tries); last error: ${lastError}`,
        'model',
        spent,
      );
    },
  };
}
