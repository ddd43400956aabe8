import { describe, expect, test } from 'vitest';
import type { Action, Observation, ResolvedTask, UIElement } from '../contract/index.js';
import type { StepContext, Proposal } from '../agent/types.js';
import {
  countInterventions, createPipeline, createRuleCritic, critiqueText, defaultIrreversiblePolicy,
  type Critic, type HistoryEntry, type ProposalLike, type Verdict, type VetContext,
} from '../critics/index.js';

const ORIGIN = 'https://app.example';

function el(id: number, role: string, name: string, extra: Partial<UIElement> = {}): UIElement {
  return {
    id, role, name, bbox: { x: 10, y: 40 * id, w: 100, h: 30 },
    ...extra,
    state: { enabled: true, visible: true, ...extra.state },
    attrs: { ...extra.attrs },
  };
}

const ELEMENTS: UIElement[] = [
  el(0, 'link', 'Home', { attrs: { href: '/' } }),
  el(1, 'textbox', 'Name', { state: { enabled: true, visible: true, editable: true } }),
  el(2, 'button', 'Save'),
  el(3, 'button', 'Archive', { state: { enabled: false, visible: true } }),
  el(4, 'combobox', 'Theme', { state: { enabled: true, visible: true, editable: true }, attrs: { options: 'System\nLight\nDark' } }),
  el(5, 'link', 'Partner site', { attrs: { href: 'https://evil.example/login' } }),
  el(6, 'button', 'Delete contact'),
  el(7, 'button', 'Below the fold', { bbox: { x: 10, y: 2000, w: 100, h: 30 }, state: { enabled: true, visible: false } }),
  el(8, 'heading', 'Contacts'),
  el(9, 'textbox', 'Read only', { state: { enabled: true, visible: true, editable: false } }),
  el(10, 'link', 'Remove account', { attrs: { href: '/account/remove' } }),
  el(11, 'textbox', 'Type DELETE to confirm', { state: { enabled: true, visible: true, editable: true } }),
  el(12, 'button', 'Hidden', { bbox: { x: 0, y: 0, w: 0, h: 0 }, state: { enabled: true, visible: false } }),
  el(13, 'link', 'Docs', { attrs: { href: 'https://docs.example/guide' } }),
  el(14, 'textbox', 'Search', { state: { enabled: true, visible: true, editable: true, focused: true } }),
];

function obs(over: Partial<Observation> = {}): Observation {
  return { platform: 'web', screen: { width: 1280, height: 800 }, location: `${ORIGIN}/contacts/1`, elements: ELEMENTS, digest: 'd1', ...over };
}

function task(over: Partial<ResolvedTask> = {}): ResolvedTask {
  return {
    id: 't', seed: 1, instance: 't#1', goal: 'Do the thing', goal_template: 'Do the thing', params: {}, platform: 'web',
    start: { platform: 'web', url: `${ORIGIN}/contacts/`, setup: [] }, checks: [], budget: { max_steps: 5, timeout_s: 60 },
    tags: [], allow_irreversible: false, at: 'test.yaml:1', ...over,
  };
}

const ctxOf = (over: Partial<VetContext> = {}): VetContext => ({ task: task(), obs: obs(), history: [], ...over });
const click = (element: number): Action => ({ type: 'click', target: { element } });

async function vet(action: Action, ctx: VetContext = ctxOf(), opts: Parameters<typeof createRuleCritic>[0] = {}): Promise<Verdict> {
  return createRuleCritic(opts).vet(ctx, { action }, { flagged: [] });
}

async function expectPass(action: Action, ctx?: VetContext, opts?: Parameters<typeof createRuleCritic>[0]) {
  const v = await vet(action, ctx, opts);
  expect(v, v.reason).toMatchObject({ decision: 'approve', critic: 'rules' });
  return v;
}

async function expectCaught(action: Action, rule: string, decision: string, ctx?: VetContext, opts?: Parameters<typeof createRuleCritic>[0]) {
  const v = await vet(action, ctx, opts);
  expect(v).toMatchObject({ decision, rule, critic: 'rules' });
  return v;
}

describe('target rules', () => {
  test('an element on this screen, enabled and visible, passes', async () => {
    await expectPass(click(2));
  });
  test('an id that is not on the screen is caught, naming the ids there are', async () => {
    const v = await expectCaught(click(42), 'target_exists', 'revise');
    expect(v.reason).toContain('[42]');
    expect(v.reason).toContain('0..14');
  });
  test('a disabled element is caught', async () => {
    const v = await expectCaught(click(3), 'target_enabled', 'revise');
    expect(v.reason).toContain('Archive');
  });
  test('web: below the fold (visible=false, with a box) passes, since the driver scrolls it into view', async () => {
    await expectPass(click(7));
  });
  test('web: an element with no box is caught as not visible', async () => {
    await expectCaught(click(12), 'target_visible', 'revise');
  });
  test('android: an element off the screen is caught, with a scroll suggested', async () => {
    const v = await expectCaught(click(7), 'target_visible', 'revise', ctxOf({ obs: obs({ platform: 'android', location: 'com.example.app/.Main' }) }));
    expect(v.suggestion).toEqual({ type: 'scroll', direction: 'down' });
  });
  test('a point inside the screen passes; outside (or a swipe leaving it) is caught', async () => {
    await expectPass({ type: 'click', target: { point: { x: 640, y: 400 } } });
    await expectCaught({ type: 'click', target: { point: { x: 1300, y: 10 } } }, 'point_on_screen', 'revise');
    await expectCaught({ type: 'click', target: { point: { x: 5, y: -1 } } }, 'point_on_screen', 'revise');
    await expectCaught({ type: 'swipe', from: { x: 5, y: 5 }, to: { x: 5, y: 900 } }, 'point_on_screen', 'revise');
  });
  test('a point on a disabled element is caught like the element itself', async () => {
    await expectCaught({ type: 'click', target: { point: { x: 20, y: 125 } } }, 'target_enabled', 'revise');
  });
});

describe('type and select', () => {
  test('type into a textbox, and into the focused element with no target, passes', async () => {
    await expectPass({ type: 'type', target: { element: 1 }, text: 'Bob' });
    await expectPass({ type: 'type', text: 'Bob' });
  });
  test('type into a button, a heading or a read-only field is caught', async () => {
    await expectCaught({ type: 'type', target: { element: 2 }, text: 'Bob' }, 'editable', 'revise');
    await expectCaught({ type: 'type', target: { element: 8 }, text: 'Bob' }, 'editable', 'revise');
    await expectCaught({ type: 'type', target: { element: 9 }, text: 'Bob' }, 'editable', 'revise');
  });
  test('type into a <select> is caught, pointing at select', async () => {
    const v = await expectCaught({ type: 'type', target: { element: 4 }, text: 'Dark' }, 'editable', 'revise');
    expect(v.reason).toContain('use select');
  });
  test('type with no target when nothing has focus is caught', async () => {
    const unfocused = ELEMENTS.map((e) => ({ ...e, state: { ...e.state, focused: false } }));
    await expectCaught({ type: 'type', text: 'x' }, 'editable', 'revise', ctxOf({ obs: obs({ elements: unfocused }) }));
  });
  test('select an option the list has (any case) passes; an absent option or a non-select is caught', async () => {
    await expectPass({ type: 'select', target: { element: 4 }, option: 'dark' });
    const v = await expectCaught({ type: 'select', target: { element: 4 }, option: 'Purple' }, 'select_option', 'revise');
    expect(v.reason).toContain('"System", "Light", "Dark"');
    await expectCaught({ type: 'select', target: { element: 2 }, option: 'Dark' }, 'select_option', 'revise');
  });
});

describe('platform', () => {
  test('open app on the web is caught; open url passes; home passes on the web (the driver goes to the start url)', async () => {
    const app = await expectCaught({ type: 'open', app: 'com.example' }, 'platform', 'revise');
    expect(app.reason).toBe('open app "com.example" is not possible on the web: the web has no apps; open a url instead');
    await expectPass({ type: 'open', url: '/contacts/2' });
    await expectPass({ type: 'home' });
  });
  test('hover on android is caught, saying what to do instead', async () => {
    const v = await expectCaught({ type: 'hover', target: { element: 2 } }, 'platform', 'revise', ctxOf({ obs: obs({ platform: 'android', location: 'com.example/.Main' }) }));
    expect(v.reason).toBe('hover is not possible on Android: a touch screen has no hover; click or long_press instead');
    await expectPass({ type: 'hover', target: { element: 2 } });
  });
  test('a drag whose drop target is not on the screen, or whose drop point is off it, is caught', async () => {
    const v = await expectCaught({ type: 'drag', target: { element: 2 }, to: { element: 99 } }, 'target_exists', 'revise');
    expect(v.reason).toContain('[99]');
    const off = await expectCaught({ type: 'drag', target: { element: 2 }, to: { point: { x: 5000, y: 5 } } }, 'point_on_screen', 'revise');
    expect(off.reason).toContain('drop point');
  });
  test('select on android is caught', async () => {
    const android = ctxOf({ obs: obs({ platform: 'android', location: 'com.example.app/.Main' }), task: task({ platform: 'android', start: { platform: 'android', app: 'com.example.app', setup: [] } }) });
    await expectCaught({ type: 'select', target: { element: 4 }, option: 'Dark' }, 'platform', 'revise', android);
  });
});

describe('loops', () => {
  const entry = (action: Action, digest = 'd1'): HistoryEntry => ({ action, digest, location: `${ORIGIN}/contacts/1`, result: { ok: true } });
  test('the same action on the same screen a third time is caught, citing the earlier steps', async () => {
    const history = [entry(click(2)), entry(click(0), 'd2'), entry(click(2))];
    const v = await expectCaught(click(2), 'loop', 'revise', ctxOf({ history }));
    expect(v.reason).toContain('step 1');
    expect(v.reason).toContain('step 3');
  });
  test('a second time, or the same action on another screen, passes', async () => {
    await expectPass(click(2), ctxOf({ history: [entry(click(2))] }));
    await expectPass(click(2), ctxOf({ history: [entry(click(2), 'd0'), entry(click(2), 'd9')] }));
  });
  test('key order does not hide a loop', async () => {
    const a: Action = { type: 'type', target: { element: 1 }, text: 'Bob', clear: true };
    const b = { clear: true, text: 'Bob', target: { element: 1 }, type: 'type' } as Action;
    await expectCaught(a, 'loop', 'revise', ctxOf({ history: [entry(b), entry(b)] }));
  });
});

describe('origins', () => {
  test('open on the start origin or a relative url passes; elsewhere is blocked', async () => {
    await expectPass({ type: 'open', url: `${ORIGIN}/other` });
    const v = await expectCaught({ type: 'open', url: 'https://evil.example/' }, 'origin', 'block');
    expect(v.reason).toContain(ORIGIN);
  });
  test('a click on a link that leaves the allowed origins is blocked; a same-origin link passes', async () => {
    await expectPass(click(0));
    await expectCaught(click(5), 'origin', 'block');
  });
  test('the allowlist lets more origins in', async () => {
    await expectPass(click(13), undefined, { allowed: ['https://docs.example/anything'] });
    await expectCaught(click(5), 'origin', 'block', undefined, { allowed: ['https://docs.example'] });
  });
  test('the current page origin is allowed by default', async () => {
    await expectPass({ type: 'open', url: 'https://moved.example/next' }, ctxOf({ obs: obs({ location: 'https://moved.example/here' }) }));
  });
});

describe('secrets', () => {
  const typed: Action = { type: 'type', target: { element: 1 }, text: '{{secret:API_TOKEN}}' };
  test('a secret with no list may be typed on the start origin only', async () => {
    await expectPass(typed);
    const v = await expectCaught(typed, 'secret_origin', 'block', ctxOf({ obs: obs({ location: 'https://phish.example/login' }) }));
    expect(v.reason).toContain('API_TOKEN');
    expect(v.reason).toContain(ORIGIN);
  });
  test('secretOrigins decides where a listed secret may go', async () => {
    const opts = { secretOrigins: { API_TOKEN: ['https://login.example'] }, allowed: ['https://login.example'] };
    await expectCaught(typed, 'secret_origin', 'block', undefined, opts);
    await expectPass(typed, ctxOf({ obs: obs({ location: 'https://login.example/signin' }) }), opts);
  });
  test('plain text is not judged by origin', async () => {
    await expectPass({ type: 'type', target: { element: 1 }, text: 'hello' }, ctxOf({ obs: obs({ location: 'https://phish.example/login' }) }), { allowed: ['https://phish.example'] });
  });
});

describe('irreversible', () => {
  test('clicking "Delete contact" or a link to /account/remove asks for confirmation', async () => {
    const v = await expectCaught(click(6), 'irreversible', 'confirm');
    expect(v.reason).toContain('Delete contact');
    await expectCaught(click(10), 'irreversible', 'confirm');
  });
  test('typing the word delete is harmless; with submit into the DELETE-confirm field it is not', async () => {
    await expectPass({ type: 'type', target: { element: 1 }, text: 'delete me' });
    await expectPass({ type: 'type', target: { element: 11 }, text: 'DELETE' });
    await expectCaught({ type: 'type', target: { element: 11 }, text: 'DELETE', submit: true }, 'irreversible', 'confirm');
  });
  test('a double click, a key on the field and a drag onto "Delete contact" are judged like a click', async () => {
    await expectCaught({ type: 'double_click', target: { element: 6 } }, 'irreversible', 'confirm');
    await expectCaught({ type: 'key', key: 'Enter', target: { element: 11 } }, 'irreversible', 'confirm');
    await expectPass({ type: 'key', key: 'Enter' });
    const v = await expectCaught({ type: 'drag', target: { element: 8 }, to: { element: 6 } }, 'irreversible', 'confirm');
    expect(v.reason).toContain('Delete contact');
    await expectPass({ type: 'drag', target: { element: 6 }, to: { element: 8 } });
  });
  test('a control is judged by its own label: a toggle, or a row\'s text it borrows, is not irreversible', async () => {
    const list = [
      el(0, 'checkbox', 'Buy milk'),
      el(1, 'button', '×', { attrs: { row: 'Pay the rent', shows_on: 'hover' } }),
      el(2, 'switch', 'Delete old backups'),
    ];
    const ctx = ctxOf({ obs: obs({ elements: list }) });
    await expectPass(click(0), ctx);
    await expectPass(click(1), ctx);
    await expectPass(click(2), ctx);
  });
  test('a task that allows irreversible actions gets an approval carrying a flag', async () => {
    const v = await expectPass(click(6), ctxOf({ task: task({ allow_irreversible: true }) }));
    expect(v.rule).toBe('flagged');
    expect(v.flags?.[0]).toContain('Delete contact');
  });
  test('the patterns are configurable', async () => {
    await expectPass(click(6), undefined, { irreversiblePatterns: [/\barchive\b/i] });
    await expectCaught(click(2), 'irreversible', 'confirm', undefined, { irreversiblePatterns: [/^save$/i] });
  });
});

describe('pipeline', () => {
  const recorder = (name: string, decision: Verdict['decision'], seen: string[]): Critic => ({
    name,
    async vet(_ctx, _p, notes) {
      seen.push(`${name}:${notes.flagged.length}`);
      return { decision, critic: name, rule: decision, reason: `${name} says ${decision}` };
    },
  });

  test('critics run in order and the first non-approval decides; later ones do not run', async () => {
    const seen: string[] = [];
    const p = createPipeline([recorder('a', 'approve', seen), recorder('b', 'revise', seen), recorder('c', 'block', seen)], { irreversible: 'deny' });
    const out = await p.vet(ctxOf(), { action: click(2) });
    expect(seen).toEqual(['a:0', 'b:0']);
    expect(out.verdict).toMatchObject({ critic: 'b', decision: 'revise' });
    expect(out.verdicts.map((v) => v.critic)).toEqual(['a', 'b']);
    expect(out.vet_ms).toBeGreaterThanOrEqual(0);
  });

  test('all approving: the last approval is the verdict', async () => {
    const seen: string[] = [];
    const out = await createPipeline([recorder('a', 'approve', seen), recorder('b', 'approve', seen)], { irreversible: 'deny' }).vet(ctxOf(), { action: click(2) });
    expect(out.verdict.critic).toBe('b');
    expect(seen).toEqual(['a:0', 'b:0']);
  });

  test('agent StepContext and Proposal fit the critic types', async () => {
    const ctx: StepContext = { task: task(), obs: obs(), history: [], remaining: 3 };
    const proposal: Proposal = { action: click(2), thought: 'save it' };
    const asVet: VetContext = ctx;
    const asProposal: ProposalLike = proposal;
    const out = await createPipeline([createRuleCritic()], { irreversible: 'deny' }).vet(asVet, asProposal);
    expect(out.verdict.decision).toBe('approve');
  });
});

describe('irreversible policy', () => {
  const seen: string[] = [];
  const after = (): Critic => ({ name: 'after', async vet(_c, _p, notes) { seen.push(notes.flagged.join('|')); return { decision: 'approve', critic: 'after', rule: 'ok', reason: 'fine' }; } });

  test('deny (as under CI): blocked, recorded as a confirm verdict then a block', async () => {
    const out = await createPipeline([createRuleCritic(), after()], { irreversible: 'deny' }).vet(ctxOf(), { action: click(6) });
    expect(out.verdict).toMatchObject({ decision: 'block', critic: 'confirm', rule: 'irreversible' });
    expect(out.verdicts.map((v) => `${v.critic}:${v.decision}`)).toEqual(['rules:confirm', 'confirm:block']);
  });

  test('allow: approved, and the next critic sees the flag', async () => {
    seen.length = 0;
    const out = await createPipeline([createRuleCritic(), after()], { irreversible: 'allow' }).vet(ctxOf(), { action: click(6) });
    expect(out.verdict.decision).toBe('approve');
    expect(seen[0]).toContain('Delete contact');
  });

  test('a task declaring allow_irreversible is approved even under deny, never asked', async () => {
    const ask = async () => { throw new Error('must not ask'); };
    const out = await createPipeline([createRuleCritic()], { irreversible: 'deny', ask }).vet(ctxOf({ task: task({ allow_irreversible: true }) }), { action: click(6) });
    expect(out.verdict).toMatchObject({ decision: 'approve', rule: 'flagged' });
  });

  test('ask: the scripted answer decides, and the question names the action', async () => {
    const questions: string[] = [];
    const answers = [true, false];
    const p = createPipeline([createRuleCritic()], { irreversible: 'ask', ask: async (q) => { questions.push(q); return answers.shift()!; } });
    expect((await p.vet(ctxOf(), { action: click(6) })).verdict).toMatchObject({ decision: 'approve', critic: 'confirm' });
    expect((await p.vet(ctxOf(), { action: click(6) })).verdict).toMatchObject({ decision: 'block', critic: 'confirm' });
    expect(questions).toHaveLength(2);
    expect(questions[0]).toContain('click [6]');
  });

  test('defaultIrreversiblePolicy: deny in CI or without a TTY, ask at a terminal', () => {
    expect(defaultIrreversiblePolicy({ CI: 'true' }, true)).toBe('deny');
    expect(defaultIrreversiblePolicy({ CI: '1' }, false)).toBe('deny');
    expect(defaultIrreversiblePolicy({}, false)).toBe('deny');
    expect(defaultIrreversiblePolicy({}, true)).toBe('ask');
    expect(defaultIrreversiblePolicy({ CI: 'false' }, true)).toBe('ask');
  });
});

describe('feedback and records', () => {
  test('critiqueText names the action, the rule, the reason and asks for another action', async () => {
    const v = await vet(click(3));
    const text = critiqueText(v, click(3));
    expect(text).toContain('`click [3]`');
    expect(text).toContain('rejected by the rules (target_enabled)');
    expect(text).toContain('disabled');
    expect(text).toMatch(/Propose a different action\.$/);
    const blocked = critiqueText({ decision: 'block', critic: 'rules', rule: 'origin', reason: 'off origin', suggestion: { type: 'back' } }, click(5));
    expect(blocked).toContain('was blocked');
    expect(blocked).toContain('Suggestion: back.');
  });

  test('countInterventions counts by critic, decision and rule', async () => {
    const verdicts = [await vet(click(3)), await vet(click(3)), await vet(click(42)), await vet(click(2)), await vet(click(6))];
    expect(countInterventions(verdicts)).toEqual({
      rules: { revise: { target_enabled: 2, target_exists: 1 }, approve: { ok: 1 }, confirm: { irreversible: 1 } },
    });
  });
});
