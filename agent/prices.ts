// What models' tokens cost, in USD per million tokens, as the user gives it: CAIRN_PRICE_INPUT
// and CAIRN_PRICE_OUTPUT (CAIRN_PRICE_CACHED for cached prompt tokens) for any model, or a
// YAML file (--prices) mapping model names to prices, which wins for the models it names:
//
//   gpt-4.1-mini: { input: 0.40, output: 1.60, cached: 0.10 }
//
// Cached prompt tokens cost the input price unless a cached price is given.
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { Usage } from './types.js';
import type { Spender } from './tally.js';

export interface Price { input: number; output: number; cached?: number }

/** The price of each model a run calls: the policy's, the model critic's. */
export type RunPrices = Partial<Record<Spender, Price>>;

export class PriceError extends Error {
  override name = 'PriceError';
}

export function costOf(u: Usage, p: Price): number {
  const cached = Math.min(u.cached_tokens ?? 0, u.prompt_tokens);
  return ((u.prompt_tokens - cached) * p.input + cached * (p.cached ?? p.input) + u.completion_tokens * p.output) / 1e6;
}

const ENV = { input: 'CAIRN_PRICE_INPUT', output: 'CAIRN_PRICE_OUTPUT', cached: 'CAIRN_PRICE_CACHED' } as const;

/** The prices CAIRN_PRICE_* give every model, or undefined when none is set. */
export function envPrice(env: NodeJS.ProcessEnv = process.env): Price | undefined {
  const read = (key: keyof typeof ENV) => {
    const text = env[ENV[key]]?.trim();
    if (!text) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new PriceError(`${ENV[key]}="${text}": expected a price in USD per million tokens, a number >= 0`);
    return n;
  };
  const [input, output, cached] = [read('input'), read('output'), read('cached')];
  if (input === undefined && output === undefined && cached === undefined) return undefined;
  if (input === undefined || output === undefined) {
    throw new PriceError(`${input === undefined ? ENV.input : ENV.output} is not set: give both ${ENV.input} and ${ENV.output} (USD per million tokens)`);
  }
  return { input, output, ...(cached !== undefined ? { cached } : {}) };
}

/** A model -> price file; every problem names the file, the line and the field. */
export async function loadPriceFile(file: string): Promise<Record<string, Price>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new PriceError(`${file}: cannot read the prices file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => `${file}:${offset === undefined ? 1 : lines.linePos(offset).line}`;
  if (doc.errors.length) throw new PriceError(`${at(doc.errors[0]!.pos[0])}: invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const form = 'expected model names mapped to { input, output, cached? } in USD per million tokens, e.g. "gpt-4.1-mini: { input: 0.4, output: 1.6 }"';
  if (!isMap(doc.contents)) throw new PriceError(`${at(doc.contents?.range?.[0])}: ${form}`);
  const prices: Record<string, Price> = {};
  for (const pair of doc.contents.items) {
    const model = isScalar(pair.key) ? String(pair.key.value) : '';
    const where = at(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    if (!isMap(pair.value)) throw new PriceError(`${where}: ${model}: ${form}`);
    const price: Partial<Price> = {};
    for (const field of pair.value.items) {
      const key = isScalar(field.key) ? String(field.key.value) : '';
      const value = isScalar(field.value) ? field.value.value : undefined;
      const fieldAt = at(isScalar(field.key) ? field.key.range?.[0] : undefined);
      if (key !== 'input' && key !== 'output' && key !== 'cached') throw new PriceError(`${fieldAt}: ${model}.${key}: unknown field; expected input, output or cached`);
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new PriceError(`${fieldAt}: ${model}.${key}: expected a number >= 0 (USD per million tokens), got ${JSON.stringify(value ?? null)}`);
      price[key] = value;
    }
    for (const need of ['input', 'output'] as const) {
      if (price[need] === undefined) throw new PriceError(`${where}: ${model}.${need}: missing; ${form}`);
    }
    prices[model] = price as Price;
  }
  return prices;
}

/**
 * The prices of the models a run will call (undefined when no price was given at all). A
 * model with no price, when some were given, is an error naming it: a cost that leaves out
 * a model's tokens would be wrong without saying so.
 */
export async function runPrices(o: { file?: string; env?: NodeJS.ProcessEnv; models: Partial<Record<Spender, string>> }): Promise<RunPrices | undefined> {
  const table = o.file ? await loadPriceFile(o.file) : {};
  const fallback = envPrice(o.env);
  if (!o.file && !fallback) return undefined;
  const prices: RunPrices = {};
  for (const [by, model] of Object.entries(o.models) as [Spender, string | undefined][]) {
    if (!model) continue;
    const price = table[model] ?? fallback;
    if (!price) throw new PriceError(`${o.file} has no price for model "${model}" (the ${by === 'policy' ? 'policy' : 'model critic'}'s): add it, or set ${ENV.input} and ${ENV.output} for models the file does not name`);
    prices[by] = price;
  }
  return prices;
}
