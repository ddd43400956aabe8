// The rule critic: always on, no model, no I/O. It runs the rules in order and answers
// with the first that objects; approvals pass on the flags rules raised (an irreversible
// action the task allows), so a model critic in `risky` mode knows to look.
import { DEFAULT_IRREVERSIBLE_PATTERNS } from './irreversible.js';
import { RULE_NAMES, RULES, type RuleSettings } from './rules.js';
import { actedElement } from './landing.js';
import type { Critic, Verdict } from './types.js';

export interface RuleCriticOptions {
  /** Places navigation may go to besides the task's start origin/app and the current one. */
  allowed?: readonly string[];
  /** Per secret name, where it may be typed; a secret with no entry: the task's start origin only. */
  secretOrigins?: Record<string, readonly string[]>;
  /** Replaces the default irreversible patterns (irreversible.ts). */
  irreversiblePatterns?: readonly RegExp[];
  /** The n-th identical action on an identical screen is a loop (default 3). */
  loopLimit?: number;
}

export function createRuleCritic(opts: RuleCriticOptions = {}): Critic {
  const loopLimit = opts.loopLimit ?? 3;
  if (!Number.isInteger(loopLimit) || loopLimit < 2) throw new Error(`rule critic: loopLimit ${loopLimit} must be a whole number of 2 or more`);
  const settings: RuleSettings = {
    allowed: opts.allowed ?? [],
    secretOrigins: opts.secretOrigins ?? {},
    irreversiblePatterns: opts.irreversiblePatterns ?? DEFAULT_IRREVERSIBLE_PATTERNS,
    loopLimit,
  };
  return {
    name: 'rules',
    async vet(ctx, proposal) {
      const input = { ctx, action: proposal.action, element: actedElement(ctx.obs, proposal.action), settings };
      const flags: string[] = [];
      for (const rule of RULE_NAMES) {
        const out = RULES[rule](input);
        if (!out) continue;
        if (out.decision === 'approve') {
          if (out.flag) flags.push(out.flag);
          continue;
        }
        const v: Verdict = { decision: out.decision, critic: 'rules', rule, reason: out.reason };
        if (out.suggestion) v.suggestion = out.suggestion;
        return v;
      }
      return { decision: 'approve', critic: 'rules', rule: flags.length ? 'flagged' : 'ok', reason: flags.length ? flags.join('; ') : 'every rule holds', ...(flags.length ? { flags } : {}) };
    },
  };
}
