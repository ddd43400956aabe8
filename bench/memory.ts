// Memory benchmark: recall latency (p50/p95) and recall@k at 1k, 10k and 100k records,
// hash-v1 embeddings with hybrid search vs full-text search alone. Records are synthetic,
// one per task template (as dedupe leaves them); queries are paraphrased instances of a
// stored template with new slot values. Run: npx tsc -p . && node dist/bench/memory.js [sizes]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashEmbedder, openMemory, type MemoryRecord, type MemoryStore, type RecallMode } from '../memory/index.js';

const VERBS = ['Set', 'Change', 'Update', 'Clear', 'Show', 'Sort', 'Filter', 'Export', 'Archive', 'Share'];
const OBJECTS = ['contact', 'invoice', 'order', 'ticket', 'playlist', 'album', 'recipe', 'note', 'event', 'task',
  'project', 'report', 'account', 'device', 'alarm', 'photo', 'folder', 'message', 'product', 'coupon',
  'booking', 'flight', 'hotel', 'employee', 'customer', 'supplier', 'warehouse', 'shipment', 'payment', 'budget',
  'meeting', 'reminder', 'course', 'lesson', 'exam', 'patient', 'doctor', 'vehicle', 'route', 'station',
  'garden', 'plant', 'book', 'movie', 'podcast', 'article', 'comment', 'review', 'survey', 'badge'];
const FIELDS = ['title', 'color', 'priority', 'owner', 'due date', 'status', 'label', 'price', 'address', 'phone',
  'email', 'language', 'currency', 'timezone', 'category', 'rating', 'quantity', 'description', 'nickname', 'location'];
const SHAPES = [
  (v: string, o: string, f: string) => `${v} the ${f} of the ${o} {{item}} to {{value}}`,
  (v: string, o: string, f: string) => `${v} the ${o} {{item}} ${f} to {{value}}`,
  (v: string, o: string, f: string) => `In the ${o} list, ${v.toLowerCase()} ${f} of {{item}} to {{value}}`,
  (v: string, o: string, f: string) => `${v} ${f} for every ${o} named {{item}} as {{value}}`,
  (v: string, o: string, f: string) => `Open ${o} {{item}} and ${v.toLowerCase()} its ${f} to {{value}}`,
  (v: string, o: string, f: string) => `${v} the ${f} on ${o} {{item}} with {{value}}`,
  (v: string, o: string, f: string) => `From settings, ${v.toLowerCase()} the default ${o} ${f} to {{value}} for {{item}}`,
  (v: string, o: string, f: string) => `${v} ${o} ${f}: {{item}} becomes {{value}}`,
  (v: string, o: string, f: string) => `Find ${o} {{item}}, then ${v.toLowerCase()} the ${f} field to {{value}}`,
  (v: string, o: string, f: string) => `Using the search box, ${v.toLowerCase()} ${f} of ${o} {{item}} to {{value}}`,
];
const APPS = Array.from({ length: 10 }, (_, i) => `http://app${i}.test`);
const NAMES = ['Ada', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Freya', 'Goran', 'Hana', 'Ivan', 'Jamila'];
const WORDS = ['amber', 'birch', 'cobalt', 'delta', 'ember', 'fjord', 'granite', 'harbor', 'indigo', 'juniper'];

function template(i: number): { template: string; app: string } {
  const v = VERBS[i % 10]!;
  const o = OBJECTS[Math.floor(i / 10) % 50]!;
  const f = FIELDS[Math.floor(i / 500) % 20]!;
  const shape = SHAPES[Math.floor(i / 10_000) % 10]!;
  return { template: shape(v, o, f), app: APPS[(i * 7) % 10]! };
}

function record(i: number): MemoryRecord {
  const { template: t, app } = template(i);
  return {
    id: `r${i}`, goal: t.replace('{{item}}', 'Ada').replace('{{value}}', 'amber'), goal_template: t, slots: { item: 'Ada', value: 'amber' },
    platform: 'web', app,
    steps: [{ action: { type: 'click', target: { element: 1 } }, target: { role: 'button', name: 'Edit', attrs: {}, bbox: { x: 0, y: 0, w: 10, h: 10 } }, screen: `${t.split(' ')[2]} page` }],
    step_count: 1, provenance: { run_id: 'bench', source: 'import', verifier: 'bench' }, created_at: new Date(0).toISOString(), hits: 1, failures: 0, task_id: '', instances: [],
  };
}

/** A paraphrase: new slot values, "please", fewer articles, a different case. */
function paraphrase(i: number, q: number): string {
  const { template: t } = template(i);
  const goal = t.replace('{{item}}', NAMES[q % 10]!).replace('{{value}}', `"${WORDS[(q * 3) % 10]} ${q}"`).replace(/\bthe /g, q % 2 ? '' : 'the ');
  return q % 3 === 0 ? `Please ${goal[0]!.toLowerCase()}${goal.slice(1)}` : goal;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const round = (x: number) => Math.round(x * 100) / 100;

async function measure(store: MemoryStore, n: number, mode: RecallMode, queries: number): Promise<Record<string, number>> {
  const ms: number[] = [];
  let at1 = 0, at5 = 0;
  for (let q = 0; q < queries; q++) {
    const i = Math.floor(((q * 7919) % queries) * (n / queries));
    const rec = record(i);
    const t0 = performance.now();
    const hits = await store.recall({ goal: paraphrase(i, q), platform: 'web', app: rec.app }, 5, { mode });
    ms.push(performance.now() - t0);
    const rank = hits.findIndex((h) => h.record.id === rec.id);
    if (rank === 0) at1++;
    if (rank >= 0) at5++;
  }
  return { p50_ms: round(percentile(ms, 50)), p95_ms: round(percentile(ms, 95)), recall_at_1: round(at1 / queries), recall_at_5: round(at5 / queries) };
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const results: unknown[] = [];
  for (const n of sizes.length ? sizes : [1_000, 10_000, 100_000]) {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-bench-memory-'));
    const store = await openMemory({ uri: dir, embedder: hashEmbedder() });
    const t0 = performance.now();
    for (let start = 0; start < n; start += 10_000) {
      await store.add(Array.from({ length: Math.min(10_000, n - start) }, (_, j) => record(start + j)));
    }
    const loaded = performance.now();
    await store.reindex();
    const indexed = performance.now();
    const queries = 200;
    await measure(store, n, 'hybrid', 20); // warm-up
    results.push({
      records: n,
      load_s: round((loaded - t0) / 1000),
      index_s: round((indexed - loaded) / 1000),
      indices: (await store.stats()).indices,
      hybrid_hash_v1: await measure(store, n, 'hybrid', queries),
      vector_hash_v1: await measure(store, n, 'vector', queries),
      fts_only: await measure(store, n, 'fts', queries),
    });
    store.close();
    await rm(dir, { recursive: true, force: true });
    console.error(JSON.stringify(results.at(-1)));
  }
  console.log(JSON.stringify({ bench: 'memory', embedder: 'hash-v1 (384 dims)', k: 5, queries_per_size: 200, results }, null, 2));
}

await main();
