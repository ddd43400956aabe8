// Steps in words on cairn's practice apps, verified by the test's own assertions. The first
// run solves them (search, no model) and remembers them; later runs replay them with the
// new data of their seed.
import { expect, test } from 'cairn/playwright';
import { redesign } from './redesign.js';

const seed = Number(process.env.CAIRN_PW_SEED ?? 1);
const PEOPLE = ['Ann Lee', 'Omar Haddad', 'Mei Tanaka', 'Lars Berg', 'Ines Duarte', 'Kofi Mensah'];
const LANGUAGES: [string, string][] = [['Deutsch', 'de'], ['Español', 'es'], ['Français', 'fr']];
const name = PEOPLE[seed % PEOPLE.length]!;
const phone = `555-01${String(seed % 100).padStart(2, '0')}`;
const [language, lang] = LANGUAGES[seed % LANGUAGES.length]!;

test.beforeEach(async ({ page }) => {
  if (process.env.CAIRN_PW_REDESIGN === '1') await redesign(page);
});

test('add a contact and read its phone back', async ({ page, agent }) => {
  await page.goto('/contacts/');
  await agent.act('Add a contact named {name} with phone {phone}', {
    params: { name, phone },
    done: async () => {
      await expect(page.getByRole('heading', { name })).toBeVisible();
      await expect(page.getByText(phone, { exact: true })).toBeVisible();
    },
  });
  expect(await agent.ask(`What is the phone number of ${name}?`)).toBe(phone);
});

test('stop the weekly summary emails', async ({ page, agent }) => {
  await page.request.post('/settings/notifications', { form: { group: 'newsletters', product_news: 'on', weekly_digest: 'on' } });
  await page.goto('/settings/');
  // In the user's words: nothing in the goal names the page or the toggle.
  await agent.act('Stop the weekly summary emails', {
    done: async () => {
      await expect(page.getByRole('status')).toHaveText('Notification settings saved.');
      await expect(page.getByRole('checkbox', { name: 'Weekly digest' })).not.toBeChecked();
      await expect(page.getByRole('checkbox', { name: 'Product news' })).toBeChecked();
    },
  });
});

test('choose the appearance', async ({ page, agent }) => {
  await page.goto('/settings/appearance');
  await agent.act('Set the theme to {theme} and the language to {language}, then save the appearance', {
    params: { theme: 'Dark', language },
    done: async () => {
      await expect(page.getByRole('status')).toHaveText('Appearance saved.');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.locator('body')).toHaveClass('dark');
    },
  });
});
