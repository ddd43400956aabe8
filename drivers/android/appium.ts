// A local Appium server that cairn starts and stops itself, on 127.0.0.1 only. It owns the
// child process; it knows nothing of sessions (driver.ts). Appium finds its drivers under
// APPIUM_HOME: by default the cairn package root, so `appium driver install uiautomator2`
// run with APPIUM_HOME set there (or a driver in cairn's node_modules) is what it uses.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { packageRoot } from '../../common/package-root.js';

export interface LocalAppiumOptions {
  /** Free port when unset. */
  port?: number;
  /** Defaults to the cairn package root. */
  appiumHome?: string;
  /** More server arguments, e.g. ['--allow-insecure=uiautomator2:adb_shell']. */
  args?: string[];
  /** How long to wait for /status (default 60 s). */
  readyTimeoutMs?: number;
}

export interface LocalAppium {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The server's output so far (the tail), for error messages. */
  log(): string;
  close(): Promise<void>;
}

const LOG_TAIL_CHARS = 4000;
const STATUS_POLL_MS = 200;

export async function startLocalAppium(opts: LocalAppiumOptions = {}): Promise<LocalAppium> {
  const root = packageRoot();
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const bin = appiumBinary(root);
  let output = '';
  const child = spawn(bin, ['--address', '127.0.0.1', '--port', String(port), ...(opts.args ?? [])], {
    env: { ...process.env, APPIUM_HOME: opts.appiumHome ?? process.env.APPIUM_HOME ?? root },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => { output = (output + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e) => resolve(`could not run ${bin}: ${e.message}`));
    child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
  });

  try {
    await waitForStatus(url, opts.readyTimeoutMs ?? 60_000, exited);
  } catch (e) {
    await stop(child);
    throw new Error(`the local Appium server on ${url} did not start: ${(e as Error).message}\n${output.trim()}`);
  }
  return { url, port, log: () => output, close: () => stop(child) };
}

async function waitForStatus(url: string, timeoutMs: number, exited: Promise<string>): Promise<void> {
  let gone: string | undefined;
  void exited.then((why) => { gone = why; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(gone);
    try {
      const res = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(STATUS_POLL_MS);
  }
  throw new Error(`no answer from /status within ${timeoutMs} ms`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(timer);
}

/** The appium in cairn's node_modules, else the one on PATH. */
function appiumBinary(root: string): string {
  const local = join(root, 'node_modules', '.bin', 'appium');
  return existsSync(local) ? local : 'appium';
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
