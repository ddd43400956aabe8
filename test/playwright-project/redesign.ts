// The practice apps redesigned, for a replay to prove it re-grounds rather than replays
// selectors: every id renamed, form fields in reverse order, the sub-navigation moved to the
// end, a banner on top and a wider two-column layout. The words people read stay the same.
import type { Page } from '@playwright/test';

const CSS = 'main{max-width:80rem;padding:3rem}form.stack{grid-template-columns:1fr 1fr;max-width:none}header{flex-direction:row-reverse}.banner{font-size:2rem}';

export function redesignHtml(html: string): string {
  return html
    .replace(/\b(id|for)="([^"]+)"/g, (_, attr: string, v: string) => `${attr}="v2-${v}"`)
    .replace(/(<form class="stack"[^>]*>)([\s\S]*?)(<p>[\s\S]*?<\/form>)/, (_, open: string, fields: string, tail: string) =>
      open + (fields.match(/<div>[\s\S]*?<\/div>/g) ?? []).reverse().join('\n') + tail)
    .replace(/(<nav class="sub"[^>]*>[\s\S]*?<\/nav>)([\s\S]*?)(<\/main>)/, (_, nav: string, rest: string, end: string) => rest + nav + end)
    .replace('</style>', `${CSS}</style>`)
    .replace('<main>', '<main><p class="banner">Welcome to the new look of cairn practice.</p>');
}

/** Every page the app serves to `page` comes redesigned. */
export async function redesign(page: Page): Promise<void> {
  await page.route('**/*', async (route) => {
    const request = route.request();
    if (request.method() !== 'GET' || request.resourceType() !== 'document') return route.continue();
    const response = await route.fetch({ maxRedirects: 0 });
    const type = response.headers()['content-type'] ?? '';
    if (!type.includes('text/html')) return route.fulfill({ response });
    return route.fulfill({ response, body: redesignHtml(await response.text()) });
  });
}
