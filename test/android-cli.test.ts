// `cairn observe --platform android`: the element list of a saved page source (every public
// dump and cairn's own fixtures) and of a live device through Appium (the fake driver).
import { readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeAndroid } from '../cli/android.js';
import { startFakeAppium, type FakeAppium } from './appium-server.js';
import { cairn } from './cli-runner.js';

const SHARED = fileURLToPath(new URL('./fixtures/android/public/', import.meta.url));
const OWN = fileURLToPath(new URL('./fixtures/android/', import.meta.url));
const dumps = [
  ...readdirSync(SHARED).filter((f) => f.endsWith('.xml')).map((f) => SHARED + f),
  ...readdirSync(OWN).filter((f) => f.endsWith('.xml')).map((f) => OWN + f),
].sort();

describe('observe --from-xml', () => {
  it('has dumps to read', () => {
    expect(dumps.length).toBeGreaterThanOrEqual(17);
  });

  it.each(dumps)('%s prints the location and one line per element', async (file) => {
    const text = await observeAndroid({ fromXml: file });
    const [location, ...lines] = text.split('\n');
    expect(location).toMatch(/^[a-z][\w]*(\.[\w]+)+$/);
    expect(lines.length).toBeGreaterThan(0);
    lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^\\[${i}\\] \\w+ "`)));
    const json = JSON.parse(await observeAndroid({ fromXml: file, json: true })) as { id: number; role: string }[];
    expect(json.map((e) => e.id)).toEqual(lines.map((_, i) => i));
  });

  it('puts the given activity in the location', async () => {
    const text = await observeAndroid({ fromXml: `${OWN}fake-contacts-app.xml`, activity: '.NewContactActivity' });
    expect(text.split('\n')[0]).toBe('com.example.contacts/.NewContactActivity');
  });

  it('names the file and the problem when it cannot be read or parsed', async () => {
    await expect(observeAndroid({ fromXml: `${OWN}missing.xml` })).rejects.toThrow(/^cannot read the page source .*missing\.xml: ENOENT/);
    await expect(observeAndroid({ fromXml: `${OWN}SOURCES.md` })).rejects.toThrow(/SOURCES\.md: Android page source/);
    await expect(observeAndroid({})).rejects.toThrow('observe --platform android needs exactly one of --from-xml FILE or --appium URL');
  });
});

describe('observe --appium', () => {
  let server: FakeAppium;
  beforeAll(async () => { server = await startFakeAppium(); });
  afterAll(async () => { await server?.close(); });

  it('prints the live screen of the device and closes its session', async () => {
    const text = await observeAndroid({ appium: server.url, capabilities: server.capabilities });
    expect(text.split('\n')).toContain('[6] button "Save" resource-id=com.example.contacts:id/save');
    expect(await server.sessions()).toEqual([]);
  });

  it('takes the capabilities from the command line, as JSON or @file, and refuses what is not an object', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-caps-'));
    const file = join(dir, 'caps.json');
    await writeFile(file, JSON.stringify(server.capabilities));
    for (const caps of [JSON.stringify(server.capabilities), `@${file}`]) {
      const r = await cairn(['observe', '--platform', 'android', '--appium', server.url, '--capabilities', caps]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n')).toContain('[6] button "Save" resource-id=com.example.contacts:id/save');
    }
    for (const bad of ['[1]', '{"a": ', `@${join(dir, 'missing.json')}`]) {
      const r = await cairn(['observe', '--platform', 'android', '--appium', server.url, '--capabilities', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--capabilities <json>.*(expected a JSON object of Appium capabilities|cannot read)/s);
    }
  });
});
