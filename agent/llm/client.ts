// A thin wrapper over the openai SDK. The SDK owns retries: 408/409/429/5xx and
// timeouts are retried with exponential backoff, honouring Retry-After(-ms); the call as a
// whole ends by the episode's deadline (completeChat). This file owns only the translation
// of what is left into PolicyErrors that say what to do, without ever echoing the key.
import OpenAI from 'openai';
import { ChatFailure, completeChat } from '../../critics/index.js';
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

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export function createModelClient(config: ModelConfig): ModelClient {
  const endpoint = config.baseURL ?? DEFAULT_BASE_URL;
  const maxRetries = config.maxRetries ?? 3;
  const sdk = new OpenAI({
    apiKey: config.apiKey,
    // Passed explicitly so the SDK does not re-read OPENAI_BASE_URL behind the config's back.
    baseURL: endpoint,
    maxRetries,
    timeout: config.timeoutMs ?? 120_000,
  });
  return {
    model: config.model,
    endpoint,
    async chat(messages, opts = {}) {
      try {
        const { completion, requests } = await completeChat(sdk, { model: config.model, messages }, opts.deadline);
        const message = completion.choices[0]?.message;
        return {
          content: message?.content ?? message?.refusal ?? '',
          usage: {
            prompt_tokens: completion.usage?.prompt_tokens ?? 0,
            completion_tokens: completion.usage?.completion_tokens ?? 0,
          },
          requests,
        };
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

function toPolicyError(
  err: unknown,
  c: { endpoint: string; model: string; apiKey: string; requests: number },
): PolicyError {
  const said = (e: Error) => redact(e.message, c.apiKey);
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new PolicyError(
      `model endpoint ${c.endpoint} refused the credentials (HTTP ${err.status}) for model "${c.model}": ` +
        `check OPENAI_API_KEY and OPENAI_BASE_URL. Server said: ${said(err)}`,
      'auth',
    );
  }
  const tries = `after ${c.requests} attempt${c.requests === 1 ? '' : 's'}`;
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new PolicyError(`model endpoint ${c.endpoint} timed out ${tries}`, 'model');
  }
  if (err instanceof OpenAI.APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${said(rootCause(err.cause))}` : '';
    return new PolicyError(`could not reach model endpoint ${c.endpoint} ${tries}${cause}`, 'model');
  }
  if (err instanceof OpenAI.APIError) {
    const retried = err.status !== undefined && isRetriedStatus(err.status) ? ` ${tries}` : '';
    return new PolicyError(`model endpoint ${c.endpoint} failed for model "${c.model}"${retried}: ${said(err)}`, 'model');
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return new PolicyError(`model call to ${c.endpoint} failed: ${said(e)}`, 'model');
}

/** What the SDK retries on its own (its shouldRetry). */
function isRetriedStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** fetch wraps the socket error ("connect ECONNREFUSED ...") in a bare "fetch failed". */
function rootCause(e: Error): Error {
  return e.cause instanceof Error ? rootCause(e.cause) : e;
}

function redact(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('***') : text;
}
