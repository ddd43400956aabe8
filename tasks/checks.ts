// The verifier: a task succeeded only when every one of its checks holds. Answer checks are
// judged here; the rest are asked of the driver, which sees the live screen.
import { stripVTControlCharacters } from 'node:util';
import { firstLine, messageOf } from '../common/errors.js';
import type { AnswerCheck, AssertionCheck, Check, CheckResult, Driver } from '../contract/index.js';

export interface CheckRecord extends CheckResult { check: Check }
export interface CheckVerdict { ok: boolean; checks: CheckRecord[] }

const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

export function judgeAnswer(check: AnswerCheck, answer: string | undefined): CheckResult {
  if (answer === undefined) return { ok: false, evidence: 'no answer was given' };
  if (check.equals !== undefined && norm(answer) !== norm(check.equals)) {
    return { ok: false, evidence: `answer ${JSON.stringify(answer)} is not ${JSON.stringify(check.equals)}` };
  }
  if (check.matches !== undefined && !new RegExp(check.matches, 'i').test(answer)) {
    return { ok: false, evidence: `answer ${JSON.stringify(answer)} does not match /${check.matches}/i` };
  }
  return { ok: true, evidence: `answer ${JSON.stringify(answer)}` };
}

/** The caller's assertion holds when it returns; its error (first line, colours stripped) is the evidence when it throws. */
export async function runAssertion(check: AssertionCheck, answer: string | undefined): Promise<CheckResult> {
  try {
    await check.run(answer);
    return { ok: true, evidence: `${check.label} held` };
  } catch (e) {
    // expect()'s messages come coloured for a terminal.
    return { ok: false, evidence: `${check.label}: ${firstLine(stripVTControlCharacters(messageOf(e)))}` };
  }
}

/**
 * Runs every check (no short-circuit: a failed episode shows all that failed). `reveal`
 * fills secrets into what the driver gets; the records keep the placeholders.
 */
export async function verify(checks: Check[], driver: Driver, answer?: string, reveal: <T>(v: T) => T = (v) => v): Promise<CheckVerdict> {
  const records: CheckRecord[] = [];
  for (const check of checks) {
    let r: CheckResult;
    try {
      r = check.kind === 'answer' ? judgeAnswer(check, answer)
        : check.kind === 'assertion' ? await runAssertion(check, answer)
          : await driver.check(reveal(check));
    } catch (e) {
      r = { ok: false, evidence: `check failed to run: ${(e as Error).message}` };
    }
    records.push({ check, ...r });
  }
  return { ok: records.every((r) => r.ok), checks: records };
}
