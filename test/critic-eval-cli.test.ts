// `cairn critic-eval`: trajectories verified by search, negatives reached live, the report
// written to DIR/critic-eval.json with the fields the issue names.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { criticsFor } from '../agent/critics.js';
import { runCriticEval } from '../cli/critic-eval.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';

describe('critic-eval', () => {
  it('writes the table of the rule critic on demo tasks: structural negatives caught, positives kept', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cairn-ceval-'));
    const lines: string[] = [];
    const report = await runCriticEval({
      suite: await loadSuite(DEMO_SUITE), critics: criticsFor({ irreversible: 'deny' })!,
      ids: ['contacts-delete', 'settings-appearance'], seeds: [1], out, log: (l) => lines.push(l),
    });
    const written = JSON.parse(await readFile(join(out, 'critic-eval.json'), 'utf8'));
    for (const key of ['positives', 'negatives', 'by_kind', 'precision', 'recall', 'f1', 'false_block_rate']) expect(written).toHaveProperty(key);
    expect(written.positives).toBe(report.positives);
    expect(report.positives).toBeGreaterThanOrEqual(6);
    expect(report.false_block_rate).toBe(0);
    for (const kind of ['disabled', 'non_editable', 'off_origin', 'off_screen', 'missing_target'] as const) {
      const k = report.by_kind[kind];
      expect(k, kind).toBeDefined();
      expect(k!.caught, kind).toBe(k!.n);
    }
    expect(lines.join('\n')).toMatch(/precision \d\.\d{3}\s+recall \d\.\d{3}\s+f1 \d\.\d{3}/);
  }, 180_000);
});
