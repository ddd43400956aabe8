#!/usr/bin/env node
// The published entry: the compiled CLI. `npm install` builds dist/ through the prepare script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error(`cairn: ${main} is missing. Run "npm install" (or "npm run build") in the cairn folder first.`);
  process.exit(2);
}
await import(main);
