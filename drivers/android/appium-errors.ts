// What went wrong talking to Appium, in words a person can act on. WebdriverIO's errors
// carry the server's message and stack; here they become one line, and the two failures
// that end a session for good (the session is gone, the server cannot be reached) are told
// apart from a command that merely failed.
import { firstLine, messageOf } from '../../common/errors.js';

export type Fatal = 'session' | 'server';

/** The session or the server is gone: nothing more can be done until start() opens a new session. */
export function fatalKind(e: unknown): Fatal | undefined {
  const text = `${(e as Error)?.name ?? ''} ${messageOf(e)}`;
  if (/invalid session id|session is either terminated or not started|NoSuchDriver/i.test(text)) return 'session';
  if (/ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|Unable to connect|fetch failed|socket hang up|UND_ERR/i.test(text)) return 'server';
  return undefined;
}

/** The first line of an error's message, without WebdriverIO's `when running "x" with method "Y"` tail. */
export function appiumReason(e: unknown): string {
  return firstLine(e).replace(/ when running "[^"]*" with method "\w+"$/, '');
}

/** The command is not there in the Appium driver behind the session (the fake driver, an old UiAutomator2). */
export function isUnsupported(e: unknown): boolean {
  return /Unsupported execute method|not yet been implemented|unknown method|only available for Android|unknown command/i.test(messageOf(e));
}

/** mobile: shell refused because the server was not started with the adb_shell feature. */
export function isInsecureRefusal(e: unknown): boolean {
  return /adb_shell|insecure feature|relaxed.security/i.test(messageOf(e));
}

export const ADB_SHELL_HINT =
  'adb shell commands need the Appium server started with --allow-insecure=uiautomator2:adb_shell ' +
  '(Appium 3; plain adb_shell on Appium 2) or --relaxed-security';
