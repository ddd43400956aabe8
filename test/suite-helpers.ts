// For suite-format tests: the problems a suite text is rejected with.
import { expect } from 'vitest';
import { parseSuite, SuiteError } from '../tasks/load.js';

export function problemsOf(text: string): string[] {
  try {
    parseSuite(text, 'suite.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SuiteError);
    return (e as SuiteError).problems;
  }
  throw new Error('expected the suite to be rejected');
}
