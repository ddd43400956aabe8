// The model critic's own endpoint, for runs that give it a model of its own: resolved from
// CAIRN_CRITIC_MODEL, CAIRN_CRITIC_BASE_URL and CAIRN_CRITIC_API_KEY (or OPENAI_API_KEY).
// The openai SDK owns HTTP retries (429/5xx/timeouts, with backoff). Refused credentials are a
// CriticError, which ends the episode: a critic that can never answer is not a critic.
import OpenAI from 'openai';
import type { CriticMessage } from './model-prompt.js';
import { CriticError, type CriticUsage } from './types.js';

export interface CriticChatReply { content: string; usage: CriticUsage }
export type CriticChat = (messages: CriticMessage[]) => Promise<CriticChatReply>;

export interface CriticModelConfig { model: string; baseURL?: string; apiKey: string; maxRetries?: number; timeoutMs?: number }

export function criticModelConfig(env: NodeJS.ProcessEnv = process.env): CriticModelConfig {
  const model = env.CAIRN_CRITIC_MODEL?.trim();
  if (!model) throw new Error('the model critic has no model: set CAIRN_CRITIC_MODEL (and CAIRN_CRITIC_BASE_URL for an OpenAI-compatible endpoint), or pass it a chat function');
  const baseURL = env.CAIRN_CRITIC_BASE_URL?.trim() || undefined;
  // Local endpoints need no key, but the SDK insists on one.
  const apiKey = env.CAIRN_CRITIC_API_KEY?.trim() || env.OPENAI_API_KEY?.trim() || (baseURL ? 'none' : undefined);
  if (!apiKey) throw new Error(`critic model "${model}" has no API key: set CAIRN_CRITIC_API_KEY or OPENAI_API_KEY, or CAIRN_CRITIC_BASE_URL for a local endpoint that needs none`);
  return { model, ...(baseURL ? { baseURL } : {}), apiKey };
}

export function createCriticChat(config: CriticModelConfig): CriticChat {
  const sdk = new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL ?? 'https://api.openai.com/v1', maxRetries: config.maxRetries ?? 2, timeout: config.timeoutMs ?? 120_000 });
  return async (messages) => {
    const completion = await sdk.chat.completions.create({ model: config.model, messages }).catch((e: unknown) => {
      if (e instanceof OpenAI.AuthenticationError || e instanceof OpenAI.PermissionDeniedError) {
        throw new CriticError(`the model critic's endpoint ${config.baseURL ?? 'https://api.openai.com/v1'} refused the credentials (HTTP ${e.status}) ` +
          `for model "${config.model}": check CAIRN_CRITIC_API_KEY (or OPENAI_API_KEY) and CAIRN_CRITIC_BASE_URL`);
      }
      throw e;
    });
    const message = completion.choices[0]?.message;
    return {
      content: message?.content ?? message?.refusal ?? '',
      usage: { prompt_tokens: completion.usage?.prompt_tokens ?? 0, completion_tokens: completion.usage?.completion_tokens ?? 0 },
    };
  };
}
