// Where the memory lives: `--memory <uri>`, else CAIRN_MEMORY, else `.cairn/memory` under the
// working directory. Any LanceDB URI works (s3://bucket/path, gs://bucket/path); a plain path
// is a local directory.
import { resolve } from 'node:path';

export const DEFAULT_MEMORY_DIR = '.cairn/memory';

export function memoryUri(flag?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const given = flag?.trim() || env.CAIRN_MEMORY?.trim();
  if (!given) return resolve(cwd, DEFAULT_MEMORY_DIR);
  return isRemote(given) ? given : resolve(cwd, given);
}

export function isRemote(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}
