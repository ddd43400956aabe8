// One chat completion, bounded by a deadline and counted: the policy's model client and the
// model critic both call through it.
import { untilAborted } from './abort.js';
import type { LazyClient } from './endpoint.js';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { usageOf, type TokenUsage } from './usage.js';

/** A chat call that failed: what the SDK threw, the HTTP requests it had sent, and whether the deadline stopped it. */
export class ChatFailure extends Error {
  constructor(override readonly cause: unknown, readonly requests: number, readonly outOfTime: boolean) {
    super(outOfTime ? 'the deadline passed before the model answered' : cause instanceof Error ? cause.message : String(cause));
    this.name = 'ChatFailure';
  }
}

export interface ChatAnswer { content: string; usage: TokenUsage; requests: number }

/**
 * One chat completion through the SDK, its retries included, bounded by `deadline` (ms since
 * the epoch): the request in flight is aborted then, and no retry or backoff outlives it.
 * Counts every HTTP request sent; any failure is a ChatFailure.
 */
export async function completeChat(client: LazyClient, body: ChatCompletionCreateParamsNonStreaming, deadline?: number): Promise<ChatAnswer> {
  let requests = 0;
  const counting = (await client()).withOptions({ fetch: (input, init) => { requests++; return fetch(input, init); } });
  const left = deadline === undefined ? undefined : deadline - Date.now();
  if (left !== undefined && left <= 0) throw new ChatFailure(undefined, 0, true);
  const signal = left === undefined ? undefined : AbortSignal.timeout(left);
  let completion: ChatCompletion;
  try {
    const call = counting.chat.completions.create(body, signal ? { signal } : {});
    // The SDK's backoff between retries does not listen to the signal: stop waiting when it fires.
    completion = await (signal ? untilAborted(call, signal) : call);
  } catch (e) {
    throw new ChatFailure(e, requests, signal?.aborted === true);
  }
  const message = completion.choices[0]?.message;
  return {
    content: message?.content ?? message?.refusal ?? '',
    usage: usageOf(completion.usage),
    requests,
  };
}
