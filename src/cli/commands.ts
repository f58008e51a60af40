import type { Command } from 'commander';
import { KaizenError } from '../errors.ts';
import { DEFAULT_QUEUE_NAME } from '../executor/protocol.ts';
import { HILLS } from '../tasks/hills.ts';
import type { AgentBenchOptions, AgentEvolveOptions, AgentSolveOptions } from './agent.ts';
import type { BestOptions } from './best.ts';
import type { CompareOptions } from './compare.ts';
import type { EvalOptions } from './eval.ts';
import type { RedQueenCliOptions } from './corewar.ts';
import type { HillCliOptions } from './hill.ts';
import type { ExportOptions } from './export.ts';
import type { PromptsOptions } from './prompts.ts';
import type { ImproveCliOptions } from './improve.ts';
import type { DoctorOptions, ModelsOptions } from './models.ts';
import type { PaperCliOptions, PaperVerifyCliOptions } from './paper.ts';
import type { ReportOptions } from './report.ts';
import type { ReviewCliOptions } from './review.ts';
import type { RunOptions } from './run.ts';
import type { StatusOptions } from './status.ts';
import type { StudyCliOptions } from './study.ts';
import type { UiOptions } from './ui.ts';
import type { VerifyCliOptions } from './verify.ts';
import type { WorkerCliOptions } from './worker.ts';
import { collect, parseIntOption, parseNumberOption, STORE_HELP } from './options.ts';
import { runPmars } from './pmars.ts';

// Every command's name, arguments, options and help, and nothing else: each action imports its module (and with it
// the AI SDK, the store, BullMQ, Hono…) only when that command runs, so `kaizen --help` or `kaizen corewar battle`
// starts as fast as Node itself. Only type imports and cheap modules (options.ts, tasks/hills.ts,
// executor/protocol.ts) belong at the top; test/cli-startup.test.ts checks it.

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('scaffold a working task (task.ts, initial program, kaizen.config.ts) in DIR')
    .argument('<dir>', 'new task folder')
    .action(async (dir: string) => (await import('./init.ts')).initAction(dir));
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('evolve the task in DIR (continues its unfinished run, if any)')
    .argument('[dir]', 'task folder', '.')
    .option('--budget <n>', 'samples to evaluate in all (the seed included)', parseIntOption('--budget'))
    .option('--budget-usd <usd>', 'spend limit on model calls, in US dollars', parseNumberOption('--budget-usd'))
    .option('--model <spec>', "a model that proposes edits, e.g. openai:gpt-5-mini (repeatable; replaces the config's models)", collect)
    .option('--embedding <spec>', 'embedding model for novelty, e.g. openai:text-embedding-3-small')
    .option('--seed <s>', 'random seed', parseIntOption('--seed'))
    .option('--concurrency <n>', 'evaluations in flight (default: number of cores)', parseIntOption('--concurrency'))
    .option('--out <db>', STORE_HELP)
    .option('--store <location>', 'same as --out')
    .option('--queue <url>', 'send evaluations to `kaizen worker`s through BullMQ: redis://HOST:PORT, or postgres://USER@HOST:PORT/DB')
    .option('--resume', 'continue the unfinished run, or extend the newest completed one whose budget is now larger; fail if neither')
    .option('--new', 'start a new run even if one is unfinished')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .addHelpText(
      'after',
      `
Which run:
  without --resume or --new  the task's unfinished run (stopped, interrupted or killed) continues where it stopped; if
                             there is none, a new run starts from the initial program, and when the newest run
                             completed and this budget reaches further it says so (--resume extends that run instead)
  --resume                   the unfinished run continues, or else the newest completed run is extended: its programs,
                             bandit, lessons and spend are kept and it goes on until the larger --budget (samples) or
                             --budget-usd; a budget that is not larger is refused, saying how far the run got
  --new                      always a new run
A resumed or extended run may change its budget, --concurrency and --model (a corrected URL, other models): the change
is recorded in the run's ledger and config. Any other change (the task, its initial program, another config field) is
refused, naming each field with its old and new value; start a new run with --new instead.`,
    )
    .action(async (dir: string, opts: RunOptions) => (await import('./run.ts')).runAction(dir, opts));
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show a run's progress, failures and islands (default: the newest run)")
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'which run')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: StatusOptions) => (await import('./status.ts')).statusAction(dir, opts));
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate one program file against the task in DIR without starting a run (multi-case tasks: a table per case)')
    .argument('<dir>', 'task folder')
    .argument('<file>', 'the program (its extension gives the language)')
    .option('--cases <set>', 'public, or hidden (the hidden cases of a run of this store: --run, default the newest)', 'public')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'which run holds the hidden cases')
    .option('--json', 'print JSON')
    .action(async (dir: string, file: string, opts: EvalOptions) => {
      if (opts.cases !== 'public' && opts.cases !== 'hidden') throw new KaizenError(`--cases must be public or hidden, got "${opts.cases}"`);
      return (await import('./eval.ts')).evalAction(dir, file, opts);
    });
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('pre-registered paired comparison of two programs on the seeded cases of a multi-case task (B − A, verdict by 2 SE)')
    .argument('<a>', 'program A, the baseline (its extension gives the language)')
    .argument('<b>', 'program B, compared against A')
    .requiredOption('--task <dir>', 'task folder (a task with cases)')
    .option('--family <names>', "instance families, comma-separated (default: the task's public family)")
    .option('--seeds <n>', 'seeds 0…N−1 of each family', parseIntOption('--seeds'), 16)
    .option('--json', 'print one JSON object')
    .option('--db <path>', `where the plan and the result are recorded: ${STORE_HELP}`)
    .option('--store <location>', 'same as --db')
    .action(async (a: string, b: string, opts: CompareOptions) => (await import('./compare.ts')).compareAction(a, b, opts));
}

export function registerStudy(program: Command): void {
  program
    .command('study')
    .description(
      'run a pre-registered study (FILE, JSON): registered in the ledger first, then every arm × seed as an evolution run, then the declared paired test',
    )
    .argument('<path>', 'the study file (with --template or --propose: the task folder)')
    .option(
      '--store <location>',
      'where the study and its runs are recorded: a SQLite file (default: .kaizen/kaizen.db beside the study file, or $KAIZEN_STORE) or postgres://…',
    )
    .option('--db <path>', 'same as --store')
    .option('--json', 'print one JSON object')
    .option('--template <name>', 'write a built-in ablation study of the task folder PATH instead: operators, islands or selection')
    .option(
      '--propose <n>',
      'ask --model for N studies of the task folder PATH instead: each checked against the improver whitelist, the approved ones written to --out FOLDER as NN-name.json, the rejected listed with their reasons',
      parseIntOption('--propose'),
    )
    .option('--model <spec>', 'with --propose: the model to ask, e.g. openai:gpt-5-mini (repeatable; N is split between them)', collect)
    .option('--allow-models', 'with --propose: a proposed arm may name models (its runs then call them); by default arms run offline')
    .option('--seeds <n>', 'with --template or --propose: seeds 0…N−1', parseIntOption('--seeds'), 3)
    .option('--samples <n>', 'with --template or --propose: samples per run', parseIntOption('--samples'), 40)
    .option('--out <path>', 'with --template: the study file to write; with --propose: the folder')
    .option(
      '--queue <url>',
      "run the arms' candidates on `kaizen worker`s through BullMQ (redis://HOST:PORT or postgres://…); workers hold each arm's task folder",
    )
    .action(async (path: string, opts: StudyCliOptions) => (await import('./study.ts')).studyAction(path, opts));
}

export function registerPaper(program: Command): void {
  const paper = program
    .command('paper')
    .description('write a paper from the record of a study (--study), a run (--run) or an improve run (--improve): md, html, tex, pdf, facts.json, figures')
    .option('--study <id>', 'a study run (kaizen study): its arms compared by the registered test')
    .option('--run <id>', 'an evolution run: a case report')
    .option('--improve <id>', 'an improve run (kaizen improve): the improvers it tried, their gates and its verdict')
    .option('--store <location>', `the store holding it: ${STORE_HELP}`)
    .option('--db <path>', 'same as --store')
    .option('--out <dir>', 'the paper folder (default: paper-ID)')
    .option('--bib <file>', "a BibTeX file of the user's: its entries add to Kaizen's bibliography")
    .option('--no-pdf', 'skip paper.pdf even when pdflatex is installed')
    .option('--json', 'print one JSON object')
    .action(async (opts: PaperCliOptions) => (await import('./paper.ts')).paperAction(opts));
  paper
    .command('verify')
    .description("check a paper folder against the record: chains and signatures, every fact re-derived, figures' sha256, the text re-rendered")
    .argument('<dir>', 'the paper folder (holding facts.json)')
    .option('--store <location>', "the store, where it is not the one facts.json names (e.g. a Postgres URL's password)")
    .option('--json', 'print one JSON object')
    .action(async (dir: string, opts: PaperVerifyCliOptions) => (await import('./paper.ts')).paperVerifyAction(dir, opts));
}

export function registerReview(program: Command): void {
  program
    .command('review')
    .description(
      'review a paper folder written by `kaizen paper`: rule checks (numbers, claims, figures, citations, methods, means, placeholders), a NeurIPS-style form, review.json; exit 1 on any error',
    )
    .argument('<dir>', 'paper folder (paper.md, facts.json, figures/)')
    .option('--json', 'print the review as one JSON object')
    .option('--bib <file>', 'another BibTeX file to resolve citations with (repeatable)', collect)
    .option('--model <spec>', 'also ask this model for the form, e.g. openai:gpt-5-mini (repeatable; advisory, scores averaged)', collect)
    .option('--store <location>', "the store to check the facts' values against, where it is not the one facts.json names")
    .action(async (dir: string, opts: ReviewCliOptions) => (await import('./review.ts')).reviewAction(dir, opts));
}

export function registerBest(program: Command): void {
  program
    .command('best')
    .description("print the champion's code (default: the newest run)")
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'which run')
    .option('-o, --output <path>', 'write the code to this file (a folder, for a program of several files) instead of stdout')
    .action(async (dir: string, opts: BestOptions) => (await import('./best.ts')).bestAction(dir, opts));
}

export function registerPrompts(program: Command): void {
  program
    .command('prompts')
    .description("a run's evolved prompt variants and their figures (default: the newest run); --export writes one as a prompts folder")
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'which run')
    .option('--export <dir>', 'write the best variant (or --variant) as a prompts folder: llm.prompts of a run, or kaizen improve --prompts')
    .option('--variant <id>', 'with --export: which variant')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: PromptsOptions) => (await import('./prompts.ts')).promptsAction(dir, opts));
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write every program of a run as JSONL, with lineage and metrics (default: the newest run)')
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'which run')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (dir: string, opts: ExportOptions) => (await import('./export.ts')).exportAction(dir, opts));
}

export function registerCorewar(program: Command): void {
  const corewar = program.command('corewar').description('the Core War arena: pMARS-exact assembler and MARS, Red Queen evolution');
  corewar
    .command('battle')
    .description('fight warriors exactly as pMARS 0.9.4 does, its options and output (-r -s -c -p -l -d -S -F -f -P -b -k -o -A -= -@); --help for details')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action((args: string[]) => runPmars(args)); // main() normally runs it before commander loads
  corewar
    .command('assemble')
    .description('print the load file of a warrior as `pmars -A` does (pMARS flags such as -s and -l apply)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action((args: string[]) => runPmars(['-A', ...args]));
  corewar
    .command('hill')
    .description('round robin: every pairing of the warriors fought as `battle -b` fights it, on all cores; KOTH-style standings')
    .argument('<paths...>', '.red files, and folders searched recursively for them')
    .option('-r <n>', 'rounds per pairing [1, as pMARS]')
    .option('-s <n>', 'size of core [8000]')
    .option('-c <n>', 'cycles until tie [80000]')
    .option('-p <n>', 'max. processes [8000]')
    .option('-l <n>', 'max. warrior length [100]')
    .option('-d <n>', 'min. warriors distance [= -l]')
    .option('-S <n>', 'size of P-space [1/16th core]')
    .option('-F <n>', 'fixed position of warrior #2')
    .option('-f', "fixed position series (seed from the warriors' code)")
    .option('-P', 'permutate starting positions (-r default: every placement once)')
    .option('--hill <name>', `a standard hill's -s -c -p -l -d (${Object.keys(HILLS).join(', ')}); flags given override them`)
    .option('--seed <n>', "pMARS's initial RNG state (default: from the clock, as pMARS; printed)", parseIntOption('--seed'))
    .option('--threads <n>', 'worker threads (default: every core; 0: none)', parseIntOption('--threads'))
    .option('--matrix', 'add the pairwise score matrix')
    .option('--json', 'print standings, every pairing, settings and seed as JSON')
    .action(async (paths: string[], opts: HillCliOptions) => (await import('./hill.ts')).hillAction(paths, opts));
  corewar
    .command('redqueen')
    .description('Red Queen coevolution: each round evolves a warrior against the initial set and every earlier champion')
    .option('--seed-warrior <file>', 'the warrior round 1 starts from (required unless --verify)')
    .option('--initial <paths...>', 'initial opponents (files or folders; required unless --verify)')
    .option('--held-out <paths...>', 'warriors never fought, to measure generality (e.g. the DRQ human warriors)')
    .option('--hill <name>', `hill: ${Object.keys(HILLS).join(', ')}`, '94nop')
    .option('--rounds <n>', 'Red Queen rounds', parseIntOption('--rounds'), 3)
    .option('--budget <n>', 'samples per round', parseIntOption('--budget'), 200)
    .option('--scoring <mode>', "drq: survival share in one free-for-all with every opponent (Digital Red Queen's); pairwise: pMARS points one-on-one", 'drq')
    .option('--battle-rounds <n>', 'battle rounds (per opponent, or of the free-for-all)', parseIntOption('--battle-rounds'), 20)
    .option('--seed <s>', 'random seed', parseIntOption('--seed'), 0)
    .option('--concurrency <n>', 'evaluations in flight (default: number of cores); 1 makes a run repeat from its seed', parseIntOption('--concurrency'))
    .option('--out <dir>', 'where champions, the database, report.md and redqueen.json go', '.kaizen/redqueen')
    .option('--verify <dir>', "fight a run's recorded battles again and say which figures differ")
    .option('--json', 'print the rounds as JSON on the last line')
    .action(async (opts: RedQueenCliOptions, command: Command) => {
      // With --verify, a run's own options would be silently ignored: the action refuses them (those typed, not defaults).
      const typed = command.options.map((o) => o.attributeName()).filter((k) => command.getOptionValueSource(k) === 'cli');
      return (await import('./corewar.ts')).redQueenAction(opts, typed);
    });
}

/** A command on DIR's models, which may be replaced from the command line (`--model`, `--embedding`). */
function modelCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(description)
    .argument('[dir]', 'task folder', '.')
    .option('--model <spec>', "a model (repeatable; replaces the config's models)", collect)
    .option('--embedding <spec>', 'embedding model for novelty');
}

export function registerModels(program: Command): void {
  modelCommand(program, 'models', 'list the models a run of DIR would use, with their prices and whether their API key is set')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: ModelsOptions) => (await import('./models.ts')).modelsAction(dir, opts));

  modelCommand(program, 'doctor', 'check every configured model (and the embedder) with one small call, and say what is wrong')
    .option('--timeout <ms>', 'deadline per check', (v) => Number(v), 20_000)
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: DoctorOptions) => (await import('./models.ts')).doctorAction(dir, opts));
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("check a run's tamper-evident ledger and re-execute its best programs (default: every run)")
    .argument('[dir]', 'task folder (also where the programs are re-executed)', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'verify only this run')
    .option('--top <k>', 'programs to re-execute besides the champion', parseIntOption('--top'), 3)
    .option('--no-reexecute', 'check the ledger only')
    .option('--tolerance <x>', 'largest accepted |re-executed − recorded| score', parseNumberOption('--tolerance'), 0)
    .option('--allow-unsigned', 'report events after the signed head as a warning, not a failure')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: VerifyCliOptions & { top: number }) => (await import('./verify.ts')).verifyAction(dir, opts));
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description("write a report of a run: scores, failures, rejections, safeguards, cost and the champion's lineage")
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'which run (default: the newest)')
    .option('--format <md|html>', 'md (plots as SVG files beside it) or html (one self-contained page)')
    .option('--out <file>', 'where to write it (default: DIR/.kaizen/report-<run>.<format>)')
    .action(async (dir: string, opts: ReportOptions) => (await import('./report.ts')).reportAction(dir, opts));
}

export function registerImprove(program: Command): void {
  program
    .command('improve')
    .description("evolve the improver on a suite's training tasks; promote a variant only if it wins on the held-out tasks")
    .requiredOption('--suite <name|path>', 'a built-in suite (e.g. basic) or a suite.json / its folder')
    .option('--generations <g>', 'outer generations (variants proposed)', parseIntOption('--generations'))
    .option('--seeds <s>', 'seeds per evaluation (the noise estimate)', parseIntOption('--seeds'))
    .option('--inner-budget <n>', 'samples of each inner run', parseIntOption('--inner-budget'))
    .option('--budget <n>', 'the same as --inner-budget', parseIntOption('--budget'))
    .option('--model <spec>', 'a model that edits the improver (inner runs use the models too; repeatable)', collect)
    .option('--out <dir>', 'where the improve database and the report go (default: SUITE/.kaizen)')
    .option('--k <k>', 'sharpness of the DGM parent-selection sigmoid', parseNumberOption('--k'))
    .option('--seed <s>', 'seed of the outer loop', parseIntOption('--seed'))
    .option(
      '--concurrency <n>',
      'evaluations in flight in each inner run (default 1: reproducible per seed; above 1 the scores vary with timing)',
      parseIntOption('--concurrency'),
    )
    .option('--resume', "continue the suite's unfinished improve run; fail if there is none")
    .option('--new', 'start a new improve run even if one is unfinished')
    .option('--prompts <dir>', 'seed the default improver with these prompt templates (e.g. from kaizen prompts --export)')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .action(async (opts: ImproveCliOptions) => (await import('./improve.ts')).improveAction(opts));
}

export function registerAgent(program: Command): void {
  const agent = program
    .command('agent')
    .description('the self-modifying coding agent: evolve it on the coding benchmark, run it on one task, score it on a split');
  const common = (c: Command) =>
    c
      .option('--benchmark <dir>', 'a coding benchmark folder of tasks (default: the one shipped with Kaizen)')
      .option('--model <spec>', 'the model behind the broker, e.g. openai:gpt-5-mini (default: the offline stand-in coder)')
      .option('--store <location>', `${STORE_HELP} (default: ./.kaizen/kaizen.db)`)
      .option('--db <path>', 'same as --store')
      .option('--concurrency <n>', 'task runs in flight (default 2)', parseIntOption('--concurrency'))
      .option('--json', 'print a JSON summary as the last line of stdout');
  common(
    agent
      .command('evolve')
      .description('grow an archive of agents from the seed agent by self-modification; promote one only if it wins on the held-out split')
      .option('--generations <g>', 'generations (default 10)', parseIntOption('--generations'))
      .option('--children <k>', 'self-edits per generation (default 2)', parseIntOption('--children'))
      .option('--seeds <s>', 'seeds of the held-out gate (default 3)', parseIntOption('--seeds'))
      .option('--gate-every <g>', 'generations between held-out gates; the last generation always has one (default 5)', parseIntOption('--gate-every'))
      .option('--seed <s>', 'seed of the loop', parseIntOption('--seed'))
      .option('--diagnosis-model <spec>', 'a model that writes the diagnoses (default: rules)')
      .option('--resume', 'continue the unfinished agent run; fail if there is none')
      .option('--new', 'start a new agent run even if one is unfinished'),
  ).action(async (opts: AgentEvolveOptions) => (await import('./agent.ts')).agentEvolveAction(opts));
  common(
    agent
      .command('solve')
      .description('run one agent on one benchmark task and score it with the hidden tests')
      .argument('<task>', 'task id, e.g. js-bugfix-median')
      .option('--agent <id|dir>', 'an agent id of the newest agent run, `default`, `seed` or an agent folder (default: default)')
      .option('--seed <s>', 'sampling seed', parseIntOption('--seed')),
  ).action(async (task: string, opts: AgentSolveOptions) => (await import('./agent.ts')).agentSolveAction(task, opts));
  common(
    agent
      .command('bench')
      .description('score an agent on a split of the benchmark (the share of tasks whose hidden tests pass)')
      .option('--agent <id|dir>', 'an agent id of the newest agent run, `default`, `seed` or an agent folder (default: default)')
      .option('--split <split>', 'dev or heldout (default dev)')
      .option('--seeds <s>', 'seeds (default 1)', parseIntOption('--seeds')),
  ).action(async (opts: AgentBenchOptions) => (await import('./agent.ts')).agentBenchAction(opts));
}

export function registerUi(program: Command): void {
  program
    .command('ui')
    .description('serve the dashboard (runs, lineage, programs, models, safeguards, Core War battles) on 127.0.0.1')
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--port <n>', 'port (default: a free one)', parseIntOption('--port'))
    .option('--host <host>', 'address to bind (default 127.0.0.1); any other is still token-protected')
    .action(async (dir: string, opts: UiOptions) => (await import('./ui.ts')).uiAction(dir, opts));
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description("pull evaluation jobs from a coordinator's queue and run them in this machine's sandbox")
    .requiredOption('--queue <url>', "the coordinator's queue: redis://HOST:PORT or postgres://USER@HOST:PORT/DB")
    .option('--concurrency <n>', 'jobs run at once', parseIntOption('--concurrency'), 1)
    .option('--task <dir>', "the task folder (must match the coordinator's files)", '.')
    .option('--queue-name <name>', 'BullMQ queue name', DEFAULT_QUEUE_NAME)
    .option('--lock-ms <ms>', 'BullMQ lock: a worker silent this long loses its jobs to other workers', parseIntOption('--lock-ms'), 30_000)
    .action(async (opts: WorkerCliOptions) => (await import('./worker.ts')).runWorker(opts));
}
