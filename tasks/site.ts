// The site a suite asks to be served for a run: cairn's practice apps (`base_url: practice`)
// or a local folder (`base_url: ./site`, `${SITE_DIR}`), on 127.0.0.1 and a free port. The
// port changes every run, so a served suite gets a stable app identity for memory unless
// it names its own (`app:`).
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { PRACTICE_APP, startPracticeApps } from './apps/server.js';
import { serveFolder } from './static-server.js';
import type { LocalSite, Suite } from './types.js';

export interface ServedSuite {
  /** The suite with base_url pointing at what is served (unchanged when nothing is). */
  suite: Suite;
  /** Stops serving; safe to call when nothing was served. */
  close(): Promise<void>;
}

export async function serveSuite(suite: Suite): Promise<ServedSuite> {
  if (suite.practice_apps) {
    const apps = await startPracticeApps();
    return { suite: { ...suite, base_url: apps.url, app: suite.app ?? PRACTICE_APP }, close: () => apps.close() };
  }
  if (suite.local_site) {
    const dir = await siteFolder(suite.local_site);
    const served = await serveFolder(dir);
    return { suite: { ...suite, base_url: served.url, app: suite.app ?? `site:${basename(dir)}` }, close: () => served.close() };
  }
  return { suite, close: async () => {} };
}

/** The folder base_url names: `${VAR}`s filled from the environment, relative to the suite file. */
async function siteFolder(site: LocalSite): Promise<string> {
  const path = site.folder.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${site.at}: base_url "${site.folder}" names the environment variable ${name}, which is not set; set it to the folder to serve`);
    return value;
  });
  const dir = resolve(site.relative_to, path);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new Error(`${site.at}: base_url "${site.folder}": the folder ${dir} does not exist (expected an http(s) URL, "practice", or a folder to serve)`);
  if (!info.isDirectory()) throw new Error(`${site.at}: base_url "${site.folder}": ${dir} is a file, not a folder to serve`);
  return dir;
}
