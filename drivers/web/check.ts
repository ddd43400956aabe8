// The web side of the verifiers: JS checks; url and element checks are shared (drivers/checks.ts).
import type { CheckResult } from '../types.js';
import { showValue } from './js.js';

export function jsResult(value: unknown): CheckResult {
  return { ok: !!value, evidence: showValue(value) };
}
