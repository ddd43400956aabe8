// Finding and starting a Chromium: a local executable (searched in a documented order)
// or a remote browser behind a Playwright server or a CDP endpoint.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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

/** Where findChromium looks, first match wins; the README cites this list. */
export const CHROMIUM_SEARCH_ORDER = [
  'env CAIRN_CHROMIUM (a path to the executable; an error if it does not exist)',
  "Playwright's own download (`npx playwright install chromium`)",
  ...SYSTEM_CHROMIUM_PATHS,
] as const;

export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CAIRN_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`CAIRN_CHROMIUM is set to ${fromEnv}, but no file is there; expected the path of a Chromium or Chrome executable`);
    }
    return fromEnv;
  }
  const candidates = [playwrightChromium(), ...SYSTEM_CHROMIUM_PATHS];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (found) return found;
  throw new Error(
    'No Chromium found. Looked in: ' + CHROMIUM_SEARCH_ORDER.join('; ') + '. '
    + 'Fix it with one of: set CAIRN_CHROMIUM=/path/to/chromium, `apt-get install chromium`, or `npx playwright install chromium`.',
  );
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined; // playwright-core throws when its registry knows no build for this host
  }
}

export interface LaunchOptions {
  headed?: boolean;
  /** ws(s)://: a Playwright server (Browserless, Moon); http(s)://: a CDP endpoint. */
  endpoint?: string;
  /** Skips findChromium. */
  executablePath?: string;
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<Browser> {
  if (opts.endpoint) return connectBrowser(opts.endpoint);
  return chromium.launch({
    executablePath: opts.executablePath ?? findChromium(),
    headless: !opts.headed,
    args: [...CHROMIUM_ARGS],
  });
}

function connectBrowser(endpoint: string): Promise<Browser> {
  const scheme = endpoint.slice(0, endpoint.indexOf(':') + 1).toLowerCase();
  if (scheme === 'ws:' || scheme === 'wss:') return chromium.connect(endpoint);
  if (scheme === 'http:' || scheme === 'https:') return chromium.connectOverCDP(endpoint);
  throw new Error(`browser endpoint ${endpoint} has an unknown scheme; expected ws(s):// for a Playwright server or http(s):// for a CDP endpoint`);
}
