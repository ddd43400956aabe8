// The last resort of the Chromium lookup: @sparticuz/chromium, an optional npm dependency that
// carries a brotli-packed headless Chromium (x64 Linux only), so `npm install` alone gives a
// bare Linux machine a browser. Its first use unpacks it into the temp folder (~6-12 s); later
// runs find it there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

export interface ChromiumExecutable {
  path: string;
  /** Variables the executable needs besides the process's own (the bundled one: its libraries). */
  env?: Record<string, string>;
}

const PACKAGE = '@sparticuz/chromium';

/** The bundled Chromium, unpacked; undefined when the optional package is not installed (or has no build for this host). */
export async function bundledChromium(): Promise<ChromiumExecutable | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  let sparticuz: { executablePath(): Promise<string> };
  try {
    sparticuz = (await import(PACKAGE)).default;
  } catch {
    return undefined;
  }
  const path = await sparticuz.executablePath();
  const libs = unpackLibraries();
  return { path, ...(libs ? { env: { LD_LIBRARY_PATH: [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') } } : {}) };
}

/**
 * The package unpacks the libraries its build links (libnss3, libnspr4, libexpat) only on AWS
 * Lambda; a bare Debian has none of them. They are unpacked beside the browser with the
 * system's tar; undefined when that fails (the system's own libraries are then used).
 */
function unpackLibraries(): string | undefined {
  const dir = join(tmpdir(), 'cairn-chromium-libs');
  const lib = join(dir, 'lib');
  if (existsSync(join(lib, 'libnss3.so'))) return lib;
  try {
    const packed = join(dirname(createRequire(import.meta.url).resolve(PACKAGE)), '..', '..', 'bin', 'al2023.tar.br');
    mkdirSync(dir, { recursive: true });
    const tarball = join(dir, 'al2023.tar');
    writeFileSync(tarball, brotliDecompressSync(readFileSync(packed)));
    const done = spawnSync('tar', ['-x', '-f', tarball, '-C', dir], { stdio: 'ignore' });
    return done.status === 0 && existsSync(join(lib, 'libnss3.so')) ? lib : undefined;
  } catch {
    return undefined;
  }
}
