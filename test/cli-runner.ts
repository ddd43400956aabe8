// The cairn command as a user runs it: the compiled bin (npm test builds first), its exit
// code and what it printed; or a running cairn process, to stop or kill mid-run.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const BIN = fileURLToPath(new URL('../bin/cairn.js', import.meta.url));

export interface CliResult { code: number; stdout: string; stderr: string }

/** `timeoutMs`: kill it then (default 120 s); a command that hangs ends with a non-number code. */
export async function cairn(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, ...opts.env }, cwd: opts.cwd, timeout: opts.timeoutMs ?? 120_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** A cairn process left running; `ended` resolves with its exit code (null when a signal ended it). */
export function spawnCairn(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): { child: ChildProcess; ended: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...opts.env }, cwd: opts.cwd, stdio: 'ignore' });
  return { child, ended: new Promise((resolve) => child.once('close', (code) => resolve(code))) };
}
