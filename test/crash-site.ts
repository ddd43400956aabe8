// For tests of a run that outlives its browser: a route that kill -9s the Chromium this
// process launched (on its first call only, before answering), and a suite whose first task
// calls it from its setup; both tasks save the name "Ada" on the greet page.
import type { ServerResponse } from 'node:http';
import { browsersOf, killBrowsersOf } from './processes.js';
import type { Received } from './recording-site.js';

export interface BrowserKiller {
  /** The route: serve it at /kill. */
  route: (req: Received, res: ServerResponse) => void;
  /** The pids it killed (empty until the first call). */
  killed: number[];
}

export function browserKiller(): BrowserKiller {
  const killer: BrowserKiller = {
    killed: [],
    route: (_req, res) => {
      if (killer.killed.length) return void res.end('ok');
      killer.killed.push(...browsersOf(process.pid));
      killBrowsersOf(process.pid); // the browser is gone: nobody waits for the answer
    },
  };
  return killer;
}

/** Tasks `crash` (its setup calls /kill) and `greet`, on a site serving GREET_PAGE at /greet and the killer at /kill. */
export const crashSuiteText = (origin: string) => `name: faults-browser
base_url: ${origin}/
tasks:
  - id: crash
    goal: Save the name "Ada"
    start: { url: greet }
    setup: [ { js: "await fetch('/kill')" } ]
    checks: [ { js: "window.saved === 'Ada'" } ]
  - id: greet
    goal: Save the name "Ada"
    start: { url: greet }
    checks: [ { js: "window.saved === 'Ada'" } ]
`;
