// The driver as an episode uses it, and the one place where secrets cross: values are
// revealed on the way in (start, actions, checks) and redacted on the way out (observations,
// errors, evidence, reasons). The runner and the policies never hold the raw driver.
import type { Action } from '../drivers/action.js';
import type { ActResult, Driver, Observation, SettleDepth } from '../drivers/types.js';
import { verify, type Verdict } from '../tasks/checks.js';
import { redact, secretNames, withSecrets } from '../tasks/secrets.js';
import { mapStrings } from '../tasks/template.js';
import type { ResolvedTask } from '../tasks/types.js';

export class Screen {
  private readonly secrets: string[];

  constructor(private readonly driver: Driver, task: ResolvedTask) {
    this.secrets = secretNames(JSON.stringify(task));
  }

  /** Text that may have echoed a secret, with its value put back as the placeholder. */
  redact(text: string): string {
    return this.secrets.length ? redact(text, this.secrets) : text;
  }

  /** Opens the task afresh (setup included). */
  start(task: ResolvedTask, settle: SettleDepth = 'full'): Promise<void> {
    return this.driver.start(withSecrets(task.start), { settle });
  }

  settle(): Promise<void> {
    return this.driver.settle();
  }

  /** The raw value a goal_from expression gives (tasks/goal-from.ts makes a goal of it). */
  async read(expression: string): Promise<unknown> {
    const value = await this.driver.read(withSecrets(expression));
    return this.secrets.length ? mapStrings(value, (t) => this.redact(t)) : value;
  }

  /** A secret typed into a plain field would show in its value: the policy sees the placeholder. */
  async observe(screenshot = false): Promise<Observation> {
    const seen = await this.driver.observe({ screenshot });
    return this.secrets.length ? { ...seen, elements: seen.elements.map((e) => mapStrings(e, (t) => this.redact(t))) } : seen;
  }

  /** Never throws: a driver error is a failed action. */
  async act(action: Action, on: Observation, settle?: SettleDepth): Promise<ActResult> {
    const result = await this.driver.act(withSecrets(action), on, settle ? { settle } : {})
      .catch((e: Error): ActResult => ({ ok: false, error: e.message, act_ms: 0 }));
    return result.error ? { ...result, error: this.redact(result.error) } : result;
  }

  async verify(task: ResolvedTask, answer?: string): Promise<Verdict> {
    const v = await verify(task.checks, this.driver, answer, withSecrets);
    return { ok: v.ok, checks: v.checks.map((c) => ({ ...c, evidence: this.redact(c.evidence) })) };
  }
}
