// The home page that links to the apps, and /reset, which replaces a session's data with
// seeded data (the same seed, the same data).
import { BadRequest, html, redirect, type Ctx, type Reply, type Route } from './http.js';
import { layout } from './layout.js';
import { DEFAULT_SEED, seedOf, seededState } from './seed.js';

export const homeRoutes: Route[] = [
  { method: 'GET', path: /^\/$/, run: home },
  { method: 'GET', path: /^\/reset$/, run: reset },
  // The apps live under folders: /contacts -> /contacts/.
  { method: 'GET', path: /^\/(contacts|shop|settings|todos)$/, run: (_ctx, [app]) => redirect(`/${app}/`) },
];

const apps = html`<ul>
  <li><a href="/contacts/">Contacts</a>: an address book to search, add, edit and delete people.</li>
  <li><a href="/shop/">Shop</a>: a catalog, a cart, checkout with payment, order history.</li>
  <li><a href="/settings/">Settings</a>: profile, password, notifications, appearance, account.</li>
  <li><a href="/challenge">Challenge</a>: a page that writes its own instruction.</li>
  <li><a href="/todos/">Todos</a>: a to-do list: add with Enter, tick, edit with a double-click, filter, clear.</li>
</ul>`;

function home(ctx: Ctx): Reply {
  return layout(ctx, {
    title: 'Practice apps',
    body: html`<h1>Practice apps</h1>
<p>Small web apps served by cairn on this machine, for practice runs, tests and benchmarks. Your data lives in this browser session only.</p>
${apps}
<p><a href="/reset">Reset all data</a></p>`,
  });
}

function reset(ctx: Ctx): Reply {
  const given = ctx.url.searchParams.get('seed');
  const seed = given === null ? DEFAULT_SEED : seedOf(given);
  const next = ctx.url.searchParams.get('next');
  if (next !== null && !/^\/(?![/\\])/.test(next)) throw new BadRequest(`next "${next}" is not a path on this site like /contacts/`);
  Object.assign(ctx.state, seededState(seed));
  if (next !== null) return redirect(next);
  return layout(ctx, {
    title: 'Data reset',
    body: html`<h1>Data reset</h1><p role="status">The practice data was reset with seed ${seed}.</p>${apps}`,
  });
}
