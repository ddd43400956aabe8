// The one way cairn reaches an OpenAI-compatible endpoint, for each of its three uses: the
// policy's chat model (agent/llm), the model critic's (critics/) and the embedder (memory/).
// Each use has its own variables; what it leaves unset comes from OPENAI_BASE_URL and
// OPENAI_API_KEY (a pair: a key goes with its server), then api.openai.com. The SDK is always
// given the base URL, so it never reads OPENAI_BASE_URL behind the resolution's back, and
// errors name the endpoint, never the key. The SDK loads with the first client: a run with no
// model never pays for it.
import type OpenAI from 'openai';

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** Retries of 408/409/429/5xx and timeouts, with backoff honouring Retry-After (the SDK's). */
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Local endpoints need no key, but the SDK insists on one. */
const NO_KEY = 'none';

export interface Endpoint { baseURL: string; apiKey: string }

/**
 * The use's own base URL and key (flags or CAIRN_*_ variables), else OPENAI_BASE_URL and
 * OPENAI_API_KEY, else api.openai.com. Undefined apiKey: api.openai.com with no key anywhere.
 */
export function resolveEndpoint(own: { baseURL?: string; apiKey?: string }, env: NodeJS.ProcessEnv = process.env): { baseURL: string; apiKey?: string } {
  const baseURL = nonEmpty(own.baseURL) ?? nonEmpty(env.OPENAI_BASE_URL);
  const apiKey = nonEmpty(own.apiKey) ?? nonEmpty(env.OPENAI_API_KEY) ?? (baseURL ? NO_KEY : undefined);
  return { baseURL: baseURL ?? DEFAULT_BASE_URL, ...(apiKey ? { apiKey } : {}) };
}

/** A client made on its first use, the SDK loaded with it. */
export type LazyClient = () => Promise<OpenAI>;

/** The SDK once a client has loaded it: describeFailure tells its errors apart by its classes. */
let loadedSdk: typeof OpenAI | undefined;

export function openAiClient(endpoint: Endpoint, opts: { maxRetries?: number; timeoutMs?: number } = {}): LazyClient {
  let client: Promise<OpenAI> | undefined;
  return () => (client ??= import('openai').then(({ default: OpenAI }) => {
    loadedSdk = OpenAI;
    return new OpenAI({
      apiKey: endpoint.apiKey,
      baseURL: endpoint.baseURL,
      maxRetries: opts.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }));
}

export type FailureKind = 'auth' | 'timeout' | 'unreachable' | 'api' | 'other';

/** What an SDK error means, said with the endpoint and the model, the key redacted. */
export function describeFailure(
  err: unknown,
  c: { endpoint: string; model: string; apiKey: string; requests?: number },
): { kind: FailureKind; message: string } {
  const said = (e: Error) => redact(e.message, c.apiKey);
  const OpenAI = loadedSdk;
  if (!OpenAI) return other(err, c.endpoint, said); // no client made yet: the error is not the SDK's
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return { kind: 'auth', message: `model endpoint ${c.endpoint} refused the credentials (HTTP ${err.status}) for model "${c.model}"; server said: ${said(err)}` };
  }
  const tries = c.requests === undefined ? '' : ` after ${c.requests} attempt${c.requests === 1 ? '' : 's'}`;
  if (err instanceof OpenAI.APIConnectionTimeoutError) return { kind: 'timeout', message: `model endpoint ${c.endpoint} timed out${tries}` };
  if (err instanceof OpenAI.APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${said(rootCause(err.cause))}` : '';
    return { kind: 'unreachable', message: `could not reach model endpoint ${c.endpoint}${tries}${cause}` };
  }
  if (err instanceof OpenAI.APIError) {
    const retried = err.status !== undefined && isRetriedStatus(err.status) ? tries : '';
    return { kind: 'api', message: `model endpoint ${c.endpoint} failed for model "${c.model}"${retried}: ${said(err)}` };
  }
  return other(err, c.endpoint, said);
}

function other(err: unknown, endpoint: string, said: (e: Error) => string): { kind: FailureKind; message: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  return { kind: 'other', message: `model call to ${endpoint} failed: ${said(e)}` };
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

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}
