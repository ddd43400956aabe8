// The session capabilities cairn asks Appium for, and the forms a task's `start.app` may take.
// UiAutomator2 by default; anything the user passes is merged over the defaults, so a device
// farm's own capabilities (bstack:options, appium:app, platformVersion ...) go through as is.

export type Capabilities = Record<string, unknown>;

export type AppRef =
  /** `com.android.contacts/.activities.PeopleActivity` */
  | { kind: 'component'; pkg: string; activity: string }
  /** `com.android.contacts` */
  | { kind: 'package'; pkg: string }
  /** `Contacts`: a launcher label, resolved on the device (apps.ts) */
  | { kind: 'label'; label: string };

const PACKAGE = /^[a-zA-Z][\w]*(\.[a-zA-Z_][\w]*)+$/;
const ACTIVITY = /^\.?[a-zA-Z_][\w$]*(\.[a-zA-Z_][\w$]*)*$/;

export function parseApp(app: string): AppRef {
  const text = app.trim();
  if (!text) throw new Error('an Android app is empty; expected a package (com.example.app), package/activity or an app label');
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const pkg = text.slice(0, slash);
    const activity = text.slice(slash + 1);
    if (!PACKAGE.test(pkg) || !ACTIVITY.test(activity)) {
      throw new Error(`Android app ${JSON.stringify(app)} is not package/activity (e.g. com.android.settings/.Settings)`);
    }
    return { kind: 'component', pkg, activity };
  }
  return PACKAGE.test(text) ? { kind: 'package', pkg: text } : { kind: 'label', label: text };
}

/** Seconds Appium waits for the next command before it ends the session: a model may think long. */
const NEW_COMMAND_TIMEOUT_S = 600;

export function sessionCapabilities(o: { udid?: string; app?: AppRef; user?: Capabilities }): Capabilities {
  const defaults: Capabilities = {
    platformName: 'Android',
    'appium:automationName': 'UiAutomator2',
    'appium:noReset': true,
    'appium:newCommandTimeout': NEW_COMMAND_TIMEOUT_S,
  };
  if (o.udid) defaults['appium:udid'] = o.udid;
  if (o.app && o.app.kind !== 'label') defaults['appium:appPackage'] = o.app.pkg;
  if (o.app?.kind === 'component') {
    defaults['appium:appActivity'] = o.app.activity;
    // a splash screen that hands over to the main activity must not fail the session
    defaults['appium:appWaitActivity'] = '*';
  }
  return { ...defaults, ...o.user };
}

/** The app a session was created for, as Appium saw it: start() need not launch it again. */
export function launchedBy(caps: Capabilities): string | undefined {
  const pkg = caps['appium:appPackage'];
  return typeof pkg === 'string' ? pkg : undefined;
}
