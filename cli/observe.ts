// `cairn observe <url>`: what the agent would see on a page (or, with --platform android, on a
// device or in a saved page source: android.ts).
import type { OptionValues } from 'commander';
import { formatElements } from '../contract/index.js';
import { WebDriver, launchBrowser } from '../drivers/web/index.js';

/** `cairn observe` (main.ts declares its flags). The Appium client is loaded only for Android. */
export async function observeCommand(url: string | undefined, o: OptionValues): Promise<void> {
  if (o.platform === 'android') {
    if (!o.fromXml && !o.appium) throw new Error('observe --platform android needs --from-xml FILE or --appium URL');
    const { observeAndroid } = await import('./android.js');
    return console.log(await observeAndroid({ fromXml: o.fromXml, appium: o.appium, udid: o.device, capabilities: o.capabilities, json: o.json, activity: o.activity }));
  }
  if (!url) throw new Error('observe needs a URL (or --platform android --from-xml FILE)');
  console.log(await observeUrl(url, o));
}

export async function observeUrl(url: string, o: { json?: boolean; headed?: boolean; browserEndpoint?: string }): Promise<string> {
  const browser = await launchBrowser({ headed: o.headed, endpoint: o.browserEndpoint });
  const driver = new WebDriver(browser);
  try {
    await driver.start({ platform: 'web', url, setup: [] });
    const obs = await driver.observe({ screenshot: false });
    if (o.json) return JSON.stringify({ ...obs, screenshot: undefined }, null, 2);
    return `${obs.title ?? ''} ${obs.location}\n${formatElements(obs.elements)}`;
  } finally {
    await driver.close();
    await browser.close();
  }
}
