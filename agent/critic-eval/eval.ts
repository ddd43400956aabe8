// critic-eval: how well a critic pipeline tells wrong actions from right ones, measured live.
// Each verified trajectory is walked on a real driver; at every recorded state the recorded
// action is a positive and the negatives (eval-negatives.ts) are built from the live screen.
// `reject` (anything but approve) is the positive class of precision/recall/F1.
// Counterfactual mode checks the labels instead of assuming them: each negative (those the
// critic vetoed, or all with 'all') runs on a fresh instance of the task in place of the
// recorded step, the steps after it are replayed, and the task's checks say whether it could
// still succeed.
import { parseUrl } from '../../common/url.js';
import type { Decision, ProposalLike, Verdict, VetContext } from '../../critics/index.js';
import type { Action, Driver, Observation, ResolvedTask } from '../../contract/index.js';
import { aim, type RecordedStep } from '../replayer.js';
import { Screen } from '../screen.js';
import { aimAtInjected, INJECT_DISABLED, NEGATIVE_KINDS, negativesAt, REMOVE_DISABLED, STRUCTURAL_KINDS, type NegativeKind } from './negatives.js';
import { EvalSession } from './session.js';

export interface VerifiedTrajectory { task: ResolvedTask; steps: RecordedStep[] }

export interface CriticEvalOptions {
  trajectories: readonly VerifiedTrajectory[];
  /** One driver serves the whole eval; it is closed at the end. */
  makeDriver: () => Promise<Driver>;
  /** What is measured: a Pipeline fits. */
  critic: { vet(ctx: VetContext, p: ProposalLike): Promise<{ verdict: Verdict }> };
  kinds?: readonly NegativeKind[];
  /** true: check the labels of vetoed negatives; 'all': of every negative. */
  counterfactual?: boolean | 'all';
  /** Where off_origin negatives go; default: the start host swapped (127.0.0.1 <-> localhost), same port. */
  offOriginUrl?: string;
  screenshots?: boolean;
  log?: (line: string) => void;
}

export interface EvalSample {
  task: string;
  step: number;
  label: 'positive' | NegativeKind;
  action: Action;
  decision: Decision;
  critic: string;
  rule: string;
  reason: string;
  /** Counterfactual mode: could the task still succeed after this action? */
  still_succeeds?: boolean;
  counterfactual_note?: string;
}

export interface KindStats { n: number; caught: number; recall: number; checked: number; still_succeeds: number }

export interface CriticEvalReport {
  positives: number;
  negatives: number;
  false_blocks: number;
  false_block_rate: number;
  precision: number;
  recall: number;
  f1: number;
  by_kind: Partial<Record<NegativeKind, KindStats>>;
  structural: { n: number; caught: number; recall: number };
  /** other_element / wrong_text negatives after which the task still succeeded: wrong labels, not critic misses. */
  mislabelled: EvalSample[];
  samples: EvalSample[];
  /** Trajectories that could not be walked to the end, and why. */
  lost: string[];
}

const rejects = (d: Decision) => d !== 'approve';

export async function criticEval(opts: CriticEvalOptions): Promise<CriticEvalReport> {
  const kinds = opts.kinds ?? NEGATIVE_KINDS;
  const log = opts.log ?? (() => {});
  const driver = await opts.makeDriver();
  const samples: EvalSample[] = [];
  const lost: string[] = [];
  try {
    for (const t of opts.trajectories) {
      const offOriginUrl = opts.offOriginUrl ?? offOriginFor(t.task);
      const walked = await walk(driver, t, kinds, offOriginUrl, opts, samples);
      if (walked) lost.push(walked);
      if (opts.counterfactual) {
        const todo = samples.filter((s) => s.task === t.task.instance && s.label !== 'positive' && (opts.counterfactual === 'all' || rejects(s.decision)));
        for (const s of todo) Object.assign(s, await counterfactual(driver, t, s, opts.screenshots ?? false));
      }
      log(`critic-eval: ${t.task.instance} done (${samples.filter((s) => s.task === t.task.instance).length} samples)`);
    }
  } finally {
    await driver.close();
  }
  return report(samples, kinds, lost);
}

/** Walks one trajectory, vetting the positive and the negatives at each state; a reason if it got lost. */
async function walk(
  driver: Driver, t: VerifiedTrajectory, kinds: readonly NegativeKind[], offOriginUrl: string,
  opts: CriticEvalOptions, samples: EvalSample[],
): Promise<string | undefined> {
  const rp = new EvalSession(new Screen(driver, t.task), t.task, opts.screenshots ?? false);
  await rp.start();
  for (const [i, step] of t.steps.entries()) {
    const obs = rp.obs;
    const positive = aimed(step, obs);
    if (!positive) return `${t.task.instance}: step ${i + 1}'s target ${step.target?.role} "${step.target?.name}" is not on ${obs.location}`;
    const ctx: VetContext = { task: rp.task, obs, history: [...rp.history] };
    const vetted = async (label: EvalSample['label'], action: Action, on = ctx) => {
      const { verdict } = await opts.critic.vet(on, { action });
      samples.push({ task: t.task.instance, step: i, label, action, decision: verdict.decision, critic: verdict.critic, rule: verdict.rule, reason: verdict.reason });
    };
    await vetted('positive', positive);
    for (const neg of negativesAt({ obs, positive, task: rp.task, offOriginUrl }, kinds)) {
      if (neg.action) {
        await vetted(neg.kind, neg.action);
        continue;
      }
      await rp.screen.read(INJECT_DISABLED);
      const injected = await rp.look();
      const aimed = aimAtInjected(injected);
      if (aimed) await vetted(neg.kind, aimed, { ...ctx, obs: injected });
      await rp.screen.read(REMOVE_DISABLED);
      await rp.look();
    }
    if (positive.type === 'answer' || positive.type === 'done') break;
    const now = aimed(step, rp.obs) ?? positive;
    if (!(await rp.act(now))) return `${t.task.instance}: step ${i + 1} (${now.type}) failed on replay`;
  }
  return undefined;
}

async function counterfactual(driver: Driver, t: VerifiedTrajectory, s: EvalSample, screenshots: boolean): Promise<Pick<EvalSample, 'still_succeeds' | 'counterfactual_note'>> {
  const rp = new EvalSession(new Screen(driver, t.task), t.task, screenshots);
  await rp.start();
  const before = await rp.replay(t.steps, 0, s.step);
  if (!before.ok) return { still_succeeds: false, counterfactual_note: `could not reach the state again: ${before.why}` };
  let action = s.action;
  if (s.label === 'disabled') {
    await rp.screen.read(INJECT_DISABLED);
    action = aimAtInjected(await rp.look()) ?? action;
  }
  const ran = await rp.act(action).catch(() => false);
  // The negative takes the recorded step's place; the steps after it follow.
  const after = await rp.replay(t.steps, s.step + 1, t.steps.length);
  const answer = t.steps.find((x) => x.action.type === 'answer')?.action;
  const verdict = await rp.screen.verify(rp.task, answer?.type === 'answer' ? answer.text : undefined);
  const how = `the action ${ran ? 'ran' : 'failed'}; ${after.ok ? 'the rest replayed' : `the rest did not replay (${after.why})`}`;
  return { still_succeeds: verdict.ok, counterfactual_note: `${how}; the checks ${verdict.ok ? 'hold' : 'fail'}` };
}

/** The recorded action aimed at this screen's element; undefined when its target is not here. */
function aimed(step: RecordedStep, obs: Observation): Action | undefined {
  const a = aim(step, obs);
  return a.ok ? a.action : undefined;
}

function report(samples: EvalSample[], kinds: readonly NegativeKind[], lost: string[]): CriticEvalReport {
  const pos = samples.filter((s) => s.label === 'positive');
  const neg = samples.filter((s) => s.label !== 'positive');
  const tp = neg.filter((s) => rejects(s.decision)).length;
  const fp = pos.filter((s) => rejects(s.decision)).length;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = neg.length ? tp / neg.length : 0;
  const by_kind: Partial<Record<NegativeKind, KindStats>> = {};
  for (const kind of kinds) {
    const of = neg.filter((s) => s.label === kind);
    if (!of.length) continue;
    const caught = of.filter((s) => rejects(s.decision)).length;
    const checked = of.filter((s) => s.still_succeeds !== undefined);
    by_kind[kind] = { n: of.length, caught, recall: caught / of.length, checked: checked.length, still_succeeds: checked.filter((s) => s.still_succeeds).length };
  }
  const structural = neg.filter((s) => (STRUCTURAL_KINDS as readonly string[]).includes(s.label));
  const structuralCaught = structural.filter((s) => rejects(s.decision)).length;
  return {
    positives: pos.length,
    negatives: neg.length,
    false_blocks: fp,
    false_block_rate: pos.length ? fp / pos.length : 0,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    by_kind,
    structural: { n: structural.length, caught: structuralCaught, recall: structural.length ? structuralCaught / structural.length : 0 },
    mislabelled: neg.filter((s) => s.still_succeeds === true && !(STRUCTURAL_KINDS as readonly string[]).includes(s.label)),
    samples,
    lost,
  };
}

/** A real, reachable origin that is not the task's: the same server under its other loopback name. */
export function offOriginFor(task: ResolvedTask): string {
  const u = parseUrl(task.start.url ?? '');
  const swap: Record<string, string> = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' };
  const host = u && swap[u.hostname];
  return host ? `${u.protocol}//${host}${u.port ? `:${u.port}` : ''}/` : 'https://example.com/';
}

/** The report as a fixed-width table, one row per kind, for logs and READMEs. */
export function formatEvalTable(r: CriticEvalReport): string {
  const rows = [['kind', 'n', 'caught', 'recall', 'cf checked', 'cf still ok']];
  for (const [kind, k] of Object.entries(r.by_kind)) {
    rows.push([kind, String(k.n), String(k.caught), k.recall.toFixed(2), String(k.checked), String(k.still_succeeds)]);
  }
  rows.push(['structural', String(r.structural.n), String(r.structural.caught), r.structural.recall.toFixed(2), '', '']);
  rows.push(['positives', String(r.positives), `${r.false_blocks} blocked`, `fbr ${r.false_block_rate.toFixed(3)}`, '', '']);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const lines = rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd());
  lines.push(`precision ${r.precision.toFixed(3)}  recall ${r.recall.toFixed(3)}  f1 ${r.f1.toFixed(3)}`);
  return lines.join('\n');
}
