// A benchmark-style page that writes its own instruction: /challenge?seed=N says what to
// select, and the result is recorded per session at /challenge/api/result. A task reads
// its goal from #instruction after setup (goal_from).
import { field, html, json, redirect, type Ctx, type Reply, type Route } from './http.js';
import { layout } from './layout.js';
import { mulberry32 } from '../../common/random.js';
import { seedOf } from './seed.js';

const LISTS = [
  { label: 'Colour', options: ['Red', 'Green', 'Blue', 'Yellow', 'Purple'] },
  { label: 'Fruit', options: ['Apple', 'Banana', 'Cherry', 'Mango', 'Pear'] },
  { label: 'City', options: ['Lisbon', 'Oslo', 'Nairobi', 'Lima', 'Osaka'] },
] as const;

export const challengeRoutes: Route[] = [
  { method: 'GET', path: /^\/challenge$/, run: show },
  { method: 'POST', path: /^\/challenge$/, run: record },
  { method: 'GET', path: /^\/challenge\/api\/result$/, run: (ctx) => json(ctx.state.challenge) },
];

/** The seed's puzzle: which list, and which of its options to select. */
export function puzzle(seed: number): { label: string; options: readonly string[]; target: string } {
  const r = mulberry32(seed + 7919);
  const list = LISTS[Math.floor(r() * LISTS.length)]!;
  return { label: list.label, options: list.options, target: list.options[Math.floor(r() * list.options.length)]! };
}

function show(ctx: Ctx): Reply {
  const seed = seedOf(ctx.url.searchParams.get('seed') ?? '0');
  const p = puzzle(seed);
  const done = ctx.url.searchParams.has('done') && ctx.state.challenge;
  return layout(ctx, {
    title: 'Challenge',
    notice: done ? `Your answer was recorded: ${ctx.state.challenge?.chosen || '(nothing)'}.` : undefined,
    body: html`<h1>Challenge</h1>
<p id="instruction" class="card">Select ${p.target} in the ${p.label} list and press Confirm.</p>
<form class="stack" method="post" action="/challenge">
<input type="hidden" name="seed" value="${seed}">
<div><label for="choice">${p.label}</label><select id="choice" name="choice"><option value="">Choose…</option>${p.options.map((o) => html`<option>${o}</option>`)}</select></div>
<p><button type="submit">Confirm</button></p>
</form>`,
  });
}

async function record(ctx: Ctx): Promise<Reply> {
  const f = await ctx.form();
  const seed = seedOf(field(f, 'seed'));
  const chosen = field(f, 'choice');
  const expected = puzzle(seed).target;
  ctx.state.challenge = { seed, expected, chosen, correct: chosen === expected };
  return redirect(`/challenge?seed=${seed}&done=1`);
}
