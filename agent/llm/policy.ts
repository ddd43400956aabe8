// The model policy: one prompt per step, one action back. A reply that does not parse
// is answered with the parse error and asked again, a bounded number of times.
import { PolicyError, type Policy, type Proposal, type StepContext, type Usage } from '../types.js';
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
      const usage: Usage = { prompt_tokens: 0, completion_tokens: 0 };
      // A call is one chat() here; the HTTP retries the SDK makes inside it are not counted.
      let calls = 0;
      let lastError = '';
      while (calls <= maxParseRetries) {
        const reply = await client.chat(messages);
        calls++;
        usage.prompt_tokens += reply.usage.prompt_tokens;
        usage.completion_tokens += reply.usage.completion_tokens;
        try {
          const { action, thought } = parseModelAction(reply.content);
          return { action, ...(thought ? { thought } : {}), usage, model_calls: calls };
        } catch (err) {
          if (!(err instanceof ModelReplyError)) throw err;
          lastError = err.message;
          messages.push(
            { role: 'assistant', content: reply.content },
            { role: 'user', content: `Your reply could not be used: ${err.message}\nReply again with exactly one JSON object.` },
          );
        }
      }
      throw new PolicyError(
        `the replies of model "${client.model}" did not parse as an action (${calls} tries); last error: ${lastError}`,
        'model',
      );
    },
  };
}
