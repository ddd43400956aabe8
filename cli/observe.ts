// `cairn observe <url>`: what the agent would see on a page.
import { formatElements } from '../drivers/elements.js';
import { WebDriver, launchBrowser } from '../drivers/web/index.js';

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
