// The driver as an episode uses it, and the one place where secrets cross: values are
// revealed on the way in (start, actions, checks) and redacted on the way out (observations,
// errors, evidence, reasons). Only the secrets the task declares are ever revealed, and an
// action carries one only where secret-gate.ts allows. The runner and the policies never
// hold the raw driver.
import { mapStrings, redact, secretNames, withSecrets, type Action, type ActResult, type Driver, type Observation, type ResolvedTask, type SettleDepth } from '../contract/index.js';
import { verify, type CheckVerdict } from '../tasks/checks.js';
import { secretRefusal } from './secret-gate.js';

export class Screen {
  /** The secrets the task names itself (goal, start, setup, checks): the only ones ever filled in. */
  private readonly secrets: ReadonlySet<string>;

  /** `task` as declared: a goal read from the page later (goal_from) declares no secrets. */
  constructor(private readonly driver: Driver, private readonly task: ResolvedTask) {
    this.secrets = new Set(secretNames(JSON.stringify(task)));
  }

  /** Text that may have echoed a secret, with its value put back as the placeholder. */
  redact(text: string): string {
    return this.secrets.size ? redact(text, this.secrets) : text;
  }

  private reveal<T>(value: T): T {
    return withSecrets(value, process.env, this.secrets);
  }

  /** Opens the task afresh (setup included). */
  start(task: ResolvedTask, settle: SettleDepth = 'full'): Promise<void> {
    return this.driver.start(this.reveal(task.start), { settle });
  }

  settle(): Promise<void> {
    return this.driver.settle();
  }

  /** The raw value a goal_from expression gives (tasks/goal-from.ts makes a goal of it). */
  async read(expression: string): Promise<unknown> {
    const value = await this.driver.read(this.reveal(expression));
    return this.secrets.size ? mapStrings(value, (t) => this.redact(t)) : value;
  }

  /** A secret typed into a field shows in its value, one in the URL in the location: the policy sees the placeholder. */
  async observe(screenshot = false): Promise<Observation> {
    const seen = await this.driver.observe({ screenshot });
    return this.secrets.size ? mapStrings(seen, (t) => this.redact(t)) : seen;
  }

  /** Why `action` may not run with the secrets it names (undeclared, in a URL, to a foreign frame ...); undefined when it may. */
  refusal(action: Action, on: Observation): string | undefined {
    return secretRefusal(action, on, this.task, this.secrets);
  }

  /** A driver error, or a secret that may not go where the action sends it, is a failed action; an unset secret throws. */
  async act(action: Action, on: Observation, settle?: SettleDepth): Promise<ActResult> {
    const refused = this.refusal(action, on);
    if (refused) return { ok: false, error: refused, act_ms: 0 };
    const result = await this.driver.act(this.reveal(action), on, settle ? { settle } : {})
      .catch((e: Error): ActResult => ({ ok: false, error: e.message, act_ms: 0 }));
    return result.error ? { ...result, error: this.redact(result.error) } : result;
  }

  async verify(task: ResolvedTask, answer?: string): Promise<CheckVerdict> {
    const v = await verify(task.checks, this.driver, answer, (c) => this.reveal(c));
    return { ok: v.ok, checks: v.checks.map((c) => ({ ...c, evidence: this.redact(c.evidence) })) };
  }
}
