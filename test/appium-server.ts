// A real Appium 3 server with Appium's fake driver (@appium/fake-driver, found through
// APPIUM_HOME = the repo) on a free loopback port, for the Android driver's tests. The fake
// serves test/fixtures/android/fake-contacts-app.xml as its page source; that source never
// changes after a click (the fake has no app logic), but the fake records what it was sent:
// W3C pointer actions in its `actions` log, typed text as the element's value.
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../common/package-root.js';
import { startLocalAppium, type LocalAppium } from '../drivers/android/appium.js';
import type { Capabilities } from '../drivers/android/capabilities.js';

export const FAKE_APP = fileURLToPath(new URL('./fixtures/android/fake-contacts-app.xml', import.meta.url));

export interface FakeAppium {
  url: string;
  /** Capabilities for a fake session, merged over the driver's UiAutomator2 defaults. */
  capabilities: Capabilities;
  /** Ids of the sessions open on the server. */
  sessions(): Promise<string[]>;
  /** The pointer action sequences a session performed, in order. */
  actionLog(sessionId: string): Promise<Array<Array<{ type: string; actions: Record<string, unknown>[] }>>>;
  /** What a session's fake element found by XPath holds as its value (typed text). */
  valueAt(sessionId: string, xpath: string): Promise<string>;
  deleteSession(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeAppium(): Promise<FakeAppium> {
  // The fake driver is a dependency of the repo, so the repo is APPIUM_HOME whatever the
  // environment says; session_discovery lets the tests list sessions (GET /appium/sessions).
  const server: LocalAppium = await startLocalAppium({ appiumHome: packageRoot(), args: ['--allow-insecure=*:session_discovery'] });
  const { url } = server;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as { value: any };
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value)}`);
    return json.value;
  };
  return {
    url,
    capabilities: { platformName: 'Fake', 'appium:automationName': 'Fake', 'appium:app': FAKE_APP },
    sessions: async () => ((await call('GET', '/appium/sessions')) as { id: string }[]).map((s) => s.id),
    actionLog: (id) => call('POST', `/session/${id}/se/log`, { type: 'actions' }),
    valueAt: async (id, xpath) => {
      const [el] = await call('POST', `/session/${id}/elements`, { using: 'xpath', value: xpath });
      if (!el) throw new Error(`no element at ${xpath}`);
      return call('GET', `/session/${id}/element/${el.ELEMENT}/text`);
    },
    deleteSession: async (id) => { await call('DELETE', `/session/${id}`); },
    close: () => server.close(),
  };
}
