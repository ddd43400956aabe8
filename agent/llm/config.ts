// Which model to call and how: resolved once from CLI flags, then the environment.
import { DEFAULT_BASE_URL, resolveEndpoint } from '../../common/endpoint.js';
import { PolicyError } from '../types.js';

export interface ModelFlags { model?: string; baseUrl?: string; apiKey?: string; vision?: boolean }

export interface ModelConfig {
  model: string;
  /** An OpenAI-compatible endpoint (vLLM, Ollama, a gateway); unset means api.openai.com. */
  baseURL?: string;
  apiKey: string;
  /** Send the marked screenshot along with the element list. */
  vision: boolean;
  /** SDK retries for 408/409/429/5xx/timeouts (default 3). */
  maxRetries?: number;
  /** Per HTTP attempt, in ms (default 120000). */
  timeoutMs?: number;
}

/** Whether a model is named at all (flag or CAIRN_MODEL). */
export function modelNamed(flags: ModelFlags, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(nonEmpty(flags.model) ?? nonEmpty(env.CAIRN_MODEL));
}

/**
 * The model a policy calls: llm needs one; the others call one only when it is named. A model
 * named but badly configured is the clear error, whatever the policy.
 */
export function policyModelConfig(policy: string, flags: ModelFlags, env: NodeJS.ProcessEnv = process.env): ModelConfig | undefined {
  return policy === 'llm' || modelNamed(flags, env) ? modelConfig(flags, env) : undefined;
}

export function modelConfig(flags: ModelFlags, env: NodeJS.ProcessEnv = process.env): ModelConfig {
  const model = nonEmpty(flags.model) ?? nonEmpty(env.CAIRN_MODEL);
  if (!model) {
    throw new PolicyError(
      'no model configured: set CAIRN_MODEL or pass --model, plus OPENAI_API_KEY ' +
        'for api.openai.com, or OPENAI_BASE_URL (or --base-url) for an OpenAI-compatible endpoint',
      'config',
    );
  }
  const { baseURL, apiKey } = resolveEndpoint({ baseURL: flags.baseUrl, apiKey: flags.apiKey }, env);
  if (!apiKey) {
    throw new PolicyError(
      `model "${model}" has no API key: set OPENAI_API_KEY, ` +
        'or OPENAI_BASE_URL (or --base-url) for a local endpoint that needs none',
      'config',
    );
  }
  const vision = flags.vision ?? /^(1|true|yes)$/i.test(env.CAIRN_VISION ?? '');
  return { model, ...(baseURL !== DEFAULT_BASE_URL ? { baseURL } : {}), apiKey, vision };
}

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}
