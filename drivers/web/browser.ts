// Finding and starting a Chromium: a local executable (searched in a documented order)
// or a remote browser behind a Playwright server or a CDP endpoint.
import { existsSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { bundledChromium, type ChromiumExecutable } from './bundled-chromium.js';

/** Flags for a quiet, reproducible headless Chromium in containers and CI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
] as const;

/** Debian's chromium-headless-shell package. */
export const SYSTEM_HEADLESS_SHELL_PATHS = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
] as const;

/** Where findChromium looks, first match wins; the README cites this list. */
export const CHROMIUM_SEARCH_ORDER = [
  'env CAIRN_CHROMIUM (a path to the executable; an error if it does not exist)',
  `headless runs only: the headless shell, Playwright's own (\`npx playwright install chromium\` brings it), then the system's: ${SYSTEM_HEADLESS_SHELL_PATHS.join(', ')}`,
  "Playwright's own Chromium download (`npx playwright install chromium`)",
  ...SYSTEM_CHROMIUM_PATHS,
  'the npm-bundled headless Chromium (@sparticuz/chromium, an optional dependency; x64 Linux; unpacked into the temp folder on first use)',
] as const;

/** CAIRN_CHROMIUM_SEARCH: `all` (the default) or `bundled` (only CAIRN_CHROMIUM and the npm-bundled one: what a bare machine gets). */
const SEARCHES = ['all', 'bundled'] as const;

/**
 * The executable to launch. A headless run prefers the headless shell, as Playwright itself
 * does: full Chromium in headless mode costs ~5x the CPU per fresh browser context
 * (measured here: 1.13 vs 0.23 CPU-s to start a task), and cairn starts one per episode
 * and per search restart. The npm-bundled Chromium comes last: it is unpacked on first use.
 */
export async function findChromium(env: NodeJS.ProcessEnv = process.env, headless = true): Promise<ChromiumExecutable> {
  const fromEnv = env.CAIRN_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`CAIRN_CHROMIUM is set to ${fromEnv}, but no file is there; expected the path of a Chromium or Chrome executable`);
    }
    return { path: fromEnv };
  }
  const search = env.CAIRN_CHROMIUM_SEARCH?.trim() || 'all';
  if (!(SEARCHES as readonly string[]).includes(search)) {
    throw new Error(`CAIRN_CHROMIUM_SEARCH is set to "${search}"; expected one of: ${SEARCHES.join(', ')}`);
  }
  const installed = search === 'all' ? installedChromium(headless) : undefined;
  const found = installed ? { path: installed } : await bundledChromium();
  if (found) return found;
  throw new Error(
    'No Chromium found. Looked in: ' + CHROMIUM_SEARCH_ORDER.join('; ') + '. '
    + 'Fix it with one of: `npm install` on x64 Linux (it brings @sparticuz/chromium, unless optional dependencies were left out), '
    + 'set CAIRN_CHROMIUM=/path/to/chromium, `apt-get install chromium chromium-headless-shell`, or `npx playwright install chromium`.',
  );
}

function installedChromium(headless: boolean): string | undefined {
  const playwright = playwrightChromium();
  const shells = headless ? [playwright && headlessShellBeside(playwright), ...SYSTEM_HEADLESS_SHELL_PATHS] : [];
  return [...shells, playwright, ...SYSTEM_CHROMIUM_PATHS].find((p): p is string => !!p && existsSync(p));
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined; // playwright-core throws when its registry knows no build for this host
  }
}

/**
 * Playwright keeps the shell of a Chromium build in a sibling folder:
 * .../chromium-1255/chrome-linux64/chrome -> .../chromium_headless_shell-1255/chrome-headless-shell-<platform>/chrome-headless-shell[.exe]
 */
export function headlessShellBeside(chromiumPath: string): string | undefined {
  const parts = chromiumPath.split(sep);
  const build = parts.findIndex((part) => /^chromium-\d+$/.test(part));
  if (build < 0) return undefined;
  const dir = [...parts.slice(0, build), parts[build]!.replace('chromium-', 'chromium_headless_shell-')].join(sep);
  try {
    for (const sub of readdirSync(dir)) {
      for (const exe of ['chrome-headless-shell', 'chrome-headless-shell.exe']) {
        if (existsSync(join(dir, sub, exe))) return join(dir, sub, exe);
      }
    }
  } catch {
    // no shell downloaded for this build
  }
  return undefined;
}

export interface LaunchOptions {
  headed?: boolean;
  /** ws(s)://: a Playwright server (Browserless, Moon); http(s)://: a CDP endpoint. */
  endpoint?: string;
  /** Skips findChromium. */
  executablePath?: string;
  /**
   * false: the caller handles SIGINT/SIGTERM itself and closes the browser (the runner: it
   * writes its reports first). Playwright's own handlers would exit the process on its own.
   */
  handleSignals?: boolean;
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  if (opts.endpoint) return connectBrowser(opts.endpoint);
  const exe = opts.executablePath ? { path: opts.executablePath } : await findChromium(process.env, !opts.headed);
  return chromium.launch({
    executablePath: exe.path,
    headless: !opts.headed,
    args: [...CHROMIUM_ARGS],
    ...(opts.handleSignals === false ? { handleSIGINT: false, handleSIGTERM: false } : {}),
    ...(exe.env ? { env: { ...process.env, ...exe.env } } : {}),
  });
}

function connectBrowser(endpoint: string): Promise<Browser> {
  const scheme = endpoint.slice(0, endpoint.indexOf(':') + 1).toLowerCase();
  if (scheme === 'ws:' || scheme === 'wss:') return chromium.connect(endpoint);
  if (scheme === 'http:' || scheme === 'https:') return chromium.connectOverCDP(endpoint);
  throw new Error(`browser endpoint ${endpoint} has an unknown scheme; expected ws(s):// for a Playwright server or http(s):// for a CDP endpoint`);
}
