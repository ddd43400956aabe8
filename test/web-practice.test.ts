// Observation on the practice apps' real pages: shadow-DOM toggles, the payment iframe,
// form values and states, as the agent sees them through the web driver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation, UIElement } from '../contract/index.js';
import { WebDriver, launchBrowser } from '../drivers/web/index.js';
import { startPracticeApps, type PracticeApps } from '../tasks/apps/index.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import { loadSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';

let apps: PracticeApps;
let driver: WebDriver;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  apps = await startPracticeApps();
  browser = await launchBrowser({});
  driver = new WebDriver(browser);
});
afterAll(async () => {
  await driver?.close();
  await browser?.close();
  await apps?.close();
});

const find = (obs: Observation, role: string, name: string): UIElement => {
  const e = obs.elements.find((x) => x.role === role && x.name === name);
  if (!e) throw new Error(`no ${role} "${name}" in:\n${obs.elements.map((x) => `${x.role} "${x.name}"`).join('\n')}`);
  return e;
};

async function startDemoTask(id: string) {
  const suite = { ...(await loadSuite(DEMO_SUITE)), base_url: apps.url };
  const [task] = instances(suite, { ids: [id], seeds: [1] });
  await driver.start(task!.start);
  return task!;
}

describe('observation on practice-app pages', () => {
  it('sees the toggles inside the settings page shadow root, with their states, and clicks them', async () => {
    await driver.start({ platform: 'web', url: `${apps.url}/settings/notifications`, setup: [] });
    const obs = await driver.observe();
    expect(find(obs, 'checkbox', 'Email notifications').state.checked).toBe(true);
    const sms = find(obs, 'checkbox', 'SMS notifications');
    expect(sms.state.checked).toBeFalsy();
    expect(await driver.act({ type: 'click', target: { element: sms.id } }, obs)).toMatchObject({ ok: true });
    const after = await driver.observe({ screenshot: false });
    expect(find(after, 'checkbox', 'SMS notifications').state.checked).toBe(true);
    expect(after.digest).not.toBe(obs.digest);
    expect(obs.screenshot?.subarray(1, 4).toString()).toBe('PNG');
  });

  it('sees the payment form inside the same-origin iframe, placed inside the iframe box', async () => {
    await startDemoTask('shop-pay');
    const obs = await driver.observe({ screenshot: false });
    const card = find(obs, 'textbox', 'Card number');
    const heading = obs.elements.find((e) => e.role === 'heading')!;
    expect(card.bbox.y).toBeGreaterThan(heading.bbox.y);
    expect(card.state).toMatchObject({ enabled: true, editable: true });
    const typed = await driver.act({ type: 'type', target: { element: card.id }, text: '4242 4242 4242 4242' }, obs);
    expect(typed.ok).toBe(true);
    expect(find(await driver.observe({ screenshot: false }), 'textbox', 'Card number').value).toBe('4242 4242 4242 4242');
  });

  it('reports roles, names, values and sane boxes on a form page', async () => {
    await driver.start({ platform: 'web', url: `${apps.url}/contacts/new`, setup: [] });
    const obs = await driver.observe({ screenshot: false });
    expect(obs.location).toBe(`${apps.url}/contacts/new`);
    const name = find(obs, 'textbox', 'Name');
    expect(name.value ?? '').toBe('');
    expect(find(obs, 'button', 'Save contact').state.enabled).toBe(true);
    expect(find(obs, 'link', 'Cancel').attrs.href).toBe('/contacts/');
    for (const e of obs.elements.filter((x) => x.state.visible)) {
      expect(e.bbox.w, `${e.role} "${e.name}"`).toBeGreaterThan(0);
      expect(e.bbox.x).toBeGreaterThanOrEqual(0);
      expect(e.bbox.x + e.bbox.w).toBeLessThanOrEqual(obs.screen.width + 1);
      expect(e.bbox.y).toBeGreaterThanOrEqual(0);
    }
    expect(obs.elements.map((e) => e.id)).toEqual(obs.elements.map((_, i) => i));
  });

  it('reads a goal the challenge page writes, and the same seed writes the same goal', async () => {
    const task = await startDemoTask('challenge-select');
    const goal = String(await driver.read(task.goal_from!));
    expect(goal.length).toBeGreaterThan(10);
    await startDemoTask('challenge-select');
    expect(await driver.read(task.goal_from!)).toBe(goal);
  });
});
