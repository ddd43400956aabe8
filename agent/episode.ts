// One episode, as in DESIGN.md: start -> (policy.prepare) -> observe/propose/act until done
// or budget spent -> verify. It never throws for what goes wrong inside the episode: a
// setup failure, a policy error or a dead driver ends it as `errored` with the reason.
import { CriticError, countInterventions, type InterventionCounts, type Pipeline, type Verdict } from '../critics/index.js';
import { isTerminal, type Action } from '../drivers/action.js';
import { summarizeScreen } from '../drivers/elements.js';
import type { ActResult, Driver, Observation, SettleDepth, TargetDescriptor } from '../drivers/types.js';
import { verify, type CheckRecord } from '../tasks/checks.js';
import { redact, secretNames, withSecrets } from '../tasks/secrets.js';
import { mapStrings } from '../tasks/template.js';
import type { ResolvedTask } from '../tasks/types.js';
import { answerSource } from './replay/answer.js';
import type { EpisodeTrace } from './trace.js';
import { PolicyError, type Policy, type PolicySource, type PrepareStats, type StepRecord, type Usage } from './types.js';
import { proposeVetted, type Vetted } from './vetting.js';

export type EpisodeStatus = 'success' | 'failed' | 'errored';

export interface EpisodeResult {
  instance: string;
  task_id: string;
  seed: number;
  episode: number;
  status: EpisodeStatus;
  reason: string;
  steps: number;
  /** Actions the driver ran: the steps' and, for search, all it ran while searching (tries and the replays of a path after a restart). */
  driver_actions: number;
  answer?: string;
  model_calls: number;
  tokens: { prompt: number; completion: number };
  wall_ms: number;
  /** observe_ms + act_ms per step: cairn's own cost, no model time. */
  step_overhead_ms: number[];
  /** Where the wall time went: starting the task, preparing (choosing the policy, recalling, searching), the steps, verifying. */
  phases_ms: { start: number; prepare: number; steps: number; verify: number };
  /** Every verdict, approvals included: critic -> decision -> rule -> n. */
  interventions?: InterventionCounts;
  /** The policy that drove the episode (auto picks one per task). */
  policy: string;
  /** Prompt tokens the memory guidance added per model call (an estimate). */
  guidance_tokens?: number;
  /** Replay lost the trail and handed over to the model. */
  handed_over?: boolean;
  prepare?: PrepareStats;
}

export interface EpisodeOptions {
  task: ResolvedTask;
  episode: number;
  driver: Driver;
  /** The policy, or where to get one once the goal is known (after goal_from is read). */
  policy: Policy | PolicySource;
  screenshots: boolean;
  trace?: EpisodeTrace;
  /** Vet every proposal before it runs (the rule critic, maybe a model critic). */
  critics?: Pipeline;
  /** Proposals a step may have sent back for revision (default 2). */
  maxRevisions?: number;
  /** Called once the episode is judged, with the steps it took (memory remembers successes). */
  onFinish?: (task: ResolvedTask, result: EpisodeResult, history: StepRecord[]) => Promise<void>;
}

const now = () => performance.now();
/** How long a policy with readiness() may wait for its screen each step before it proposes anyway. */
const READY_WAIT_MS = 3_000;

export async function runEpisode(opts: EpisodeOptions): Promise<EpisodeResult> {
  const { driver, trace, episode } = opts;
  const source = 'make' in opts.policy ? opts.policy : undefined;
  let policy = 'make' in opts.policy ? undefined : opts.policy;
  let guidanceTokens: number | undefined;
  let task = opts.task;
  const started = now();
  const deadline = Date.now() + task.budget.timeout_s * 1000;
  const secrets = secretNames(JSON.stringify(task));
  const history: StepRecord[] = [];
  const usage: Usage = { prompt_tokens: 0, completion_tokens: 0 };
  let modelCalls = 0;
  let answer: string | undefined;
  let prepare: PrepareStats | undefined;
  let preparedActions = 0;
  let checks: CheckRecord[] = [];
  const verdicts: Verdict[] = [];
  const phases = { start: 0, prepare: 0, steps: 0, verify: 0 };
  const timed = async <T>(phase: keyof typeof phases, work: () => Promise<T>): Promise<T> => {
    const t = now();
    try {
      return await work();
    } finally {
      phases[phase] += now() - t;
    }
  };

  // What a policy tries while preparing (search) runs for real, so the critics vet it too;
  // a try repeated after a restart is not asked about again.
  const triedVerdicts = new Map<string, string>();
  const vetTry = async (t: ResolvedTask, action: Action, on: Observation): Promise<string> => {
    if (!opts.critics) return '';
    const key = `${on.digest} ${JSON.stringify(action)}`;
    let blocked = triedVerdicts.get(key);
    if (blocked === undefined) {
      const vet = await opts.critics.vet({ task: t, obs: on, history: [] }, { action });
      verdicts.push(...vet.verdicts);
      modelCalls += vet.model_calls;
      usage.prompt_tokens += vet.usage.prompt_tokens;
      usage.completion_tokens += vet.usage.completion_tokens;
      blocked = vet.verdict.decision === 'approve' ? '' : `blocked by the ${vet.verdict.critic} critic: ${vet.verdict.reason}`;
      triedVerdicts.set(key, blocked);
    }
    return blocked;
  };

  let stepsStarted: number | undefined;
  const finish = async (status: EpisodeStatus, reason: string): Promise<EpisodeResult> => {
    if (stepsStarted !== undefined && phases.steps === 0) phases.steps = now() - stepsStarted; // ended inside the loop
    const result: EpisodeResult = {
      instance: task.instance, task_id: task.id, seed: task.seed, episode, status,
      reason: redact(reason, secrets), steps: history.length, answer, model_calls: modelCalls,
      driver_actions: history.filter((h) => !isTerminal(h.action)).length + preparedActions,
      tokens: { prompt: usage.prompt_tokens, completion: usage.completion_tokens },
      wall_ms: Math.round(now() - started),
      step_overhead_ms: history.map((s) => s.timings.observe_ms + s.timings.act_ms),
      phases_ms: { start: round(phases.start), prepare: round(phases.prepare), steps: round(phases.steps), verify: round(phases.verify) },
      policy: policy?.name ?? source!.name,
      ...(opts.critics ? { interventions: countInterventions(verdicts) } : {}),
      ...(guidanceTokens ? { guidance_tokens: guidanceTokens } : {}),
      ...(policy && 'handedOver' in policy && policy.handedOver ? { handed_over: true } : {}),
      prepare,
    };
    await trace?.finish(task, result, history, checks);
    await opts.onFinish?.(task, result, history);
    return result;
  };

  // A policy that says when a screen is ready for it does not wait for screens to go quiet.
  const depthOf = (p: Policy) => (p.readiness ? 'light' : 'full');
  let chosen: Policy;
  try {
    // The policy is chosen for the goal: a goal read from the page is known only after start.
    const choose = () => timed('prepare', () => source!.make(task));
    if (!policy && !task.goal_from) ({ policy, guidance_tokens: guidanceTokens } = await choose());
    await timed('start', () => startTask(driver, task, !policy || policy.prepare ? 'full' : depthOf(policy)));
    if (task.goal_from) task = { ...task, goal: await driver.read(task.goal_from) };
    if (!policy) ({ policy, guidance_tokens: guidanceTokens } = await choose());
    chosen = policy;
    if (chosen.prepare) {
      const t = task;
      prepare = await timed('prepare', () => chosen.prepare!({
        task: t, driver, deadline,
        verify: async (a) => (await verify(t.checks, driver, a, withSecrets)).ok,
        restart: () => startTask(driver, t),
        act: async (action, on) => {
          const blocked = await vetTry(t, action, on);
          if (blocked) return { ok: false, error: blocked, act_ms: 0 };
          preparedActions++;
          return driver.act(withSecrets(action), on);
        },
      }));
      await timed('start', () => startTask(driver, task, depthOf(chosen)));
    }
  } catch (e) {
    if (e instanceof PolicyError) return finish(e.kind === 'exhausted' ? 'failed' : 'errored', e.message);
    if (e instanceof CriticError) return finish('errored', e.message);
    return finish('errored', `setup: ${(e as Error).message}`);
  }
  const depth = depthOf(chosen);

  let stop: string | undefined;
  stepsStarted = now();
  for (let i = 0; i < task.budget.max_steps && !stop; i++) {
    if (Date.now() > deadline) { stop = `timeout after ${task.budget.timeout_s}s`; break; }
    let obs: Observation;
    const t0 = now();
    const readiness = (seen: Observation) => chosen.readiness?.({ task, obs: seen, history, remaining: task.budget.max_steps - i }) ?? 'ready';
    const look = async () => {
      const seen = await driver.observe({ screenshot: opts.screenshots || chosen.wantsScreenshot === true });
      // A secret typed into a plain field would show in its value; the policy sees the placeholder.
      return secrets.length ? { ...seen, elements: seen.elements.map((e) => mapStrings(e, (t) => redact(t, secrets))) } : seen;
    };
    try {
      obs = await look();
      // Like a Playwright locator, wait (bounded) for the screen the policy expects.
      const until = Math.min(deadline, Date.now() + READY_WAIT_MS);
      let need = readiness(obs);
      while (need !== 'ready') {
        await driver.settle();
        obs = await look();
        need = need === 'wait' && Date.now() < until ? readiness(obs) : 'ready';
      }
    } catch (e) {
      return finish('errored', `observe failed: ${(e as Error).message}`);
    }
    const t1 = now();
    let vetted: Vetted;
    try {
      vetted = await proposeVetted(chosen, { task, obs, history, remaining: task.budget.max_steps - i }, opts.critics, opts.maxRevisions);
    } catch (e) {
      // A policy that ran out of ideas failed the task; anything else is a broken episode.
      if (e instanceof PolicyError) return finish(e.kind === 'exhausted' ? 'failed' : 'errored', e.message);
      if (e instanceof CriticError) return finish('errored', e.message);
      return finish('errored', `policy ${chosen.name} failed: ${(e as Error).message}`);
    }
    const t2 = now();
    modelCalls += vetted.model_calls;
    usage.prompt_tokens += vetted.usage.prompt_tokens;
    usage.completion_tokens += vetted.usage.completion_tokens;
    verdicts.push(...vetted.verdicts);
    if (vetted.outcome === 'exhausted') return finish('failed', vetted.reason!);

    const proposal = vetted.proposal;
    const action = proposal.action;
    const result: ActResult = vetted.outcome === 'block'
      ? { ok: false, error: vetted.reason, act_ms: 0 }
      : isTerminal(action)
        ? { ok: true, act_ms: 0, ...answerTarget(action, obs, task) }
        : await driver.act(withSecrets(action), obs, { settle: depth }).catch((e: Error) => ({ ok: false, error: e.message, act_ms: 0 }));
    if (result.error) result.error = redact(result.error, secrets);
    const step: StepRecord = {
      index: i, location: obs.location, digest: obs.digest, screen: summarizeScreen(obs), action, thought: proposal.thought, result,
      ...(vetted.verdicts.length ? { verdicts: vetted.verdicts } : {}),
      timings: { observe_ms: round(t1 - t0), propose_ms: round(t2 - t1 - vetted.vet_ms), vet_ms: vetted.vet_ms, act_ms: round(result.act_ms) },
    };
    history.push(step);
    await trace?.step(step, obs.screenshot);

    if (!result.ok) continue;
    if (action.type === 'answer') { answer = action.text; stop = 'answered'; }
    if (action.type === 'done') stop = action.status === 'success' ? 'agent said done' : `agent said infeasible${action.reason ? `: ${action.reason}` : ''}`;
  }

  phases.steps = now() - stepsStarted;
  try {
    const verdict = await timed('verify', () => judge(task, driver, answer, chosen.readiness !== undefined));
    checks = verdict.checks.map((c) => ({ ...c, evidence: redact(c.evidence, secrets) }));
    if (verdict.ok) return finish('success', stop ?? 'checks hold');
    const failed = checks.filter((c) => !c.ok).map((c) => c.evidence).join('; ');
    return finish('failed', `${stop ?? `step budget (${task.budget.max_steps}) spent`}; checks failed: ${failed}`);
  } catch (e) {
    return finish('errored', `verify failed: ${(e as Error).message}`);
  }
}

/**
 * The task's checks. After light settles they run like Playwright's expect: at once, and
 * once more on a settled screen if one failed; a check that something is absent could
 * hold on a screen still being drawn, so it waits for the settled one.
 */
async function judge(task: ResolvedTask, driver: Driver, answer: string | undefined, light: boolean) {
  const run = () => verify(task.checks, driver, answer, withSecrets);
  if (!light) return run();
  if (task.checks.some((c) => c.kind === 'element' && !c.present)) {
    await driver.settle();
    return run();
  }
  const first = await run();
  if (first.ok) return first;
  await driver.settle();
  return run();
}

async function startTask(driver: Driver, task: ResolvedTask, settle: SettleDepth = 'full'): Promise<void> {
  await driver.start(withSecrets(task.start), { settle });
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** An answer's step records where it was read (replay reads it there again). */
function answerTarget(action: Action, obs: Observation, task: ResolvedTask): { target?: TargetDescriptor } {
  const target = action.type === 'answer' ? answerSource(action.text, obs, task) : undefined;
  return target ? { target } : {};
}
