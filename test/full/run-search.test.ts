// `npm run test:full`: the search policy solves every task of the demo suite (the default run
// solves one per practice app, test/run-search.test.ts).
import { describe, it } from 'vitest';
import { expectSearchSolvesDemo } from '../search-demo.js';

describe('search policy on the whole demo suite', () => {
  it('solves every demo task and writes summary, results and traces', async () => {
    await expectSearchSolvesDemo();
  }, 600_000);
});
