// Tokens a model endpoint reported, as they add up over calls: prompt (cached ones included),
// completion, and the prompt tokens it served from its cache when it says so (OpenAI's
// `usage.prompt_tokens_details.cached_tokens`; vLLM and others may not).
export interface TokenUsage { prompt_tokens: number; completion_tokens: number; cached_tokens?: number }

/** Adds `more` into `into`; `cached_tokens` appears only once an endpoint has reported some. */
export function addUsage(into: TokenUsage, more: TokenUsage | undefined): TokenUsage {
  if (!more) return into;
  into.prompt_tokens += more.prompt_tokens;
  into.completion_tokens += more.completion_tokens;
  if (more.cached_tokens) into.cached_tokens = (into.cached_tokens ?? 0) + more.cached_tokens;
  return into;
}

/** The usage block of a chat completion, as the SDK types it. */
export function usageOf(u: { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null } | undefined): TokenUsage {
  const cached = u?.prompt_tokens_details?.cached_tokens ?? 0;
  return { prompt_tokens: u?.prompt_tokens ?? 0, completion_tokens: u?.completion_tokens ?? 0, ...(cached ? { cached_tokens: cached } : {}) };
}
