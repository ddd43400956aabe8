// The layering the README's Layout states, checked over every import of the product code:
// contract/ and common/ import nothing of cairn's other folders; drivers, critics, memory and
// tasks import only those two (never each other, never agent or cli); the contract is
// imported through its index.ts. A new import that breaks the layering fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BASE = ['contract', 'common'];
const SERVICES = [...BASE, 'drivers', 'critics', 'memory', 'tasks'];
/** The folders each folder may import; `index.ts` (the package's API) may import any. */
const MAY_IMPORT: Record<string, string[]> = {
  contract: [],
  common: [],
  drivers: BASE,
  critics: BASE,
  memory: BASE,
  tasks: BASE,
  agent: SERVICES,
  report: [...BASE, 'agent'],
  playwright: [...SERVICES, 'agent', 'report'],
  cli: [...SERVICES, 'agent', 'report'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'static' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

/** Every relative import of the product code: the importing file and the imported one, root-relative. */
function imports(): { from: string; to: string }[] {
  return Object.keys(MAY_IMPORT).flatMap((folder) => sources(join(ROOT, folder)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((m) => ({
      from: relative(ROOT, file),
      to: relative(ROOT, resolve(dirname(file), (m[1] ?? m[2])!)),
    }))));
}

describe('layers', () => {
  const all = imports();

  it('finds the imports it checks', () => {
    // Guards the checks below against a pattern that matches nothing.
    expect(all.filter((i) => i.to.startsWith('contract/')).length).toBeGreaterThan(50);
    expect(all.some((i) => i.from.startsWith('cli/') && i.to.startsWith('agent/'))).toBe(true);
  });

  it('each folder imports only the folders below it', () => {
    const against = all.filter((i) => {
      const [from, to] = [i.from.split('/')[0]!, i.to.split('/')[0]!];
      return from !== to && !MAY_IMPORT[from]!.includes(to);
    });
    expect(against.map((i) => `${i.from} imports ${i.to}`)).toEqual([]);
  });

  it('the contract is imported through its index.ts', () => {
    const deep = all.filter((i) => !i.from.startsWith('contract/') && i.to.startsWith('contract/') && i.to !== 'contract/index.js');
    expect(deep.map((i) => `${i.from} imports ${i.to}`)).toEqual([]);
  });
});
