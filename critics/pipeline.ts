// The pipeline: critics in order, cheapest first; the first that does not approve decides.
// A `confirm` is not final: the run's irreversible-action policy answers it here (deny,
// allow, or ask the person at the terminal), and the answer is recorded as a verdict of
// its own, critic `confirm`. Approvals hand their flags on to the critics after them.
import { createInterface } from 'node:readline/promises';
import { addUsage } from '../common/usage.js';
import { describeAction } from '../contract/index.js';
import { defaultIrreversiblePolicy, type IrreversiblePolicy } from './irreversible.js';
import type { Critic, CriticUsage, ProposalLike, Verdict, VetContext } from './types.js';

export interface PipelineOptions {
  /** Default: defaultIrreversiblePolicy(process.env, stdin and stdout are TTYs). */
  irreversible?: IrreversiblePolicy;
  /** How `ask` asks; default: a yes/no question on the terminal. */
  ask?: (question: string) => Promise<boolean>;
}

export interface VetOutcome {
  /** The deciding verdict: the first non-approval, else the last approval. */
  verdict: Verdict;
  /** Every verdict given, in order (confirmations included). */
  verdicts: Verdict[];
  vet_ms: number;
  model_calls: number;
  usage: CriticUsage;
}

export interface Pipeline {
  readonly critics: readonly string[];
  readonly irreversible: IrreversiblePolicy;
  vet(ctx: VetContext, proposal: ProposalLike): Promise<VetOutcome>;
}

export function createPipeline(critics: readonly Critic[], opts: PipelineOptions = {}): Pipeline {
  if (critics.length === 0) throw new Error('a critic pipeline needs at least one critic (the rule critic)');
  const irreversible = opts.irreversible ?? defaultIrreversiblePolicy(process.env, !!(process.stdin.isTTY && process.stdout.isTTY));
  const ask = opts.ask ?? askOnTerminal;
  return {
    critics: critics.map((c) => c.name),
    irreversible,
    async vet(ctx, proposal) {
      const started = performance.now();
      const verdicts: Verdict[] = [];
      const flagged: string[] = [];
      let verdict: Verdict | undefined;
      for (const critic of critics) {
        const v = await critic.vet(ctx, proposal, { flagged: [...flagged] });
        verdicts.push(v);
        let decided = v;
        if (v.decision === 'confirm') {
          decided = await resolveConfirm(v, proposal, irreversible, ask);
          verdicts.push(decided);
        }
        if (decided.decision !== 'approve') {
          verdict = decided;
          break;
        }
        flagged.push(...(decided.flags ?? []));
        verdict = decided;
      }
      return {
        verdict: verdict!,
        verdicts,
        vet_ms: Math.round((performance.now() - started) * 10) / 10,
        model_calls: verdicts.reduce((n, v) => n + (v.model_calls ?? 0), 0),
        usage: verdicts.reduce<CriticUsage>((sum, v) => addUsage(sum, v.usage), { prompt_tokens: 0, completion_tokens: 0 }),
      };
    },
  };
}

async function resolveConfirm(
  v: Verdict, proposal: ProposalLike, policy: IrreversiblePolicy, ask: (q: string) => Promise<boolean>,
): Promise<Verdict> {
  const base = { critic: 'confirm', rule: v.rule };
  const note = `${v.rule}: ${v.reason}`;
  if (policy === 'allow') return { ...base, decision: 'approve', reason: `${v.reason}; allowed by the run's policy (irreversible: allow)`, flags: [note] };
  if (policy === 'deny') {
    return { ...base, decision: 'block', reason: `${v.reason}; denied by the run's policy (irreversible: deny, the default in CI and without a TTY; a task may declare allow_irreversible)` };
  }
  const yes = await ask(`cairn wants to ${describeAction(proposal.action)}: ${v.reason}. Allow it?`);
  return yes
    ? { ...base, decision: 'approve', reason: `${v.reason}; the operator allowed it`, flags: [note] }
    : { ...base, decision: 'block', reason: `${v.reason}; the operator refused it` };
}

/** A yes/no question on the terminal; anything but y/yes is no. */
export async function askOnTerminal(question: string): Promise<boolean> {
  // A run's live progress line (on stderr) may hold the terminal's last row: ask on a clean one.
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
