// The demo suite solved by hand: each task instance in a fresh browser context, by a solution
// of the actions an agent has (targets found by label and role, the actions counted), within its
// budget, on checks that fail before it and hold after. test/practice-apps.test.ts solves one
// template per app (the suite's seeds in turn); test/full/demo-solutions.test.ts every instance.
import { readFile } from 'node:fs/promises';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { checkUrl } from '../drivers/platform-checks.js';
import { DEMO_SUITE } from '../tasks/bundled.js';
import type { Check, ResolvedTask } from '../contract/index.js';
import { instances, judgeAnswer, parseSuite } from '../tasks/index.js';

/** Every instance of the demo suite on its seeds, served from `baseUrl`. */
export async function demoInstances(baseUrl: string): Promise<ResolvedTask[]> {
  const suite = parseSuite(await readFile(DEMO_SUITE, 'utf8'), 'demo.yaml');
  suite.base_url = baseUrl;
  return instances(suite);
}

/** The templates this file has a solution for. */
export const solvedTemplates = (): string[] => Object.keys(SOLUTIONS);

/** Solves each of `tasks` by hand, each solution of 6 actions or fewer; the templates whose solutions take 3 or more. */
export async function expectSolvable(browser: Browser, tasks: readonly ResolvedTask[]): Promise<Set<string>> {
  const longSolutions = new Set<string>();
  for (const task of tasks) {
    expect(SOLUTIONS[task.id], `a solution for ${task.id}`).toBeDefined();
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
  return longSolutions;
}

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
    case 'assertion': throw new Error('a suite file declares no assertion checks (they come from cairn/playwright)');
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
