// The practice apps over real HTTP (cookies by hand) and in real Chromium, and the demo
// suite: it must match the schema, and every template must be solvable within its budget by
// the actions an agent has, with checks that fail before and hold after (test/demo-solutions.ts;
// one template per app here, every instance in test/full/demo-solutions.test.ts).
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../drivers/web/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startPracticeApps, type PracticeApps } from '../tasks/apps/server.js';
import { DEFAULT_PASSWORD } from '../tasks/apps/seed.js';
import { parseSuite } from '../tasks/index.js';
import { SuiteSchema } from '../tasks/schema.js';
import { demoInstances, expectSolvable, solvedTemplates } from './demo-solutions.js';
import { onePerApp } from './representative.js';

const SUITE = new URL('../tasks/suites/demo.yaml', import.meta.url);

let apps: PracticeApps;
beforeAll(async () => { apps = await startPracticeApps(); });
afterAll(async () => { await apps?.close(); });

/** One browser session done by hand: keeps the cookie the server sets, never follows redirects. */
class Client {
  cookie?: string;

  async req(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const res = await fetch(apps.url + path, { ...init, headers, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    return res;
  }

  async text(path: string): Promise<string> {
    const res = await this.req(path);
    expect(res.status, `GET ${path}`).toBe(200);
    return res.text();
  }

  async json<T = any>(path: string): Promise<T> {
    return (await this.req(path)).json() as Promise<T>;
  }

  postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return this.req(path, { method: 'POST', body: new URLSearchParams(fields) });
  }

  postJson(path: string, body: unknown): Promise<Response> {
    return this.req(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}

const stockOf = async (c: Client, product: string) =>
  Number(/<dt>In stock<\/dt><dd>(\d+)<\/dd>/.exec(await c.text(`/shop/product/${product}`))?.[1]);

describe('practice apps over HTTP', () => {
  it('keeps each cookie session apart and sets the cookie only when it is missing', async () => {
    const a = new Client();
    const b = new Client();
    await a.text('/');
    await b.text('/');
    expect(a.cookie).toMatch(/^cairn_practice=/);
    expect(a.cookie).not.toBe(b.cookie);
    expect((await a.req('/')).headers.get('set-cookie')).toBeNull();

    expect((await a.postJson('/contacts/api/contacts', { name: 'Ada Berg', phone: '555-1234' })).status).toBe(201);
    expect((await a.json<{ name: string }[]>('/contacts/api/contacts')).map((c) => c.name)).toContain('Ada Berg');
    expect((await b.json<{ name: string }[]>('/contacts/api/contacts')).map((c) => c.name)).not.toContain('Ada Berg');
  });

  it('reset gives the same data for the same seed, other data for another, the default without one', async () => {
    const a = new Client();
    const b = new Client();
    const snapshot = async (c: Client) => ({
      contacts: await c.json('/contacts/api/contacts'),
      profile: await c.json('/settings/api/profile'),
      stock: await stockOf(c, 'ceramic-teapot'),
    });
    await a.text('/reset?seed=5');
    await a.postJson('/contacts/api/contacts', { name: 'Temporary Person' });
    await a.text('/reset?seed=5');
    await b.text('/reset?seed=5');
    const five = await snapshot(a);
    expect(await snapshot(b)).toEqual(five);
    expect(JSON.stringify(five.contacts)).not.toContain('Temporary Person');

    await b.text('/reset?seed=6');
    const six = await snapshot(b);
    expect(six.contacts).not.toEqual(five.contacts);
    expect(six.profile).not.toEqual(five.profile);

    const fresh = new Client();
    const untouched = await snapshot(fresh);
    await b.text('/reset');
    expect(await snapshot(b)).toEqual(untouched);
  });

  it('reset redirects to a local next path and refuses bad input with a clear 400', async () => {
    const c = new Client();
    const res = await c.req('/reset?seed=3&next=/shop/cart');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/shop/cart');
    const bad = await c.req('/reset?seed=abc');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('seed &#34;abc&#34; is not a whole number');
    expect((await c.req('/reset?next=//evil.example/')).status).toBe(400);
  });

  it('contacts: add, view, search, edit, delete with confirmation', async () => {
    const c = new Client();
    await c.text('/reset?seed=1');
    const before = (await c.json<unknown[]>('/contacts/api/contacts')).length;

    const added = await c.postForm('/contacts/new', { name: 'Wen Okafor', email: 'wen@example.com', phone: '555-2000', company: 'Granite Works', notes: '' });
    expect(added.status).toBe(303);
    const location = added.headers.get('location')!;
    expect(location).toMatch(/^\/contacts\/\d+\?notice=added$/);
    const view = await c.text(location);
    expect(view).toContain('<dd>555-2000</dd>');
    expect(view).toContain('Contact added.');

    const search = await c.text('/contacts/?q=okafor');
    expect(search).toContain('>Wen Okafor</a>');
    expect(search).toContain('1 result for');
    expect(await c.text('/contacts/?q=nobody-like-this')).toContain('No contacts found.');

    const id = /\/contacts\/(\d+)/.exec(location)![1];
    expect((await c.postForm(`/contacts/${id}/edit`, { name: 'Wen Okafor', email: 'wen@example.com', phone: '555-3000', company: 'Granite Works', notes: 'x' })).status).toBe(303);
    expect((await c.json<{ id: number; phone: string }[]>('/contacts/api/contacts')).find((x) => x.id === Number(id))?.phone).toBe('555-3000');

    expect(await c.text(`/contacts/${id}/delete`)).toContain('Yes, delete contact');
    const deleted = await c.req(`/contacts/${id}/delete`, { method: 'POST' });
    expect(deleted.headers.get('location')).toBe('/contacts/?notice=deleted');
    expect((await c.json<unknown[]>('/contacts/api/contacts')).length).toBe(before);
    expect((await c.req(`/contacts/${id}`)).status).toBe(404);
  });

  it('contacts: invalid input is refused, saying what was expected', async () => {
    const c = new Client();
    const form = await c.postForm('/contacts/new', { name: '', email: 'not-an-email' });
    expect(form.status).toBe(422);
    const page = await form.text();
    expect(page).toContain('Name is required.');
    expect(page).toContain('is not an email address');
    const api = await c.postJson('/contacts/api/contacts', { name: 'X', nickname: 'y' });
    expect(api.status).toBe(400);
    expect((await api.json()).error).toContain('unknown field nickname');
    expect((await c.req('/contacts/api/contacts', { method: 'POST', body: '{oops' })).status).toBe(400);
    expect((await c.req('/contacts/api/contacts', { method: 'DELETE' })).status).toBe(405);
  });

  it('shop: cart, checkout with address and payment creates an order and takes the stock', async () => {
    const c = new Client();
    await c.text('/reset?seed=2');
    const stock = await stockOf(c, 'desk-lamp');
    expect(await c.text('/shop/product/vintage-record-player')).toContain('Out of stock');

    expect((await c.postForm('/shop/cart/add', { product_id: 'desk-lamp', quantity: '2' })).headers.get('location')).toBe('/shop/cart?notice=added');
    expect((await c.postJson('/shop/api/cart', { product: 'Herb Seed Kit', quantity: 1 })).status).toBe(201);
    const cart = await c.json('/shop/api/cart');
    expect(cart.items.map((i: any) => [i.product_id, i.quantity])).toEqual([['desk-lamp', 2], ['herb-seed-kit', 1]]);
    expect(cart.total_cents).toBe(2 * 3400 + 1200);
    expect(await c.text('/shop/cart')).toContain('Cart (3)');
    expect((await c.postForm('/shop/cart/add', { product_id: 'desk-lamp', quantity: String(stock) })).status).toBe(400);

    expect((await c.req('/shop/checkout/payment')).headers.get('location')).toBe('/shop/checkout');
    const address = { name: 'Vera Novak', street: '12 Harbor Road', city: 'Portland', postal_code: '97201', country: 'United States' };
    expect((await c.postForm('/shop/checkout', { ...address, city: '' })).status).toBe(422);
    expect((await c.postForm('/shop/checkout', address)).headers.get('location')).toBe('/shop/checkout/payment');
    expect(await c.text('/shop/checkout/payment')).toContain('<iframe title="Payment form" src="/shop/checkout/payment-frame"');
    expect(await c.text('/shop/checkout/payment-frame')).toContain('value="Vera Novak"');

    const card = { card_name: 'Vera Novak', card_number: '4242 4242 4242 4242', expiry: '12/29', cvc: '123' };
    expect((await c.postForm('/shop/checkout/pay', { ...card, expiry: '13/29' })).headers.get('location')).toBe('/shop/checkout/payment?error=expiry');
    expect(await c.text('/shop/checkout/payment-frame?error=expiry')).toContain('Enter the expiry date as MM/YY.');
    expect((await c.json('/shop/api/orders')).length).toBe(0);

    const paid = await c.postForm('/shop/checkout/pay', card);
    expect(paid.headers.get('location')).toBe('/shop/orders/1001?notice=placed');
    const orders = await c.json('/shop/api/orders');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ number: '1001', card_last4: '4242', total_cents: 8000, shipping: address });
    expect((await c.json('/shop/api/cart')).items).toEqual([]);
    expect(await stockOf(c, 'desk-lamp')).toBe(stock - 2);
    const order = await c.text('/shop/orders/1001');
    expect(order).toContain('<dd>Portland</dd>');
    expect(await c.text('/shop/orders')).toContain('>Order #1001</a>');
  });

  it('settings: profile, password, notifications, appearance and account deletion', async () => {
    const c = new Client();
    await c.text('/reset?seed=1');
    expect((await c.postForm('/settings/profile', { display_name: 'Rosa Quinn', email: 'rosa@example.com', phone: '', bio: 'hi' })).status).toBe(303);
    expect(await c.json('/settings/api/profile')).toMatchObject({ display_name: 'Rosa Quinn', email: 'rosa@example.com', bio: 'hi' });
    expect((await c.postForm('/settings/profile', { display_name: 'Rosa Quinn', email: 'nope' })).status).toBe(422);

    const wrong = await c.postForm('/settings/password', { current_password: 'guess', new_password: 'long-enough-1', confirm_password: 'long-enough-1' });
    expect(await wrong.text()).toContain('The current password is wrong.');
    await c.postForm('/settings/password', { current_password: DEFAULT_PASSWORD, new_password: 'long-enough-1', confirm_password: 'long-enough-1' });
    expect((await (await c.postJson('/settings/api/verify-password', { password: 'long-enough-1' })).json()).ok).toBe(true);
    expect(JSON.stringify(await c.json('/settings/api/profile'))).not.toContain('long-enough-1');

    await c.postForm('/settings/notifications', { group: 'alerts', sms: 'on' });
    expect((await c.json('/settings/api/profile')).notifications).toEqual({ email: false, sms: true, push: false, product_news: true, weekly_digest: false });
    expect(await c.text('/settings/notifications')).toContain('<alert-toggles sms></alert-toggles>');

    expect((await c.postForm('/settings/appearance', { theme: 'dark', language: 'de' })).status).toBe(303);
    expect(await c.text('/settings/')).toContain('<body class="dark">');
    expect((await c.postForm('/settings/appearance', { theme: 'neon', language: 'de' })).status).toBe(400);

    expect(await (await c.postForm('/settings/delete', { confirm: 'delete' })).text()).toContain('Type DELETE, in capital letters');
    expect((await c.postForm('/settings/delete', { confirm: 'DELETE' })).headers.get('location')).toBe('/settings/?notice=deleted');
    expect((await c.json('/settings/api/profile')).deleted).toBe(true);
    expect((await c.req('/settings/profile')).headers.get('location')).toBe('/settings/');
  });

  it('challenge: the instruction follows the seed and the result is recorded', async () => {
    const c = new Client();
    const instruction = async (seed: number) => /<p id="instruction" class="card">([^<]*)</.exec(await c.text(`/challenge?seed=${seed}`))![1]!;
    expect(await instruction(4)).toBe(await instruction(4));
    const seeds = await Promise.all([1, 2, 3, 4, 5, 6].map(instruction));
    expect(new Set(seeds).size).toBeGreaterThan(1);
    expect(await c.json('/challenge/api/result')).toBeNull();

    const [, target] = /^Select (\S+) in the/.exec(await instruction(4))!;
    await c.postForm('/challenge', { seed: '4', choice: 'Nothing' });
    expect(await c.json('/challenge/api/result')).toMatchObject({ seed: 4, correct: false });
    await c.postForm('/challenge', { seed: '4', choice: target! });
    expect(await c.json('/challenge/api/result')).toEqual({ seed: 4, expected: target, chosen: target, correct: true });
  });

  it('answers unknown paths with 404 and API errors as JSON', async () => {
    const c = new Client();
    expect((await c.req('/nowhere')).status).toBe(404);
    const missing = await c.req('/shop/api/nothing');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toContain('/shop/api/nothing');
    expect((await c.req('/contacts')).headers.get('location')).toBe('/contacts/');
  });
});


describe('practice apps in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchBrowser(); });
  afterAll(async () => { await browser?.close(); });

  const api = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path);

  it('loads every app page with labelled inputs, no errors and no outside requests', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => { if (!r.url().startsWith(apps.url)) problems.push(`outside request ${r.url()}`); });
    const paths = ['/', '/contacts/', '/contacts/1', '/contacts/new', '/contacts/1/edit', '/contacts/1/delete', '/shop/', '/shop/category/garden',
      '/shop/product/ceramic-teapot', '/shop/cart', '/shop/orders', '/settings/', '/settings/profile', '/settings/password',
      '/settings/notifications', '/settings/appearance', '/settings/delete', '/challenge?seed=1'];
    for (const path of paths) {
      expect((await page.goto(apps.url + path))?.status(), path).toBe(200);
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea')]
        .filter((e) => !(e as HTMLInputElement).labels?.length).map((e) => e.outerHTML));
      expect(unlabelled, path).toEqual([]);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the alert toggles are real checkboxes in an open shadow root that save by POST', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${apps.url}/settings/notifications`);
    expect(await page.evaluate(() => document.querySelector('alert-toggles')?.shadowRoot?.querySelectorAll('input[type=checkbox]').length)).toBe(3);
    expect(await page.getByLabel('Email notifications').isChecked()).toBe(true);
    await page.getByLabel('SMS notifications').check();
    await page.getByLabel('Email notifications').uncheck();
    await page.getByRole('button', { name: 'Save alerts' }).click();
    await page.waitForURL(/notice=notifications/);
    expect((await api(page, '/settings/api/profile')).notifications).toMatchObject({ email: false, sms: true, push: false });
    expect(await page.getByLabel('SMS notifications').isChecked()).toBe(true);
    await context.close();
  });

  it('buys through the cart, the address form and the payment form in the iframe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${apps.url}/shop/`);
    await page.getByRole('link', { name: 'Kitchen' }).click();
    await page.getByRole('link', { name: 'Cast Iron Skillet' }).click();
    await page.getByLabel('Quantity').selectOption('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'Proceed to checkout' }).click();
    await page.getByLabel('Full name').fill('Omar Haddad');
    await page.getByLabel('Street address').fill('7 Mill Lane');
    await page.getByLabel('City').fill('Porto');
    await page.getByLabel('Postal code').fill('4050-123');
    await page.getByLabel('Country').selectOption('Portugal');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    const frame = page.frameLocator('iframe[title="Payment form"]');
    await expect(frame.getByLabel('Name on card').inputValue()).resolves.toBe('Omar Haddad');
    await frame.getByLabel('Card number').fill('5555 5555 5555 4444');
    await frame.getByLabel('Expiry date').fill('08/30');
    await frame.getByLabel('Security code').fill('987');
    await frame.getByRole('button', { name: 'Pay now' }).click();
    await page.waitForURL(/\/shop\/orders\/1001\?notice=placed$/);
    expect(await page.getByText('Thank you! Your order has been placed.').count()).toBe(1);
    const orders = await api(page, '/shop/api/orders');
    expect(orders).toMatchObject([{ card_last4: '4444', lines: [{ product_id: 'cast-iron-skillet', quantity: 2 }], shipping: { city: 'Porto', country: 'Portugal' } }]);
    await context.close();
  });
});

describe('the demo suite', () => {
  it('matches SuiteSchema and the brief: templates, steps, irreversible, questions, goal_from, tags', async () => {
    const text = await readFile(SUITE, 'utf8');
    const spec = SuiteSchema.parse(parse(text));
    expect(spec.base_url).toBe('practice');
    expect(spec.tasks.length).toBeGreaterThanOrEqual(12);
    expect(spec.tasks.every((t) => (t.tags ?? []).length > 0)).toBe(true);
    expect(spec.tasks.filter((t) => t.allow_irreversible).length).toBeGreaterThanOrEqual(1);
    expect(spec.tasks.filter((t) => (t.checks ?? []).some((c) => 'answer' in c)).length).toBeGreaterThanOrEqual(2);
    expect(spec.tasks.filter((t) => t.goal_from?.js).length).toBe(1);
    const suite = parseSuite(text, 'demo.yaml');
    expect(suite.practice_apps).toBe(true);
    expect(suite.seeds).toEqual([1, 2]);
  });

  describe('the templates are solvable within their budgets (every instance: npm run test:full)', () => {
    let browser: Browser;
    beforeAll(async () => { browser = await launchBrowser(); });
    afterAll(async () => { await browser?.close(); });

    it('every template has a solution by hand', async () => {
      const all = await demoInstances(apps.url);
      expect(new Set(all.map((t) => t.id))).toEqual(new Set(solvedTemplates()));
    });

    it('solutions of 6 actions or fewer pass checks that failed before them, one template per app, the seeds in turn', async () => {
      const all = await demoInstances(apps.url);
      const picked = onePerApp(all);
      const seeds = [...new Set(all.map((t) => t.seed))];
      await expectSolvable(browser, picked.map((id, i) => all.find((t) => t.id === id && t.seed === seeds[i % seeds.length])!));
    }, 240_000);
  });
});
