// cairn's own folder, for what ships with it (the bundled suites, the appium in its node_modules).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest directory above this file with a package.json: works from source and from dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the cairn package root: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}
