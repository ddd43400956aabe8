// The `cairn` command: its flags, and for each command the module that does it, loaded only when
// the command runs: `cairn --help` or a bad flag loads no browser, Appium client, LanceDB or
// model SDK. The memory commands are declared in memory.ts.
import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { POLICIES } from '../agent/policy-names.js';
import { capabilitiesArg, outDirArg, positive, seedArg, seedsArg, shardArg, usdArg } from './args.js';
import { registerMemoryCommands } from './memory.js';

// Bad input exits 2 with one line naming the flag, the value and what was expected: commander
// says it (InvalidArgumentError from a parser, .choices()) and throws instead of exiting (the
// catch at the end sets the code); no help after it.
const program = new Command('cairn')
  .description('GUI-agent automation runner with experience memory')
  .exitOverride()
  .showHelpAfterError(false);

const memoryModeOption = () => new Option('--memory-mode <mode>', 'read: recall only, remember nothing (held-out runs: results do not depend on the order of seeds)')
  .choices(['read', 'read-write']).default('read-write');
const irreversibleOption = () => new Option('--irreversible <policy>', 'irreversible actions: deny, allow, or ask on a TTY (default: deny under CI or without a TTY, else ask)')
  .choices(['deny', 'allow', 'ask']);

/** The flags of `run` and `explore` that say what a run may spend and whether it shows progress (spending.ts). */
function withSpending(command: Command): Command {
  return command
    .option('--quiet', 'no progress: neither the live line (on a terminal) nor a line per episode')
    .option('--prices <file>', 'YAML of model -> { input, output, cached? } in USD per million tokens (else CAIRN_PRICE_INPUT/OUTPUT)')
    .option('--max-cost <usd>', 'stop the run cleanly once its model calls cost this much (needs prices)', usdArg)
    .option('--max-model-calls <n>', 'stop the run cleanly after this many model calls', positive);
}

const run = program.command('run')
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
  .addOption(irreversibleOption())
  .option('--allow-origin <origin...>', 'origins (web) or packages (android) navigation may reach, besides each task\'s own')
  .option('--no-critics', 'no critics at all (for ablations)');
withSpending(run).action(async (file: string, o) => {
  const controls = await (await import('./spending.js')).runControls(o, o.policy);
  await (await import('./run-command.js')).runCommand(file, o, controls);
});

const explore = program.command('explore')
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
  .option('--no-screenshots', 'do not save a screenshot per step')
  .addOption(irreversibleOption());
// Explore calls a model only when one is named, as auto does with nothing recalled.
withSpending(explore).action(async (file: string, o) => {
  const controls = await (await import('./spending.js')).runControls(o, 'auto');
  await (await import('./run-command.js')).exploreCommand(file, o, controls);
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
  .action(async (file: string, o) => (await import('./critic-eval.js')).criticEvalCommand(file, o));

registerMemoryCommands(program);

program.command('record')
  .description('teach by showing: do a task in the browser that opens; when its checks hold, cairn remembers what you did as a demonstration')
  .argument('<suite>', 'suite YAML file')
  .requiredOption('--task <id>', 'the task to show')
  .option('--seed <n>', 'the instance\'s seed (default: the suite\'s first)', seedArg)
  .option('--memory <uri>', 'a directory or LanceDB URI (default $CAIRN_MEMORY or .cairn/memory)')
  .option('--headless', 'no browser window (for scripts and tests)')
  .option('--browser-endpoint <url>', 'a remote browser: ws:// Playwright server or http:// CDP endpoint')
  .action(async (file: string, o) => (await import('./record.js')).recordCommand(file, o));

program.command('report')
  .description('rebuild a run\'s HTML report (<run-dir>/report/index.html); --open serves it on 127.0.0.1')
  .argument('<run-dir>', 'a run directory (it holds results.jsonl)')
  .option('--open', 'serve the run directory on 127.0.0.1 and print the report\'s URL; Ctrl-C stops')
  .action(async (dir: string, o) => (await import('./report.js')).reportCommand(dir, o));

program.command('merge-reports')
  .description('one report, summary.json and junit.xml over shard runs (e.g. the --shard i/n runs of CI machines)')
  .argument('<run-dirs...>', 'the shard run directories')
  .requiredOption('--out <dir>', 'where the merged report, summary and JUnit go')
  .action(async (dirs: string[], o) => (await import('./report.js')).mergeReportsCommand(dirs, o));

program.command('tasks')
  .description('list the task instances a suite resolves to')
  .argument('<suite>', 'suite YAML file')
  .option('--seeds <range>', 'instance seeds: 1..5 or 1,2,7', seedsArg)
  .option('--task <id...>', 'only these task ids')
  .option('--json', 'print the resolved instances as JSON')
  .option('--no-browser', 'do not start goal_from tasks in a headless browser to read their goals; show where they are read from')
  .option('--browser-endpoint <url>', 'a remote browser: ws:// or http:// (CDP)')
  .action(async (file: string, o) => (await import('./tasks.js')).tasksCommand(file, o));

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
  .action(async (url: string | undefined, o) => (await import('./observe.js')).observeCommand(url, o));

/**
 * Half the cores, as Playwright Test does: each worker's Chromium (renderer, browser and GPU
 * processes) and its share of Node keep about a core busy while replaying. On 2 cores a second
 * worker made replay 2-15% faster and search, which waits more on pages, 40% faster: the timed
 * comparison would weigh the contention more than the policies.
 */
const DEMO_WORKERS = Math.max(1, Math.floor(availableParallelism() / 2));

program.command('demo')
  .description('the memory story on the practice apps, offline: explore, then held-out seeds with and without memory')
  .option('--out <dir>', 'run directory (default runs/demo-<time>)', outDirArg)
  .option('--workers <n>', `episodes run at once (default: half the cores, ${DEMO_WORKERS} here)`, positive, DEMO_WORKERS)
  .option('--train-seeds <range>', 'seeds explored into memory', seedsArg, [1, 2])
  .option('--test-seeds <range>', 'held-out seeds', seedsArg, [101, 102])
  .action(async (o) => {
    const { ok } = await (await import('./demo.js')).runDemo({ out: o.out, workers: o.workers, trainSeeds: o.trainSeeds, testSeeds: o.testSeeds });
    process.exitCode = ok ? 0 : 1;
  });

try {
  await program.parseAsync();
} catch (e) {
  process.exitCode = 2;
  if (e instanceof CommanderError && !(e instanceof InvalidArgumentError)) {
    // Commander has said what was wrong (or shown the help that was asked for).
    if (e.exitCode === 0) process.exitCode = 0;
  } else if (e instanceof (await import('../tasks/load.js')).SuiteError) {
    console.error(`cairn: the suite has ${e.problems.length} problem${e.problems.length > 1 ? 's' : ''}:\n${e.problems.map((p) => `  ${p}`).join('\n')}`);
  } else {
    console.error(`cairn: ${(e as Error).message}`);
  }
}
