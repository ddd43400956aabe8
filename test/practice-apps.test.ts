// The practice apps over real HTTP (cookies by hand) and in real Chromium, and the demo
// suite: it must match the schema, and every task instance must be solvable within its
// budget by the actions an agent has, with checks that fail before and hold after.
import { checkUrl } from '../drivers/checks.js';
import { readFile } from 'node:fs/promises';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchBrowser } from '../drivers/web/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startPracticeApps, type PracticeApps } from '../tasks/apps/server.js';
import { DEFAULT_PASSWORD } from '../tasks/apps/seed.js';
import { instances, judgeAnswer, parseSuite, type Check, type ResolvedTask } from '../tasks/index.js';
import { SuiteSchema } from '../tasks/schema.js';

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

  describe('every instance is solvable within its budget', () => {
    let browser: Browser;
    beforeAll(async () => { browser = await launchBrowser(); });
    afterAll(async () => { await browser?.close(); });

    it('solutions of 6 actions or fewer pass checks that failed before them', async () => {
      const suite = parseSuite(await readFile(SUITE, 'utf8'), 'demo.yaml');
      suite.base_url = apps.url;
      const tasks = instances(suite);
      expect(new Set(tasks.map((t) => t.id))).toEqual(new Set(Object.keys(SOLUTIONS)));
      const longSolutions = new Set<string>();
      for (const task of tasks) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await setUp(page, task);
        expect(await allHold(page, task.checks, undefined), `${task.instance} holds before any action`).toBe(false);
        const actor = new Actor(page);
        const goal = task.goal_from ? await page.evaluate(`(async () => (${task.goal_from}))()`) as string : task.goal;
        await SOLUTIONS[task.id]!(actor, task.params, goal);
        const steps = actor.steps + (actor.answer === undefined ? 0 : 1);
        expect(steps, `${task.instance} steps`).toBeLessThanOrEqual(6);
        expect(task.budget.max_steps, `${task.instance} budget`).toBeGreaterThanOrEqual(steps + 1);
        expect(task.budget.max_steps, `${task.instance} budget`).toBeLessThanOrEqual(2 * steps + 2);
        if (steps >= 3) longSolutions.add(task.id);
        for (const check of task.checks) {
          expect(await holds(page, check, actor.answer), `${task.instance}: ${JSON.stringify(check)}`).toBe(true);
        }
        await context.close();
      }
      expect(longSolutions.size).toBeGreaterThanOrEqual(4);
    }, 240_000);
  });
});

/** Start as a driver does: the start page, the setup steps; setups end on the start page. */
async function setUp(page: Page, task: ResolvedTask): Promise<void> {
  await page.goto(task.start.url!);
  for (const step of task.start.setup) {
    if ('goto' in step) await page.goto(step.goto);
    else if ('js' in step) await page.evaluate(`(async () => { ${step.js} })()`);
    else throw new Error(`${task.instance}: this test does not run setup step ${JSON.stringify(step)}`);
  }
  expect(page.url(), `${task.instance} ends its setup on its start page`).toBe(task.start.url);
}

async function allHold(page: Page, checks: Check[], answer: string | undefined): Promise<boolean> {
  for (const c of checks) if (!(await holds(page, c, answer))) return false;
  return true;
}

async function holds(page: Page, check: Check, answer: string | undefined): Promise<boolean> {
  switch (check.kind) {
    case 'answer': return judgeAnswer(check, answer).ok;
    case 'js': return (await page.evaluate(`(async () => (${check.expression}))()`)) === true;
    case 'url': return checkUrl(check, page.url()).ok;
    case 'shell': throw new Error('the demo suite is web-only: no shell checks');
    case 'element': {
      const found = check.text !== undefined
        ? page.getByText(check.text)
        : page.getByRole(check.role as Parameters<Page['getByRole']>[0], { name: check.name, exact: true });
      return ((await found.count()) > 0) === check.present;
    }
  }
}

/** The actions an agent has, counted: click, type, select, hover, double-click, answer. Targets are found by label and role. */
class Actor {
  steps = 0;
  answer?: string;
  constructor(readonly page: Page) {}

  get payment(): FrameLocator {
    return this.page.frameLocator('iframe[title="Payment form"]');
  }

  async click(name: string, role: 'link' | 'button' | 'checkbox' = 'link', where: Page | FrameLocator = this.page): Promise<void> {
    this.steps++;
    await where.getByRole(role, { name, exact: true }).click();
    await this.page.waitForLoadState();
  }

  async type(label: string, text: string, where: Page | FrameLocator = this.page): Promise<void> {
    this.steps++;
    await where.getByLabel(label, { exact: true }).fill(text);
  }

  async select(label: string, option: string): Promise<void> {
    this.steps++;
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
  }

  /** A type with submit (Enter) into the field with this placeholder, or into the focused field. */
  async typeEnter(text: string, placeholder?: string): Promise<void> {
    this.steps++;
    const field = placeholder ? this.page.getByPlaceholder(placeholder, { exact: true }) : this.page.locator('*:focus');
    await field.fill(text);
    await field.press('Enter');
  }

  async hover(text: string): Promise<void> {
    this.steps++;
    await this.page.getByText(text, { exact: true }).hover();
  }

  async doubleClick(text: string): Promise<void> {
    this.steps++;
    await this.page.getByText(text, { exact: true }).dblclick();
  }

  /** Clicks the only control of a role in the list row that holds this text (a row's checkbox, its delete button). */
  async clickInRow(text: string, role: 'checkbox' | 'button'): Promise<void> {
    this.steps++;
    await this.page.getByRole('listitem').filter({ hasText: text }).getByRole(role).click();
  }

  /** An action the page saves with a request to the todos API: done once that is answered. */
  async saving(act: () => Promise<void>): Promise<void> {
    const answered = this.page.waitForResponse((r) => r.url().includes('/todos/api/'));
    await act();
    await answered;
  }

  /** Answers with the exact text of one element on the screen, as the search policy does. */
  async answerWith(text: string): Promise<void> {
    expect(await this.page.getByText(text, { exact: true }).count(), `an element whose text is ${text}`).toBeGreaterThan(0);
    this.answer = text;
  }
}

type Solution = (a: Actor, p: Record<string, string>, goal: string) => Promise<void>;

const SOLUTIONS: Record<string, Solution> = {
  'contacts-add': async (a, p) => {
    await a.click('Add contact');
    await a.type('Name', p.name!);
    await a.type('Phone', p.phone!);
    await a.click('Save contact', 'button');
  },
  'contacts-add-full': async (a, p) => {
    await a.click('Add contact');
    await a.type('Name', p.name!);
    await a.type('Email', p.email!);
    await a.type('Phone', p.phone!);
    await a.type('Company', p.company!);
    await a.click('Save contact', 'button');
  },
  'contacts-edit-phone': async (a, p) => {
    await a.click(p.name!);
    await a.click('Edit contact');
    await a.type('Phone', p.phone!);
    await a.click('Save contact', 'button');
  },
  'contacts-delete': async (a, p) => {
    await a.click(p.name!);
    await a.click('Delete contact');
    await a.click('Yes, delete contact', 'button');
  },
  'contacts-phone-lookup': async (a, p) => {
    await a.click(p.name!);
    await a.answerWith(p.phone!);
  },
  'contacts-company-lookup': async (a, p) => {
    await a.answerWith(p.company!);
  },
  'shop-add-to-cart': async (a, p) => {
    await a.click(p.product!);
    await a.select('Quantity', p.quantity!);
    await a.click('Add to cart', 'button');
  },
  'shop-remove-from-cart': async (a, p) => {
    await a.click(`Remove ${p.product}`, 'button');
  },
  'shop-shipping-address': async (a, p) => {
    await a.type('Full name', p.name!);
    await a.type('Street address', p.street!);
    await a.type('City', p.city!);
    await a.type('Postal code', p.postal_code!);
    await a.click('Continue to payment', 'button');
  },
  'shop-pay': async (a, p) => {
    await a.type('Card number', p.card_number!, a.payment);
    await a.type('Expiry date', p.expiry!, a.payment);
    await a.type('Security code', p.cvc!, a.payment);
    await a.click('Pay now', 'button', a.payment);
    await a.page.waitForURL(/\/shop\/orders\//);
  },
  'shop-order-city': async (a, p) => {
    await a.click('Orders');
    await a.click('Order #1001');
    await a.answerWith(p.city!);
  },
  'settings-profile': async (a, p) => {
    await a.click('Profile');
    await a.type('Display name', p.display_name!);
    await a.type('Email', p.email!);
    await a.click('Save profile', 'button');
  },
  'settings-alerts': async (a, p) => {
    await a.click('Notifications');
    await a.click(`${p.channel} notifications`, 'checkbox');
    await a.click('Save alerts', 'button');
  },
  'settings-appearance': async (a, p) => {
    await a.select('Theme', p.theme!);
    await a.select('Language', p.language!);
    await a.click('Save appearance', 'button');
  },
  'settings-delete-account': async (a) => {
    await a.click('Delete account');
    await a.type('Type DELETE to confirm', 'DELETE');
    await a.click('Delete my account', 'button');
  },
  'settings-digest-off': async (a) => {
    await a.click('Notifications');
    await a.click('Weekly digest', 'checkbox');
    await a.click('Save newsletter preferences', 'button');
  },
  'settings-dark-mode': async (a, p) => {
    await a.click('Appearance');
    await a.select('Theme', p.theme === 'dark' ? 'Dark' : 'Light'); // the goal says "dark", the option "Dark"
    await a.click('Save appearance', 'button');
  },
  'challenge-select': async (a, _p, goal) => {
    const [, option, list] = /^Select (.+) in the (.+) list and press Confirm\.$/.exec(goal) ?? [];
    expect(option && list, `a challenge instruction: ${goal}`).toBeTruthy();
    await a.select(list!, option!);
    await a.click('Confirm', 'button');
  },
  'todos-add': (a, p) => a.saving(() => a.typeEnter(p.title!, 'What needs to be done?')),
  'todos-complete': (a, p) => a.saving(() => a.clickInRow(p.item!, 'checkbox')),
  'todos-delete': async (a, p) => {
    await a.hover(p.item!); // the delete button shows only while its row is hovered
    await a.saving(() => a.clickInRow(p.item!, 'button'));
  },
  'todos-rename': async (a, p) => {
    await a.doubleClick(p.item!);
    await a.saving(() => a.typeEnter(p.title!));
  },
  'todos-clear-completed': (a) => a.saving(() => a.click('Clear completed', 'button')),
  'todos-show-active': (a) => a.click('Active'),
  'todos-complete-all': (a) => a.saving(() => a.click('Mark all as complete', 'checkbox')),
};
