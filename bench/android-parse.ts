// Android observation parser: per real dump, raw nodes, listed elements and parse time
// (p50/p95 over 200 runs after 50 warm-up runs). Prints JSON. Target: <= 20 ms p95 for the
// largest dump.
//
//   npx tsc -p . && node dist/bench/android-parse.js [fixture-dir]
//
// The fixture dir defaults to the repository's test/fixtures/android/public (real dumps, see
// its SOURCES.md), found by walking up from this file (so it works from bench/ and dist/bench/).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAndroidSource } from '../drivers/android/element-list.js';

const WARMUP = 50;
const RUNS = 200;
const TARGET_MS = 20;

function repoFixtures(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'test', 'fixtures', 'android', 'public');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('test/fixtures/android/public not found above this file; pass the fixture dir as the first argument');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

function measure(xml: string): { p50: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) parseAndroidSource(xml);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    parseAndroidSource(xml);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)) };
}

const dir = process.argv[2] ?? repoFixtures();
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().map((file) => {
  const path = join(dir, file);
  const xml = readFileSync(path, 'utf8');
  const parsed = parseAndroidSource(xml);
  const { p50, p95 } = measure(xml);
  return { file, bytes: statSync(path).size, raw_nodes: parsed.rawNodes, elements: parsed.elements.length, p50_ms: p50, p95_ms: p95 };
});
const largest = fixtures.reduce((a, b) => (b.bytes > a.bytes ? b : a));
console.log(JSON.stringify({
  node: process.version,
  warmup: WARMUP,
  runs: RUNS,
  target_ms: TARGET_MS,
  largest: { file: largest.file, p95_ms: largest.p95_ms, within_target: largest.p95_ms <= TARGET_MS },
  fixtures,
}, null, 2));
