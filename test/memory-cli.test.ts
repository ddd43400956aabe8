import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, expect, test } from 'vitest';
import { registerMemoryCommands } from '../cli/memory.js';
import { hashEmbedder, openMemory, SCHEMA_VERSION } from '../memory/index.js';
import { addContact, contactTask, tempDir, trajectory } from './memory-helpers.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanup) await c(); cleanup = []; });

async function cairn(uri: string, ...args: string[]): Promise<string> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  registerMemoryCommands(program, (l) => lines.push(l));
  await program.parseAsync(['memory', '--memory', uri, ...args], { from: 'user' });
  return lines.join('\n');
}

test('memory list, show, search, stats, prune, export and import', async () => {
  const t = await tempDir();
  cleanup.push(t.remove);
  const uri = join(t.dir, 'm');
  const s = await openMemory({ uri, embedder: hashEmbedder() });
  const { id } = await s.remember({ ...trajectory('', addContact('Ada Lovelace', '555-1000')), task: { ...contactTask('Ada Lovelace', '555-1000'), id: 'add-contact' } });
  await s.recordFailure(id);
  s.close();

  expect(await cairn(uri, 'list')).toMatch(new RegExp(`^${id}  web http://127.0.0.1:9  5 steps  1 hits 1 lost  Add a contact named \\{\\{name\\}\\}`));
  const shown = await cairn(uri, 'show', id);
  expect(shown).toMatch(/task add-contact\n/);
  expect(shown).toContain('1 hits 1 lost, learnt from 1 success\n');
  expect(shown).toContain('2. type textbox "Name" "{{name}}"   [New contact]');
  await expect(cairn(uri, 'show', 'nope')).rejects.toThrow(/no trajectory with id "nope"/);
  const found = await cairn(uri, 'search', 'Add a contact named Bruno Costa with phone 555-2000.', '-k', '2');
  expect(found).toContain(`${id}  score`);
  expect(found).toContain('type textbox "Name" "Bruno Costa"');
  expect(JSON.parse(await cairn(uri, 'stats'))).toMatchObject({ records: 1, hits: 1, embedder: 'hash-v1', dims: 384, schema_version: SCHEMA_VERSION });

  const file = join(t.dir, 'm.jsonl');
  expect(await cairn(uri, 'export', file)).toBe(`exported 1 trajectories to ${file}`);
  expect(await cairn(join(t.dir, 'other'), 'import', file)).toBe('imported 1 trajectories: 1 added, 0 merged into stored ones, 0 replaced a longer one');
  await expect(cairn(uri, 'prune')).rejects.toThrow(/say what to prune/);
  expect(await cairn(uri, 'prune', '--older-than', '1')).toBe('pruned 0 trajectories');
  expect(await cairn(uri, 'prune', '--id', id)).toBe('pruned 1 trajectories');
  expect(await cairn(uri, 'list')).toBe('');
  expect(await cairn(join(t.dir, 'other'), 'list')).toContain(id);
});
