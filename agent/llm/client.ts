// The policy's model client, over common/endpoint.ts (the SDK, its retries with backoff
// honouring Retry-After) and common/chat.ts (the call bounded by the episode's deadline). This
// file owns only the translation of failures into PolicyErrors that say what to do.
import type OpenAI from 'openai';
import { ChatFailure, completeChat } from '../../common/chat.js';
import { DEFAULT_BASE_URL, describeFailure, openAiClient } from '../../common/endpoint.js';
import { PolicyError, type Usage } from '../types.js';
import type { ModelConfig } from './config.js';

export type ChatMessage = OpenAI.Chat.ChatCompletionMessageParam;

/** `requests`: the HTTP requests the call sent, the SDK's retries included. */
export interface ModelReply { content: string; usage: Usage; requests: number }

export interface ModelClient {
  readonly model: string;
  /** The base URL requests go to, for messages. */
  readonly endpoint: string;
  /**
   * One logical call: the SDK's HTTP retries happen inside it, and it ends by `deadline` (ms
   * since the epoch) with a PolicyError of kind `timeout`. A failure's `spent` counts the
   * requests it sent.
   */
  chat(messages: ChatMessage[], opts?: { deadline?: number }): Promise<ModelReply>;
}

export function createModelClient(config: ModelConfig): ModelClient {
  const endpoint = config.baseURL ?? DEFAULT_BASE_URL;
  const sdk = openAiClient({ baseURL: endpoint, apiKey: config.apiKey }, config);
  return {
    model: config.model,
    endpoint,
    async chat(messages, opts = {}) {
      try {
        return await completeChat(sdk, { model: config.model, messages }, opts.deadline);
      } catch (err) {
        const failure = err as ChatFailure;
        const e = failure.outOfTime
          ? new PolicyError(`the episode's time ran out while waiting for model endpoint ${endpoint}`, 'timeout')
          : toPolicyError(failure.cause, { endpoint, model: config.model, apiKey: config.apiKey, requests: failure.requests });
        e.spent = { model_calls: failure.requests, usage: { prompt_tokens: 0, completion_tokens: 0 } };
        throw e;
      }
    },
  };
}

function toPolicyError(err: unknown, c: { endpoint: string; model: string; apiKey: string; requests: number }): PolicyError {
  const { kind, message } = describeFailure(err, c);
  return kind === 'auth'
    ? new PolicyError(`${message}; check OPENAI_API_KEY and OPENAI_BASE_URL`, 'auth')
    : new PolicyError(message, 'model');
}
