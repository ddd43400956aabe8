// The model critic's own endpoint, for runs that give it a model of its own: resolved from
// CAIRN_CRITIC_MODEL, CAIRN_CRITIC_BASE_URL and CAIRN_CRITIC_API_KEY (or OPENAI_API_KEY).
// The openai SDK owns HTTP retries (429/5xx/timeouts, with backoff). Refused credentials are a
// CriticError, which ends the episode: a critic that can never answer is not a critic.
// completeChat() is the one bounded, counted chat call; agent/llm's client makes its calls
// through it too (critics/ cannot import agent/).
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
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
  const baseURL = env.CAIRN_CRITIC_BASE_URL?.trim() || undefined;
  // Local endpoints need no key, but the SDK insists on one.
  const apiKey = env.CAIRN_CRITIC_API_KEY?.trim() || env.OPENAI_API_KEY?.trim() || (baseURL ? 'none' : undefined);
  if (!apiKey) throw new Error(`critic model "${model}" has no API key: set CAIRN_CRITIC_API_KEY or OPENAI_API_KEY, or CAIRN_CRITIC_BASE_URL for a local endpoint that needs none`);
  return { model, ...(baseURL ? { baseURL } : {}), apiKey };
}

export function createCriticChat(config: CriticModelConfig): CriticChat {
  const endpoint = config.baseURL ?? 'https://api.openai.com/v1';
  const sdk = new OpenAI({ apiKey: config.apiKey, baseURL: endpoint, maxRetries: config.maxRetries ?? 2, timeout: config.timeoutMs ?? 120_000 });
  return async (messages, opts = {}) => {
    const { completion, requests } = await completeChat(sdk, { model: config.model, messages }, opts.deadline).catch((e: ChatFailure) => {
      const refused = e.cause instanceof OpenAI.AuthenticationError || e.cause instanceof OpenAI.PermissionDeniedError;
      if (!refused) throw e;
      throw new CriticError(`the model critic's endpoint ${endpoint} refused the credentials (HTTP ${e.cause.status}) ` +
        `for model "${config.model}": check CAIRN_CRITIC_API_KEY (or OPENAI_API_KEY) and CAIRN_CRITIC_BASE_URL`, { model_calls: e.requests });
    });
    const message = completion.choices[0]?.message;
    return {
      content: message?.content ?? message?.refusal ?? '',
      usage: { prompt_tokens: completion.usage?.prompt_tokens ?? 0, completion_tokens: completion.usage?.completion_tokens ?? 0 },
      requests,
    };
  };
}

/** A chat call that failed: what the SDK threw, the HTTP requests it had sent, and whether the deadline stopped it. */
export class ChatFailure extends Error {
  constructor(override readonly cause: unknown, readonly requests: number, readonly outOfTime: boolean) {
    super(outOfTime ? 'the deadline passed before the model answered' : cause instanceof Error ? cause.message : String(cause));
    this.name = 'ChatFailure';
  }
}

/**
 * One chat completion through the SDK, its retries included, bounded by `deadline` (ms since
 * the epoch): the request in flight is aborted then, and no retry or backoff outlives it.
 * Counts every HTTP request sent; any failure is a ChatFailure.
 */
export async function completeChat(sdk: OpenAI, body: ChatCompletionCreateParamsNonStreaming, deadline?: number): Promise<{ completion: ChatCompletion; requests: number }> {
  let requests = 0;
  const counting = sdk.withOptions({ fetch: (input, init) => { requests++; return fetch(input, init); } });
  const left = deadline === undefined ? undefined : deadline - Date.now();
  if (left !== undefined && left <= 0) throw new ChatFailure(undefined, 0, true);
  const signal = left === undefined ? undefined : AbortSignal.timeout(left);
  try {
    const call = counting.chat.completions.create(body, signal ? { signal } : {});
    return { completion: await (signal ? untilAborted(call, signal) : call), requests };
  } catch (e) {
    throw new ChatFailure(e, requests, signal?.aborted === true);
  }
}

/** The SDK's backoff between retries does not listen to the signal: stop waiting when it fires. */
function untilAborted<T>(work: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).then(() => signal.removeEventListener('abort', stop));
  });
}

/** The longest reply sent back to a model that is asked again: a huge malformed reply is not resent whole. */
export const FED_BACK_MAX = 2_000;

/** A reply as it is fed back on a retry: cut to FED_BACK_MAX characters, saying so. */
export function cutReply(content: string): string {
  if (content.length <= FED_BACK_MAX) return content;
  return `${content.slice(0, FED_BACK_MAX)}\n[cut: the reply was ${content.length} characters; only its first ${FED_BACK_MAX} are shown]`;
}
