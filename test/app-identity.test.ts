// A suite's `app:` is the app's identity for memory: the same app served on another port
// recalls its records; another app on the same origin does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemory, type MemoryStore } from '../memory/index.js';
import { parseSuite } from '../tasks/load.js';
import { instances } from '../tasks/resolve.js';
import type { ResolvedTask } from '../contract/index.js';
import { addContact, tempDir } from './memory-helpers.js';

const suiteOn = (port: number, app: string) => parseSuite(`name: contacts
base_url: http://127.0.0.1:${port}/
app: ${app}
tasks:
  - id: add
    goal: Add a contact named {{name}} with phone {{phone}}.
    params: { name: { gen: full_name }, phone: { gen: phone } }
    start: { url: /contacts/ }
    checks: [{ url: { contains: /contacts/ } }]
`, 'suite.yaml');

const taskOn = (port: number, app: string, seed: number): ResolvedTask => instances(suiteOn(port, app), { seeds: [seed] })[0]!;

describe('app identity', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let store: MemoryStore;
  beforeAll(async () => {
    tmp = await tempDir();
    store = await openMemory({ uri: tmp.dir });
    const task = taskOn(4100, 'contacts-app', 1);
    await store.remember({ task, steps: addContact(task.params.name!, task.params.phone!), verified: true, verifier: 'checks: url', run_id: 'r1', source: 'explore' });
  });
  afterAll(async () => {
    store.close();
    await tmp.remove();
  });

  it('recalls the app\'s records on another port', async () => {
    const hits = await store.recall(taskOn(4200, 'contacts-app', 2), 3);
    expect(hits.map((h) => h.record.app)).toEqual(['contacts-app']);
  });

  it('keeps another app on the same origin apart', async () => {
    expect(await store.recall(taskOn(4100, 'crm-app', 2), 3)).toEqual([]);
  });
});
