// The Android observation parser on real UiAutomator2 dumps (fixtures/android/public, see
// fixtures/android/SOURCES.md), on both source forms, on a generated 300+ node screen and on bad input.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AndroidSourceError, androidObservation, parseAndroidSource, type AndroidParse } from '../drivers/android/element-list.js';
import { digestOf, type UIElement } from '../contract/index.js';

// Public dumps, copied unmodified into the repository (their sources: fixtures/android/SOURCES.md).
const SHARED = new URL('./fixtures/android/public/', import.meta.url);
const OWN = new URL('./fixtures/android/', import.meta.url);

const read = (dir: URL, file: string) => readFileSync(new URL(file, dir), 'utf8');
const parse = (file: string): AndroidParse => parseAndroidSource(read(SHARED, file));

function one(r: AndroidParse, role: string, name: string): UIElement {
  const found = r.elements.filter((e) => e.role === role && e.name === name);
  expect(found, `${role} "${name}"`).toHaveLength(1);
  return found[0]!;
}

// Listed elements per fixture, checked by reading each dump against the list it gives.
const EXPECTED: Record<string, { raw: number; listed: number }> = {
  'appium-pixel-launcher-home.xml': { raw: 33, listed: 17 },
  'appium-twitter-timeline.xml': { raw: 156, listed: 37 },
  'chat-edittext-chinese.xml': { raw: 32, listed: 9 },
  'flutter-ide-project-view.xml': { raw: 51, listed: 42 },
  'form-ip-port-edittexts.xml': { raw: 23, listed: 11 },
  'gmail-welcome-tour.xml': { raw: 20, listed: 3 },
  'homee-welcome-crlf.xml': { raw: 50, listed: 14 },
  'launcher-compose-popup.xml': { raw: 16, listed: 1 },
  'launcher-home-widgets.xml': { raw: 101, listed: 42 },
  'launcher-landscape-korean.xml': { raw: 89, listed: 29 },
  'launcher-search-engine-radio-list.xml': { raw: 31, listed: 7 },
  'miui-app-drawer-turkish.xml': { raw: 75, listed: 37 },
  'quick-settings-panel.xml': { raw: 109, listed: 22 },
  'settings-form-password.xml': { raw: 72, listed: 29 },
};

describe('every public Android dump', () => {
  const files = readdirSync(SHARED).filter((f) => f.endsWith('.xml')).sort();

  it('is covered by the expected counts', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s parses into a compact, consistent list', (file) => {
    const r = parse(file);
    expect({ raw: r.rawNodes, listed: r.elements.length }).toEqual(EXPECTED[file]);
    expect(r.elements.map((e) => e.id)).toEqual(r.elements.map((_, i) => i));
    expect(r.elements.length).toBeLessThan(r.rawNodes);
    expect(r.screen.width).toBeGreaterThan(0);
    expect(r.screen.height).toBeGreaterThan(0);
    expect(r.location).toMatch(/^[a-z][\w]*(\.[\w]+)+$/);
    for (const e of r.elements) {
      expect(e.role).toMatch(/^(button|textbox|checkbox|switch|radio|text|image|slider|progressbar|combobox|list|tab|webview|group)$/);
      expect(e.attrs.class).toBeTruthy();
      if (!e.state.visible) continue;
      expect(e.bbox.w).toBeGreaterThan(0);
      expect(e.bbox.x).toBeGreaterThanOrEqual(0);
      expect(e.bbox.y).toBeGreaterThanOrEqual(0);
      expect(e.bbox.x + e.bbox.w).toBeLessThanOrEqual(r.screen.width);
      expect(e.bbox.y + e.bbox.h).toBeLessThanOrEqual(r.screen.height);
    }
  });

  it('lists far fewer elements than the dumps have nodes', () => {
    const raw = files.reduce((n, f) => n + EXPECTED[f]!.raw, 0);
    const listed = files.reduce((n, f) => n + EXPECTED[f]!.listed, 0);
    expect(listed / raw).toBeLessThan(0.4);
  });
});

describe('what the list says about chosen elements', () => {
  it('settings form: a password field named by its label, clickable cards named once', () => {
    const r = parse('settings-form-password.xml');
    const key = one(r, 'textbox', 'Direct Link API Key');
    expect(key.value).toBe('•'.repeat(35));
    expect(key.bbox).toEqual({ x: 111, y: 1367, w: 858, h: 135 });
    expect(key.state).toEqual({ enabled: true, visible: true, editable: true, password: true });
    expect(key.attrs).toMatchObject({ 'resource-id': 'gateway-api-key-input', hint: 'sk-...', class: 'EditText' });
    // The label before it is a paragraph, so the hint names this one.
    const url = one(r, 'textbox', 'https://xxxx.ngrok-free.app');
    expect(url.value).toBe('http://127.0.0.1:8642');
    expect(url.state.password).toBeUndefined();
    // A clickable ViewGroup whose content-desc and child TextView say the same thing: one button.
    const find = one(r, 'button', 'Find Mac on USB or Wi‑Fi');
    expect(find.bbox).toEqual({ x: 111, y: 472, w: 858, h: 141 });
    expect(r.elements.filter((e) => e.name.includes('Find Mac'))).toHaveLength(1);
    // Texts a ScrollView clips report inverted bounds: listed, but not visible.
    expect(one(r, 'text', 'Pair Hermes Relay').state.visible).toBe(false);
  });

  it('radio list: each preference row is one radio carrying its RadioButton state', () => {
    const r = parse('launcher-search-engine-radio-list.xml');
    const chosen = one(r, 'radio', 'Intelligent Search');
    expect(chosen.state.checked).toBe(true);
    expect(chosen.bbox).toEqual({ x: 0, y: 790, w: 1344, h: 130 });
    expect(one(r, 'radio', 'Google').state.checked).toBe(false);
    expect(r.elements.filter((e) => e.attrs.class === 'RadioButton')).toEqual([]);
    expect(r.elements.map((e) => e.role)).toEqual(['list', 'group', 'button', 'text', 'radio', 'radio', 'text']);
  });

  it('quick settings: tiles are switches with their checked state, the slider is not repeated', () => {
    const r = parse('quick-settings-panel.xml');
    const bt = one(r, 'switch', 'Bluetooth, On');
    expect(bt.state).toMatchObject({ checked: true, enabled: true, visible: true });
    expect(bt.attrs['content-desc']).toBe('Bluetooth.');
    const torch = one(r, 'switch', 'Flashlight, Off');
    expect(torch.state.checked).toBe(false);
    expect(torch.bbox).toEqual({ x: 42, y: 756, w: 487, h: 210 });
    expect(r.elements.filter((e) => e.role === 'switch')).toHaveLength(6);
    expect(r.elements.some((e) => e.name === 'Bluetooth' || e.name === 'On')).toBe(false);
    expect(r.elements.filter((e) => e.name === 'Display brightness').map((e) => e.role)).toEqual(['slider']);
    // A clickable FrameLayout around an icon with a content-desc is a button named by it.
    expect(one(r, 'button', 'Power menu').attrs['resource-id']).toBe('com.android.systemui:id/pm_lite');
  });

  it('Chinese chat: text decoded (&#10; included), the input field holds its value', () => {
    const r = parse('chat-edittext-chinese.xml');
    expect(one(r, 'text', '美国首都在哪里').bbox).toEqual({ x: 728, y: 577, w: 273, h: 58 });
    expect(r.elements.filter((e) => e.name.includes('\n\n美国的首都在**华盛顿特区**'))).toHaveLength(2);
    const input = r.elements.find((e) => e.role === 'textbox')!;
    expect(input).toMatchObject({ value: 'h', state: { focused: true, editable: true } });
    // Compose: a clickable View around an icon described "Send" and a role-only Button.
    expect(one(r, 'button', 'Send').bbox).toEqual({ x: 923, y: 2223, w: 126, h: 126 });
  });

  it('Korean landscape launcher: labels, merged widget texts, the screen from the root', () => {
    const r = parse('launcher-landscape-korean.xml');
    expect(r.screen).toEqual({ width: 2000, height: 1128 });
    expect(one(r, 'button', '설정').attrs['content-desc']).toBeUndefined();
    expect(one(r, 'button', '애플리케이션 서랍').attrs.class).toBe('ImageView');
    expect(one(r, 'group', '직접 설정').attrs.class).toBe('k');
    expect(one(r, 'button', '정읍시, 14:08, 화창, 8°, -7°, 3°, Diegojack(이)가 다음에서 작성').attrs['resource-id'])
      .toBe('com.yahoo.mobile.client.android.weather:id/widget_content');
    expect(one(r, 'list', 'bookmarks list').state.scrollable).toBe(true);
  });

  it('Turkish app drawer: a search field showing only its hint has an empty value', () => {
    const r = parse('miui-app-drawer-turkish.xml');
    const search = one(r, 'textbox', 'Uygulama ara');
    expect(search.value).toBe('');
    expect(search.attrs.hint).toBe('Uygulama ara');
    expect(one(r, 'button', 'BonusFlaş').attrs['content-desc']).toBeUndefined();
    expect(one(r, 'button', 'Tümü').attrs['content-desc']).toBe('checked, Tümü');
  });

  it('form: fields named by the label before them, a resource-id humanised when nothing else', () => {
    const r = parse('form-ip-port-edittexts.xml');
    expect(one(r, 'textbox', 'PC port').value).toBe('5201');
    expect(one(r, 'textbox', 'PC IP address (blank = auto-discover)').value).toBe('');
    expect(one(r, 'slider', 'Sensitivity: 1.0').attrs['resource-id']).toBe('com.remotecontrol.debug:id/sensitivitySeek');
    expect(r.location).toBe('com.remotecontrol.debug');
  });

  it('Flutter and Compose: Views with content-desc get sensible roles and names', () => {
    const flutter = parse('flutter-ide-project-view.xml');
    expect(one(flutter, 'text', 'EXPLORER').attrs.class).toBe('View');
    expect(one(flutter, 'button', 'New File').bbox).toEqual({ x: 653, y: 835, w: 135, h: 135 });
    // A clickable and scrollable list tile is a row button that scrolls, not a list.
    expect(one(flutter, 'button', 'pubspec.yaml').state.scrollable).toBe(true);
    const popup = parse('launcher-compose-popup.xml');
    expect(popup.elements).toEqual([expect.objectContaining({ id: 0, role: 'button', name: 'Search settings' })]);
  });

  it('two windows (status bar + app, CRLF file): location is the app, names are trimmed', () => {
    const r = parse('homee-welcome-crlf.xml');
    expect(r.location).toBe('de.vorwerk.homee.homee');
    expect(r.screen).toEqual({ width: 1080, height: 2400 });
    expect(one(r, 'button', 'Log In').bbox).toEqual({ x: 42, y: 1584, w: 996, h: 126 });
    // Its content-desc is " and ": trimmed, it is the name, so it is not repeated in attrs.
    expect(one(r, 'text', 'and').attrs['content-desc']).toBeUndefined();
    expect(one(r, 'text', 'Battery 100 percent.').attrs['resource-id']).toBe('com.android.systemui:id/battery');
  });

  it('Twitter (Appium form): numeric references decoded, unnamed click wrappers dropped', () => {
    const r = parse('appium-twitter-timeline.xml');
    expect(r.screen).toEqual({ width: 1440, height: 3120 });
    expect(r.elements.some((e) => e.name.includes('🚨🇺🇸THE DOLLAR'))).toBe(true);
    expect(one(r, 'list', 'Home timeline list').state.scrollable).toBe(true);
    expect(one(r, 'button', 'New post').attrs['resource-id']).toBe('com.twitter.android:id/composer_write');
    expect(r.elements.filter((e) => e.name === '')).toEqual([]);
  });

  it('gmail welcome tour: the whole list', () => {
    expect(parse('gmail-welcome-tour.xml').elements.map((e) => [e.role, e.name, e.state.visible])).toEqual([
      ['text', 'New in Gmail', true],
      ['text', 'All the features you love with a fresh new look', true],
      ['button', 'GOT IT', true],
    ]);
  });
});

describe('attribute text', () => {
  it('entities are decoded once: escaped references stay literal', () => {
    const xml = '<hierarchy><node class="android.widget.TextView" text="a &amp;nbsp; &amp;#10; &lt;b&gt; &#169;&#10;z" bounds="[0,0][10,10]"/></hierarchy>';
    expect(parseAndroidSource(xml).elements[0]!.name).toBe('a &nbsp; &#10; <b> ©\nz');
  });
});

describe('both source forms', () => {
  // Each pair is one screen: a public dump and the same dump rewritten in the other form
  // (test/fixtures/android; the Appium one has no class attributes, so its tags must be read).
  it.each([
    ['form-ip-port-edittexts.xml', 'form-ip-port-edittexts.appium.xml'],
    ['appium-pixel-launcher-home.xml', 'pixel-launcher-home.uiautomator.xml'],
  ])('%s and its other form %s give the same list', (shared, own) => {
    const a = parseAndroidSource(read(SHARED, shared));
    const b = parseAndroidSource(read(OWN, own));
    expect(b.elements.length).toBeGreaterThan(5);
    expect(b).toEqual(a);
  });
});

describe('options and the observation', () => {
  const xml = read(SHARED, 'quick-settings-panel.xml');

  it('activity joins the package in location; a given screen decides visibility', () => {
    const r = parseAndroidSource(xml, { activity: '.Shade', screen: { width: 1080, height: 1000 } });
    expect(r.location).toBe('com.android.systemui/.Shade');
    expect(r.screen).toEqual({ width: 1080, height: 1000 });
    expect(one(r, 'button', 'Power menu').state.visible).toBe(false);
    expect(one(r, 'switch', 'Bluetooth, On').state.visible).toBe(true);
  });

  it('androidObservation gives a full observation whose digest follows the screen', () => {
    const obs = androidObservation(xml, { activity: '.Shade' });
    expect(obs).toMatchObject({ platform: 'android', location: 'com.android.systemui/.Shade', screen: { width: 1080, height: 2400 } });
    expect(obs.screenshot).toBeUndefined();
    expect(obs.digest).toBe(digestOf(obs.location, obs.elements));
    const torchOn = xml.replace(
      /(text="Flashlight, Off"[^>]*?)checked="false"/,
      '$1checked="true"',
    );
    expect(torchOn).not.toBe(xml);
    expect(androidObservation(torchOn, { activity: '.Shade' }).digest).not.toBe(obs.digest);
  });

  it('line endings do not change the list (CRLF dump vs the same dump with LF)', () => {
    const crlf = read(SHARED, 'homee-welcome-crlf.xml');
    expect(crlf).toContain('\r\n');
    expect(androidObservation(crlf.replace(/\r\n/g, '\n')).digest).toBe(androidObservation(crlf).digest);
  });
});

describe('a large screen', () => {
  /** A settings list: rows of a title, a summary and a non-clickable Switch, inside wrappers. */
  function settingsScreen(rows: number): string {
    const attrs = (cls: string, extra: string, y1: number, y2: number) =>
      `class="${cls}" package="com.example.settings" ${extra} enabled="true" bounds="[0,${y1}][1080,${y2}]"`;
    const row = (i: number) => {
      const y = 200 + i * 150;
      return `<node ${attrs('android.widget.LinearLayout', 'clickable="true"', y, y + 150)}>`
        + `<node ${attrs('android.widget.RelativeLayout', '', y, y + 150)}>`
        + `<node ${attrs('android.widget.TextView', `text="Option ${i}"`, y, y + 75)}/>`
        + `<node ${attrs('android.widget.TextView', `text="Summary &amp; detail ${i}"`, y + 75, y + 150)}/></node>`
        + `<node ${attrs('android.widget.LinearLayout', 'resource-id="android:id/widget_frame"', y, y + 150)}>`
        + `<node ${attrs('android.widget.Switch', `checkable="true" checked="${i % 2 === 0}"`, y, y + 150)}/></node></node>`;
    };
    return `<?xml version='1.0' encoding='UTF-8'?><hierarchy rotation="0">`
      + `<node ${attrs('android.widget.FrameLayout', '', 0, 2400)}>`
      + `<node ${attrs('androidx.recyclerview.widget.RecyclerView', 'scrollable="true" resource-id="com.example.settings:id/recycler_view"', 200, 2400)}>`
      + Array.from({ length: rows }, (_, i) => row(i)).join('')
      + '</node></node></hierarchy>';
  }

  it('a 300+ node dump becomes one switch per row, visible only on screen', () => {
    const r = parseAndroidSource(settingsScreen(80), { activity: '.Settings' });
    expect(r.rawNodes).toBe(2 + 80 * 6);
    expect(r.rawNodes).toBeGreaterThanOrEqual(300);
    expect(r.elements).toHaveLength(1 + 80);
    expect(r.elements[0]).toMatchObject({ role: 'list', name: 'recycler view', state: { scrollable: true } });
    const switches = r.elements.slice(1);
    expect(switches.every((e) => e.role === 'switch')).toBe(true);
    expect(switches[7]).toMatchObject({
      id: 8, name: 'Option 7, Summary & detail 7', bbox: { x: 0, y: 1250, w: 1080, h: 150 },
      state: { checked: false, visible: true, enabled: true },
    });
    expect(switches[8]!.state.checked).toBe(true);
    // Rows at y >= 2400 are laid out below the screen.
    expect(switches.filter((e) => e.state.visible)).toHaveLength(15);
  });
});

describe('bad input', () => {
  it('a truncated dump names the line and column', () => {
    const xml = read(SHARED, 'homee-welcome-crlf.xml');
    const cut = xml.slice(0, xml.length / 2);
    expect(() => parseAndroidSource(cut)).toThrow(AndroidSourceError);
    expect(() => parseAndroidSource(cut)).toThrow(/not well-formed XML at line \d+, column \d+: .*expected a UiAutomator2 page source/);
  });

  it('mismatched tags, a wrong root, empty input and bad bounds each say what is wrong', () => {
    expect(() => parseAndroidSource('<hierarchy>\n<node bounds="[0,0][1,1]"></nod></hierarchy>'))
      .toThrow(/line 2, column \d+: Expected closing tag 'node'/);
    expect(() => parseAndroidSource('<html><body/></html>')).toThrow(/has root <html>; expected a UiAutomator2 page source/);
    expect(() => parseAndroidSource('  \n')).toThrow(/page source is empty/);
    expect(() => parseAndroidSource('<hierarchy><node class="a.B" bounds="[0,0][10,10]"><node class="a.C" bounds="[1,2]"/></node></hierarchy>'))
      .toThrow(/node #2 has bounds "\[1,2\]"; expected "\[x1,y1\]\[x2,y2\]"/);
  });

  it('a screen option without a positive size is refused', () => {
    expect(() => parseAndroidSource('<hierarchy/>', { screen: { width: 0, height: 2400 } }))
      .toThrow(/screen must have a positive width and height, got \{"width":0,"height":2400\}/);
  });

  it('an empty hierarchy is a valid, empty screen', () => {
    const r = parseAndroidSource('<hierarchy rotation="0"/>', { screen: { width: 1080, height: 2400 } });
    expect(r).toEqual({ elements: [], location: '', screen: { width: 1080, height: 2400 }, rawNodes: 0 });
  });
});
