// Embedders turn a goal into a vector. The default, `hash-v1`, needs no download and no
// network: feature hashing of normalised word unigrams, bigrams and character trigrams.
// The other speaks to any OpenAI-compatible /embeddings endpoint. A store records the
// embedder's id and dimension and refuses to open with a different one.
import { DEFAULT_BASE_URL, describeFailure, openAiClient, resolveEndpoint } from '../common/endpoint.js';

export interface Embedder {
  /** Recorded with the store: `hash-v1` or `openai:<model>`. */
  readonly id: string;
  readonly dims: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}

const HASH_DIMS = 384;
const STOP = new Set(['a', 'an', 'the', 'to', 'of', 'for', 'in', 'on', 'please', 'and', 'with', 'my', 'me', 'i', 'you', 'could', 'can', 'would']);

/**
 * Lower-case; placeholders, quoted strings, emails and numbers become one `slot` word, so
 * "add contact {{name}}", "add contact 'Bob'" and "add contact 42" share their features.
 */
export function normalizeForEmbedding(text: string): string {
  return text
    .replace(/\{\{[^}]*\}\}/g, ' slot ')
    .replace(/"[^"]*"|“[^”]*”|'[^'\s][^']*'/g, ' slot ')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' slot ')
    .replace(/\d+(?:[.,:/-]\d+)*/g, ' slot ')
    .toLowerCase();
}

/** FNV-1a, 32 bits: fast and stable across platforms and Node versions. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function addFeature(v: Float32Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  // The top bit picks the sign, so collisions cancel out on average instead of piling up.
  v[h % v.length]! += h & 0x80000000 ? -weight : weight;
}

export function hashEmbedding(text: string, dims = HASH_DIMS): Float32Array {
  const v = new Float32Array(dims);
  const words = (normalizeForEmbedding(text).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w));
  words.forEach((w, i) => {
    addFeature(v, `w:${w}`, 1);
    if (i > 0) addFeature(v, `b:${words[i - 1]} ${w}`, 0.7);
    const padded = `^${w}$`;
    for (let j = 0; j + 3 <= padded.length; j++) addFeature(v, `c:${padded.slice(j, j + 3)}`, 0.25);
  });
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dims; i++) v[i]! /= norm;
  return v;
}

export function hashEmbedder(dims = HASH_DIMS): Embedder {
  return { id: dims === HASH_DIMS ? 'hash-v1' : `hash-v1-${dims}`, dims, embed: async (texts) => texts.map((t) => hashEmbedding(t, dims)) };
}

/** `baseURL` unset: api.openai.com. */
export interface OpenAiEmbedderOptions { model: string; baseURL?: string; apiKey: string; dims?: number }

/** Asks the endpoint once for a probe vector when the dimension is not given. */
export async function openAiEmbedder(opts: OpenAiEmbedderOptions): Promise<Embedder> {
  const endpoint = opts.baseURL ?? DEFAULT_BASE_URL;
  const client = openAiClient({ baseURL: endpoint, apiKey: opts.apiKey });
  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    if (!texts.length) return [];
    let res;
    try {
      res = await (await client()).embeddings.create({ model: opts.model, input: texts, ...(opts.dims ? { dimensions: opts.dims } : {}) });
    } catch (e) {
      throw new Error(`embedding ${describeFailure(e, { endpoint, model: opts.model, apiKey: opts.apiKey, }).message}`);
    }
    return [...res.data].sort((a, b) => a.index - b.index).map((d) => Float32Array.from(d.embedding as number[]));
  };
  const dims = opts.dims ?? (await embed(['dimension probe']))[0]!.length;
  return { id: `openai:${opts.model}`, dims, embed };
}

/**
 * CAIRN_EMBED_MODEL set: that model at CAIRN_EMBED_BASE_URL with CAIRN_EMBED_API_KEY, what of
 * them is unset taken from OPENAI_BASE_URL and OPENAI_API_KEY, then api.openai.com
 * (common/endpoint.ts; a local endpoint may need no key). Else hash-v1.
 */
export async function embedderFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Embedder> {
  const model = env.CAIRN_EMBED_MODEL?.trim();
  if (!model) return hashEmbedder();
  const { baseURL, apiKey } = resolveEndpoint({ baseURL: env.CAIRN_EMBED_BASE_URL, apiKey: env.CAIRN_EMBED_API_KEY }, env);
  if (!apiKey) {
    throw new Error(`embedding model "${model}" has no API key: set CAIRN_EMBED_API_KEY or OPENAI_API_KEY, or CAIRN_EMBED_BASE_URL for a local endpoint`);
  }
  const dimsText = env.CAIRN_EMBED_DIMS?.trim();
  const dims = dimsText ? Number(dimsText) : undefined;
  if (dims !== undefined && !(Number.isInteger(dims) && dims > 0)) throw new Error(`CAIRN_EMBED_DIMS must be a positive whole number, got "${dimsText}"`);
  return openAiEmbedder({ model, apiKey, baseURL, ...(dims ? { dims } : {}) });
}
