// The model critic's own endpoint, for runs that give it a model of its own: CAIRN_CRITIC_MODEL,
// CAIRN_CRITIC_BASE_URL and CAIRN_CRITIC_API_KEY, else OPENAI_BASE_URL and OPENAI_API_KEY
// (common/endpoint.ts). Refused credentials are a CriticError, which ends the episode: a critic
// that can never answer is not a critic.
import { ChatFailure, completeChat } from '../common/chat.js';
import { DEFAULT_BASE_URL, describeFailure, openAiClient, resolveEndpoint } from '../common/endpoint.js';
import type { CriticMessage } from './model-prompt.js';
import { CriticError, type CriticUsage } from './types.js';

/** `requests`: the HTTP requests the call sent, retries included (default 1). */
export interface CriticChatReply { content: string; usage: CriticUsage; requests?: number }
/** `deadline` (ms since the epoch): the call ends by then, answered or not. */
export type CriticChat = (messages: CriticMessage[], opts?: { deadline?: number }) => Promise<CriticChatReply>;

export interface CriticModelConfig { model: string; baseURL?: string; apiKey: string; maxRetries?: number; timeoutMs?: number }

export function criticModelConfig(env: NodeJS.ProcessEnv = process.env): CriticModelConfig {
  const model = env.CAIRN_CRITIC_MODEL?.trim();
  if (!model) throw new Error('the model critic has no model: set CAIRN_CRITIC_MODEL (and CAIRN_CRITIC_BASE_URL for an OpenAI-compatible endpoint), or pass it a chat function');
  const { baseURL, apiKey } = resolveEndpoint({ baseURL: env.CAIRN_CRITIC_BASE_URL, apiKey: env.CAIRN_CRITIC_API_KEY }, env);
  if (!apiKey) throw new Error(`critic model "${model}" has no API key: set CAIRN_CRITIC_API_KEY or OPENAI_API_KEY, or CAIRN_CRITIC_BASE_URL for a local endpoint that needs none`);
  return { model, baseURL, apiKey };
}

export function createCriticChat(config: CriticModelConfig): CriticChat {
  const endpoint = config.baseURL ?? DEFAULT_BASE_URL;
  const sdk = openAiClient({ baseURL: endpoint, apiKey: config.apiKey }, config);
  return (messages, opts = {}) => completeChat(sdk, { model: config.model, messages }, opts.deadline).catch((e: ChatFailure) => {
    if (describeFailure(e.cause, { endpoint, model: config.model, apiKey: config.apiKey, requests: e.requests }).kind !== 'auth') throw e;
    throw new CriticError(`the model critic's endpoint ${endpoint} refused the credentials (HTTP ${(e.cause as { status?: number }).status}) ` +
      `for model "${config.model}": check CAIRN_CRITIC_API_KEY (or OPENAI_API_KEY) and CAIRN_CRITIC_BASE_URL`, { model_calls: e.requests });
  });
}

/** The longest reply sent back to a model that is asked again: a huge malformed reply is not resent whole. */
export const FED_BACK_MAX = 2_000;

/** A reply as it is fed back on a retry: cut to FED_BACK_MAX characters, saying so. */
export function cutReply(content: string): string {
  if (content.length <= FED_BACK_MAX) return content;
  return `${content.slice(0, FED_BACK_MAX)}\n[cut: the reply was ${content.length} characters; only its first ${FED_BACK_MAX} are shown]`;
}

export { ChatFailure, completeChat };
