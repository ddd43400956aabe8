// Params drawn by seed: the same task and seed always give the same instance.
import { createHash } from 'node:crypto';
import { mulberry32 } from '../common/random.js';
import type { ParamSpec } from './schema.js';

const FIRST = ['Ada', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Freya', 'Goran', 'Hana', 'Ivan', 'Jamila', 'Kenji', 'Lucia',
  'Mateo', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tamar', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe'];
const LAST = ['Almeida', 'Berg', 'Costa', 'Duarte', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski',
  'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Sato', 'Tanaka', 'Ueda', 'Varga', 'Weber', 'Yilmaz'];
const WORDS = ['amber', 'birch', 'cobalt', 'delta', 'ember', 'fjord', 'granite', 'harbor', 'indigo', 'juniper', 'kestrel',
  'lagoon', 'meadow', 'nimbus', 'orchid', 'pebble', 'quartz', 'raven', 'saffron', 'tundra'];

/** mulberry32 seeded from a hash of the task, the seed and the param: stable across runs and platforms. */
function rng(...keys: (string | number)[]): () => number {
  return mulberry32(createHash('sha256').update(keys.join('\u0000')).digest().readUInt32LE(0));
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export function drawParams(taskId: string, seed: number, specs: Record<string, ParamSpec>): Record<string, string> {
  const out: Record<string, string> = {};
  // Fixed and name-like params first, so `email: { from: name }` can use the drawn name.
  const order = Object.keys(specs).sort((a, b) => +isEmail(specs[a]!) - +isEmail(specs[b]!));
  for (const name of order) out[name] = draw(specs[name]!, rng(taskId, seed, name), out);
  return Object.fromEntries(Object.keys(specs).map((k) => [k, out[k]!]));
}

const isEmail = (s: ParamSpec) => typeof s === 'object' && s.gen === 'email';

function draw(spec: ParamSpec, r: () => number, drawn: Record<string, string>): string {
  if (typeof spec !== 'object') return String(spec);
  switch (spec.gen) {
    case 'choice': return String(pick(r, spec.from));
    case 'int': return String(spec.min + Math.floor(r() * (spec.max - spec.min + 1)));
    case 'first_name': return pick(r, FIRST);
    case 'last_name': return pick(r, LAST);
    case 'full_name': return `${pick(r, FIRST)} ${pick(r, LAST)}`;
    case 'email': {
      const person = spec.from ? drawn[spec.from] ?? '' : `${pick(r, FIRST)} ${pick(r, LAST)}`;
      const local = person.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').trim().split(/\s+/).join('.');
      return `${local || pick(r, WORDS)}@example.com`;
    }
    case 'phone': return `555-${String(Math.floor(r() * 9000) + 1000)}`;
    case 'word': return pick(r, WORDS);
  }
}
