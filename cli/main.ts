// The `cairn` command. It parses flags and hands off to agent/ and drivers/; nothing else.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SuiteError, loadSuite } from '../tasks/load.js';
import type { Suite } from '../tasks/types.js';
import { runSuite } from '../agent/run.js';
import { makePolicy, POLICIES, unguidedPolicy, type PolicyName } from '../agent/policies.js';
import { RunMemory } from '../agent/run-memory.js';
import { makeAndroidDrivers, observeAndroid } from './android.js';
import { observeUrl } from './observe.js';
import { formatTask, listTasks } from './tasks.js';
import { openMemory, memoryUri } from '../memory/index.js';
import { registerMemoryCommands } from './memory.js';
import { registerRecordCommand } from './record.js';
import { registerReportCommands, reportAfterRun, reportThenExit } from './report.js';
import { DEMO_WORKERS, runDemo } from './demo.js';
import { runCriticEval } from './critic-eval.js';
import { criticsFor } from '../agent/critics.js';
import { capabilitiesArg, outDirArg, positive, seedsArg, shardArg, usdArg } from './args.js';
import { runControls } from './spending.js';

// Bad input exits 2 with one line naming the flag, the value and what was expected: commander
// says it (InvalidArgumentError from a parser, .choices()) and throws instead of exiting (the
// catch at the end sets the code); no help after it.
const program = new Command('cairn')
  .description('GUI-agent automation runner with experience memory')
  .exitOverride()
  .showHelpAfterError(false);

const memoryModeOption = () => new Option('--memory-mode <mode>', 'read: recall only, remember nothing (held-out runs: results do not depend on the order of seeds)')
  .choices(['read', 'read-write']).default('read-write');

program.command('run')
  .description('run a suite: every task instance, verified by its checks')
  .argument('<suite>', 'suite YAML file')
  .addOption(new Option('--policy <name>', 'who proposes actions; auto: replay from memory, else llm if configured, else search').choices(POLICIES).default('auto'))
  .option('--model <name>', 'model for --policy llm (or CAIRN_MODEL)')
  .option('--base-url <url>', 'OpenAI-compatible endpoint (or OPENAI_BASE_URL)')
  .option('--vision', 'send the marked screenshot to the model (or CAIRN_VISION=1)')
  .option('--task <id...>', 'only these task ids')
  .option('--seeds <range>', 'instance seeds: 1..5 or 1,2,7 (default: the suite\'s)', seedsArg)
  .option('--episodes <n>', 'episodes per instance', positive, 1)
  .option('--max-steps <n>', 'step budget per episode (overrides the suite)', positive)
  .option('--workers <n>', 'episodes run at once, each with its own browser context', positive, 1)
  .option('--shard <i/n>', 'run only the i-th of n slices of the instances (round-robin), e.g. 2/4 on the second of 4 CI machines', shardArg)
  .option('--out <dir>', 'run directory (default runs/<run-id>); one that holds a run is refused unless --resume', outDirArg)
  .option('--resume', 'continue the run in --out (one a kill stopped): its finished episodes are kept, not run again')
  .option('--junit <file>', 'also write the JUnit XML report here (always in <run dir>/junit.xml)')
  .option('--headed', 'show the browser')
  .option('--browser-endpoint <url>', 'a remote browser: ws:// Playwright server or http:// CDP endpoint')
  .addOption(new Option('--platform <name>', 'the platform the suite\'s tasks run on (default: the tasks\' own)').choices(['web', 'android']))
  .option('--appium <url>', 'Appium server URL(s), comma-separated, or "local" to start one on 127.0.0.1')
  .option('--device <udid...>', 'Android device UDIDs (and/or Appium URLs), one per worker')
  .option('--capabilities <json>', 'Appium capabilities merged over cairn\'s UiAutomator2 defaults: a JSON object or @file.json', capabilitiesArg)
  .option('--no-screenshots', 'do not save a screenshot per step')
  .option('--memory <uri>', 'experience memory: a directory or LanceDB URI (default $CAIRN_MEMORY or .cairn/memory)')
  .option('--no-memory', 'neither recall nor remember')
  .addOption(memoryModeOption())
  .addOption(new Option('--model-critic <mode>', 'the model critic (CAIRN_CRITIC_MODEL): off, risky steps, or always').choices(['off', 'risky', 'always']).default('off'))
  .addOption(new Option('--irreversible <policy>', 'irreversible actions: deny, allow, or ask on a TTY (default: deny under CI or without a TTY, else ask)').choices(['deny', 'allow', 'ask']))
  .option('--allow-origin <origin...>', 'origins (web) or packages (android) navigation may reach, besides each task\'s own')
  .option('--no-critics', 'no critics at all (for ablations)')
  .option('--quiet', 'no progress: neither the live line (on a terminal) nor a line per episode')
  .option('--prices <file>', 'YAML of model -> { input, output, cached? } in USD per million tokens (else CAIRN_PRICE_INPUT/OUTPUT)')
  .option('--max-cost <usd>', 'stop the run cleanly once its model calls cost this much (needs prices)', usdArg)
  .option('--max-model-calls <n>', 'stop the run cleanly after this many model calls', positive)
  .action(async (file: string, o) => {
    needsOut(o);
    const suite = await loadSuite(file);
    const android = (o.platform ?? suitePlatform(suite)) === 'android';
    // A memory that cannot be opened does not stop the run: it goes on without one (run-memory.ts).
    const uri = o.memory === false ? undefined : memoryUri(o.memory);
    const store = uri === undefined ? undefined : await RunMemory.open(uri, () => openMemory({ uri }));
    try {
      const policy = makePolicy(o.policy as PolicyName, { model: o.model, baseUrl: o.baseUrl, vision: o.vision }, store);
      const { summary, dir } = await runSuite({
      ...await runControls(o, policy.model), suite, policy, onInterrupt: reportThenExit, memory: store && { store, source: 'run', mode: o.memoryMode },
      critics: criticsFor({ critics: o.critics, modelCritic: o.modelCritic, irreversible: o.irreversible, allowed: [...suite.allowed, ...(o.allowOrigin ?? [])] }),
      ids: o.task, seeds: o.seeds, shard: o.shard, episodes: o.episodes, maxSteps: o.maxSteps, out: o.out, resume: o.resume, junit: o.junit,
      workers: o.workers, headed: o.headed, browserEndpoint: o.browserEndpoint, screenshots: o.screenshots,
      makeDrivers: android ? (n) => makeAndroidDrivers({ appium: o.appium, devices: o.device, workers: n, capabilities: o.capabilities }) : undefined,
      });
      await reportAfterRun(dir);
      process.exitCode = summary.succeeded === summary.episodes && !summary.stopped ? 0 : 1;
    } finally {
      store?.close();
    }
  });

program.command('explore')
  .description('run task instances (search, or llm when a model is configured) and remember every verified success')
  .argument('<suite>', 'suite YAML file')
  .option('--seeds <range>', 'instance seeds: 1..5 or 1,2,7 (default: the suite\'s)', seedsArg)
  .option('--task <id...>', 'only these task ids')
  .option('--memory <uri>', 'a directory or LanceDB URI (default $CAIRN_MEMORY or .cairn/memory)')
  .addOption(memoryModeOption())
  .option('--model <name>', 'explore with this model (or CAIRN_MODEL) instead of search')
  .option('--base-url <url>', 'OpenAI-compatible endpoint (or OPENAI_BASE_URL)')
  .option('--workers <n>', 'episodes run at once', positive, 1)
  .option('--shard <i/n>', 'explore only the i-th of n slices of the instances (round-robin), e.g. 2/4', shardArg)
  .option('--out <dir>', 'run directory (default runs/<run-id>); one that holds a run is refused unless --resume', outDirArg)
  .option('--resume', 'continue the run in --out: its finished episodes are kept, not run again')
  .addOption(new Option('--irreversible <policy>', 'irreversible actions: deny, allow, or ask on a TTY (default: deny under CI or without a TTY, else ask)').choices(['deny', 'allow', 'ask']))
  .option('--quiet', 'no progress: neither the live line (on a terminal) nor a line per episode')
  .option('--prices <file>', 'YAML of model -> { input, output, cached? } in USD per million tokens (else CAIRN_PRICE_INPUT/OUTPUT)')
  .option('--max-cost <usd>', 'stop the run cleanly once its model calls cost this much (needs prices)', usdArg)
  .option('--max-model-calls <n>', 'stop the run cleanly after this many model calls', positive)
  .action(async (file: string, o) => {
    needsOut(o);
    const suite = await loadSuite(file);
    // As auto with nothing recalled. Memory keeps the short way: search leaves out the steps the checks do not need.
    const flags = { model: o.model, baseUrl: o.baseUrl };
    const policy = makePolicy(unguidedPolicy(flags), flags, undefined, { shorten: true });
    const store = await openMemory({ uri: memoryUri(o.memory) });
    try {
      const { summary, remembered, dir } = await runSuite({
        ...await runControls(o, policy.model), suite, policy, onInterrupt: reportThenExit, memory: { store, source: 'explore', mode: o.memoryMode }, seeds: o.seeds, ids: o.task, shard: o.shard, workers: o.workers, out: o.out, resume: o.resume,
        // Exploring acts for real: the rule critic vets every try, as in `cairn run`.
        critics: criticsFor({ irreversible: o.irreversible, allowed: suite.allowed }),
      });
      await reportAfterRun(dir);
      console.log(`explore: ${remembered.added + remembered.replaced} stored, ${remembered.merged + remembered.kept} deduplicated, ` +
        `${summary.episodes - summary.succeeded} failed; memory ${store.uri} holds ${await store.count()} trajectories`);
      process.exitCode = summary.succeeded === summary.episodes && !summary.stopped ? 0 : 1;
    } finally {
      store.close();
    }
  });

program.command('critic-eval')
  .description('measure the critics: positives and negatives of several kinds, reached live from verified trajectories')
  .argument('<suite>', 'suite YAML file')
  .option('--seeds <range>', 'instance seeds (default: the suite\'s first)', seedsArg)
  .option('--task <id...>', 'only these task ids')
  .option('--out <dir>', 'write DIR/critic-eval.json', outDirArg)
  .option('--counterfactual', 'run each vetoed action on a fresh instance to check that its label holds')
  .addOption(new Option('--model-critic <mode>', 'include the model critic (CAIRN_CRITIC_MODEL)').choices(['off', 'risky', 'always']).default('off'))
  .addOption(new Option('--irreversible <policy>', 'irreversible actions: deny, allow or ask').choices(['deny', 'allow', 'ask']).default('deny'))
  .action(async (file: string, o) => {
    const suite = await loadSuite(file);
    const critics = criticsFor({ modelCritic: o.modelCritic, irreversible: o.irreversible, allowed: suite.allowed })!;
    await runCriticEval({ suite, critics, seeds: o.seeds, ids: o.task, out: o.out, counterfactual: o.counterfactual });
  });

registerMemoryCommands(program);
registerRecordCommand(program);
registerReportCommands(program);

program.command('tasks')
  .description('list the task instances a suite resolves to')
  .argument('<suite>', 'suite YAML file')
  .option('--seeds <range>', 'instance seeds: 1..5 or 1,2,7', seedsArg)
  .option('--task <id...>', 'only these task ids')
  .option('--json', 'print the resolved instances as JSON')
  .option('--no-browser', 'do not start goal_from tasks in a headless browser to read their goals; show where they are read from')
  .option('--browser-endpoint <url>', 'a remote browser: ws:// or http:// (CDP)')
  .action(async (file: string, o) => {
    const listed = await listTasks(await loadSuite(file), { seeds: o.seeds, ids: o.task, browser: o.browser, browserEndpoint: o.browserEndpoint });
    if (o.json) console.log(JSON.stringify(listed.map((l) => ({ ...l.task, ...(l.error ? { goal_error: l.error } : {}) })), null, 2));
    else for (const l of listed) console.log(formatTask(l));
    if (listed.some((l) => l.error)) process.exitCode = 1;
  });

program.command('observe')
  .description('print the element list of a page or an Android screen, as a model sees it')
  .argument('[url]', 'page URL (web)')
  .option('--json', 'print the Observation (web) or the UIElement array (android) as JSON, without the screenshot')
  .option('--headed', 'show the browser')
  .option('--browser-endpoint <url>', 'a remote browser: ws:// or http:// (CDP)')
  .addOption(new Option('--platform <name>', 'web or android').choices(['web', 'android']).default('web'))
  .option('--from-xml <file>', 'android: a UiAutomator2 page source dump instead of a live device')
  .option('--appium <url>', 'android: the Appium server of a live device')
  .option('--device <udid>', 'android: the device UDID')
  .option('--capabilities <json>', 'android: Appium capabilities over cairn\'s defaults, a JSON object or @file.json', capabilitiesArg)
  .option('--activity <name>', 'android: the activity to report with --from-xml')
  .action(async (url: string | undefined, o) => {
    if (o.platform === 'android') {
      if (!o.fromXml && !o.appium) throw new Error('observe --platform android needs --from-xml FILE or --appium URL');
      return console.log(await observeAndroid({ fromXml: o.fromXml, appium: o.appium, udid: o.device, capabilities: o.capabilities, json: o.json, activity: o.activity }));
    }
    if (!url) throw new Error('observe needs a URL (or --platform android --from-xml FILE)');
    console.log(await observeUrl(url, o));
  });

program.command('demo')
  .description('the memory story on the practice apps, offline: explore, then held-out seeds with and without memory')
  .option('--out <dir>', 'run directory (default runs/demo-<time>)', outDirArg)
  .option('--workers <n>', `episodes run at once (default: half the cores, ${DEMO_WORKERS} here)`, positive, DEMO_WORKERS)
  .option('--train-seeds <range>', 'seeds explored into memory', seedsArg, [1, 2])
  .option('--test-seeds <range>', 'held-out seeds', seedsArg, [101, 102])
  .action(async (o) => {
    const { ok } = await runDemo({ out: o.out, workers: o.workers, trainSeeds: o.trainSeeds, testSeeds: o.testSeeds });
    process.exitCode = ok ? 0 : 1;
  });

/** --resume continues the run directory --out names. */
function needsOut(o: { resume?: boolean; out?: string }): void {
  if (o.resume && !o.out) throw new Error('--resume needs --out DIR: the run directory to continue');
}

function suitePlatform(suite: Suite): 'web' | 'android' {
  return suite.templates.every((t) => (t.raw as { platform?: string }).platform === 'android') ? 'android' : 'web';
}

try {
  await program.parseAsync();
} catch (e) {
  process.exitCode = 2;
  if (e instanceof CommanderError && !(e instanceof InvalidArgumentError)) {
    // Commander has said what was wrong (or shown the help that was asked for).
    if (e.exitCode === 0) process.exitCode = 0;
  } else if (e instanceof SuiteError) {
    console.error(`cairn: the suite has ${e.problems.length} problem${e.problems.length > 1 ? 's' : ''}:\n${e.problems.map((p) => `  ${p}`).join('\n')}`);
  } else {
    console.error(`cairn: ${(e as Error).message}`);
  }
}
