// The run as a JUnit XML report, for CI systems: one <testsuite> per suite run, one
// <testcase> per episode. Pure: episode results and run info in, XML text out.
// Only what results.jsonl already holds goes in (reasons are redacted there); never params
// or filled goals, which may carry secrets.
import { stripVTControlCharacters } from 'node:util';
import { XMLBuilder } from 'fast-xml-parser';
import type { EpisodeResult } from './episode.js';
import type { RunInfo } from './summary.js';

export interface JUnitInfo extends RunInfo {
  /** Episodes per instance: above 1, each case's name says which episode it is. */
  episodes: number;
  /** Where an episode's trace is, relative to the run directory. */
  tracePath: (result: EpisodeResult) => string;
}

export function junitXml(results: readonly EpisodeResult[], info: JUnitInfo): string {
  const cases = [...results].sort(byInstance).map((r) => testcase(r, info));
  const counts = {
    '@tests': results.length,
    '@failures': results.filter((r) => r.status === 'failed').length,
    '@errors': results.filter((r) => r.status === 'errored').length,
    '@skipped': 0,
    '@time': seconds(info.finished_at.getTime() - info.started_at.getTime()),
    '@timestamp': info.started_at.toISOString(),
  };
  const properties = { run_id: info.run_id, policy: info.policy, model: info.model ?? undefined, shard: info.shard };
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: {
      '@name': 'cairn', ...counts,
      testsuite: {
        '@name': info.shard ? `${info.suite} (shard ${info.shard})` : info.suite, ...counts,
        properties: { property: Object.entries(properties).filter(([, v]) => v !== undefined).map(([name, value]) => ({ '@name': name, '@value': value })) },
        testcase: cases,
      },
    },
  });
}

function testcase(r: EpisodeResult, info: JUnitInfo) {
  const verdict = r.status === 'failed' ? { failure: outcome(r) } : r.status === 'errored' ? { error: outcome(r) } : {};
  return {
    '@classname': r.task_id,
    '@name': info.episodes > 1 ? `${r.instance}#${r.episode}` : r.instance,
    '@time': seconds(r.wall_ms),
    ...verdict,
    'system-out': details(r, info),
  };
}

/** The reason's first line as the message (CI lists show it), all of it as the body. */
const outcome = (r: EpisodeResult) => ({ '@message': r.reason.split('\n', 1)[0], '@type': r.status, '#text': r.reason });

function details(r: EpisodeResult, info: JUnitInfo): string {
  return [
    `${r.status}: ${r.reason}`,
    `policy: ${r.policy}${r.handover ? ` (lost its trail at step ${r.handover.at_step + 1}; ${r.handover.to} finished${r.handover.restarted ? ' from a restart' : ''})` : ''}`,
    `steps: ${r.steps}, driver actions: ${r.driver_actions}`,
    ...(r.answer !== undefined ? [`answer: ${r.answer}`] : []),
    `model calls: ${r.model_calls}, tokens: ${r.tokens.prompt} prompt + ${r.tokens.completion} completion`,
    `trace: ${info.tracePath(r)}`,
  ].join('\n');
}

const byInstance = (a: EpisodeResult, b: EpisodeResult) =>
  a.task_id.localeCompare(b.task_id) || a.seed - b.seed || a.episode - b.episode;

const seconds = (ms: number) => (ms / 1000).toFixed(3);

// XML 1.0 has no way to write most control characters, even escaped; error texts carry
// them (a browser's ANSI colours), so they are dropped or replaced before escaping.
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlSafe = (_name: string, v: unknown) => (typeof v === 'string' ? stripVTControlCharacters(v).replace(NOT_XML, '\uFFFD') : v);

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  suppressBooleanAttributes: false,
  suppressEmptyNode: true,
  tagValueProcessor: xmlSafe,
  attributeValueProcessor: xmlSafe,
});
