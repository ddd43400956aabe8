// A one-page site for tests that run cairn on a suite over a local folder: a name field and
// a Save button that sets window.saved, and the greet task that fills it.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GREET_PAGE = `<!DOCTYPE html><html><head><title>Greeting</title></head><body>
<p id="ask">Save the name "Ada"</p>
<label>Name <input id="name"></label>
<button onclick="window.saved = document.getElementById('name').value">Save</button>
</body></html>`;

/** The greet task; `extra` lines (indented as task keys) are added to it. */
export const greetTask = (extra: string[] = []) => [
  '  - id: greet',
  '    goal: Save the name "{{name}}"',
  '    params: { name: { gen: first_name } }',
  '    start: { url: greet/ }',
  ...extra,
  '    checks:',
  `      - js: "window.saved === '{{name}}'"`,
  '',
].join('\n');

/** A temp folder holding site/greet/index.html and suite.yaml (`suite`, its text). */
export async function greetSite(suite: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-greet-'));
  await mkdir(join(dir, 'site', 'greet'), { recursive: true });
  await writeFile(join(dir, 'site', 'greet', 'index.html'), GREET_PAGE);
  await writeFile(join(dir, 'suite.yaml'), suite);
  return dir;
}
