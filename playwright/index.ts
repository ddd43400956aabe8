// cairn/playwright: Playwright Test's `test` with an `agent` fixture over the test's own page.
//
//   import { test, expect } from 'cairn/playwright';
//   test('add a contact', async ({ page, agent }) => {
//     await page.goto('/contacts/');
//     await agent.act('Add a contact named {name} with phone {phone}', {
//       params: { name: 'Ann Lee', phone: '555-0101' },
//       done: async () => expect(page.getByRole('heading', { name: 'Ann Lee' })).toBeVisible(),
//     });
//     const phone = await agent.ask("What is Ann Lee's phone number?");
//   });
//
// Configure it in playwright.config with `use: { cairn: { memory, memoryMode, app, ... } }`
// (options.ts); the memory is opened once per worker.
import { test as base, expect } from '@playwright/test';
import { Agent } from './agent.js';
import { CairnSession, settings, type CairnOptions } from './options.js';

export { expect, Agent };
export type { ActOptions, AskOptions, StepReport } from './agent.js';
export type { Assertion, Done } from './verifier.js';
export type { CairnOptions } from './options.js';

export const test = base.extend<{ agent: Agent }, { cairn: CairnOptions; cairnSession: CairnSession }>({
  cairn: [{}, { option: true, scope: 'worker' }],
  cairnSession: [async ({ cairn }, use, workerInfo) => {
    const session = new CairnSession(settings(cairn), workerInfo.workerIndex);
    try {
      await use(session);
    } finally {
      await session.close();
    }
  }, { scope: 'worker' }],
  agent: async ({ page, cairnSession }, use, testInfo) => {
    await use(new Agent(page, {
      session: cairnSession,
      id: (goal) => [...testInfo.titlePath, goal].join(' › '),
      outputDir: (n) => testInfo.outputPath(`cairn-${n}`),
      attach: (name, path, contentType) => testInfo.attach(name, { path, contentType }),
      link: (name, url) => testInfo.attach(name, { body: url, contentType: 'text/uri-list' }),
      step: (title, body) => base.step(title, body, { box: true }),
    }));
  },
});
