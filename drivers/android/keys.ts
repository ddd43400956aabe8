// Key names a model or a suite may use -> Android KeyEvent keycodes
// (developer.android.com/reference/android/view/KeyEvent). The names follow the web driver's
// (Enter, Tab, Escape, ArrowDown, ...) so one suite or prompt works on both platforms;
// Android's own KEYCODE_* names and bare numbers are accepted too.

export const KEYCODES: Readonly<Record<string, number>> = {
  home: 3,
  back: 4,
  call: 5,
  endcall: 6,
  arrowup: 19,
  arrowdown: 20,
  arrowleft: 21,
  arrowright: 22,
  dpadcenter: 23,
  volumeup: 24,
  volumedown: 25,
  power: 26,
  camera: 27,
  tab: 61,
  space: 62,
  enter: 66,
  backspace: 67,
  menu: 82,
  search: 84,
  mediaplaypause: 85,
  pageup: 92,
  pagedown: 93,
  escape: 111,
  // On a phone keyboard Delete erases before the caret: KEYCODE_DEL. Forward delete is 112.
  delete: 67,
  forwarddelete: 112,
  movehome: 122,
  moveend: 123,
  volumemute: 164,
  appswitch: 187,
  notification: 83,
};

const ALIASES: Readonly<Record<string, string>> = {
  return: 'enter', esc: 'escape', del: 'backspace', up: 'arrowup', down: 'arrowdown',
  left: 'arrowleft', right: 'arrowright', dpadup: 'arrowup', dpaddown: 'arrowdown',
  dpadleft: 'arrowleft', dpadright: 'arrowright', pgup: 'pageup', pgdn: 'pagedown',
  recents: 'appswitch', recentapps: 'appswitch', forwarddel: 'forwarddelete', end: 'moveend',
};

/** The keycode for a key name (`Enter`, `KEYCODE_ENTER`, `66`), or undefined when unknown. */
export function keycodeOf(key: string): number | undefined {
  const trimmed = key.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const name = trimmed.toLowerCase().replace(/^keycode_/, '').replace(/[\s_-]/g, '');
  return KEYCODES[ALIASES[name] ?? name];
}

/** For error messages: the names keycodeOf knows. */
export function knownKeyNames(): string {
  return ['Enter', 'Back', 'Home', 'Backspace', 'Delete', 'Tab', 'Escape', 'Space', 'ArrowUp', 'ArrowDown',
    'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Search', 'Menu', 'AppSwitch', 'a KEYCODE_* name or a number'].join(', ');
}
