// Paths to what ships with cairn, found from this file whether it runs from source or dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'tasks', 'suites'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the cairn package root (tasks/suites is missing)');
    dir = up;
  }
  return dir;
}

export const DEMO_SUITE = join(packageRoot(), 'tasks', 'suites', 'demo.yaml');
