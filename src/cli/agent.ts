// `kaizen agent evolve | solve | bench`: the self-modifying coding agent.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CodingTask, type Files, loadBenchmark, SHIPPED_BENCHMARK, type Split, split } from '../agent/benchmark.ts';
import { DEFAULT_SETTINGS, agentFolder, evolveAgents, SEED_AGENT } from '../agent/evolve.ts';
import { assignmentOf, DEFAULT_HARNESS_LIMITS, runAgent, scoreHidden } from '../agent/harness.ts';
import { openAgentModel } from '../agent/model.ts';
import { KaizenError } from '../errors.ts';
import { Store } from '../store/store.ts';
import { mean, sampleSd } from '../util/stats.ts';
import { checkExclusive, checkFlagMin } from './flags.ts';
import { dbPathFor, storeArg } from './shared.ts';

export interface AgentCommonOptions {
  benchmark?: string;
  model?: string;
  out?: string;
  store?: string;
  db?: string;
  concurrency?: number;
  json?: boolean;
}

export interface AgentEvolveOptions extends AgentCommonOptions {
  generations?: number;
  children?: number;
  seeds?: number;
  gateEvery?: number;
  seed?: number;
  diagnosisModel?: string;
  resume?: boolean;
  new?: boolean;
}

export interface AgentSolveOptions extends AgentCommonOptions {
  agent?: string;
  seed?: number;
}

export interface AgentBenchOptions extends AgentCommonOptions {
  agent?: string;
  split?: string;
  seeds?: number;
}

const benchmarkDir = (opts: AgentCommonOptions) => resolve(opts.benchmark ?? SHIPPED_BENCHMARK);
const storePath = (opts: AgentCommonOptions) => dbPathFor('.', storeArg(opts));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function agentEvolveAction(opts: AgentEvolveOptions): Promise<void> {
  // Checked before the benchmark is read or a model opened: each of these would run a search that measures nothing.
  checkExclusive({ '--resume': opts.resume, '--new': opts.new });
  checkFlagMin('--generations', opts.generations, 1);
  checkFlagMin('--children', opts.children, 1);
  checkFlagMin('--seeds', opts.seeds, 2, 'the gate needs a spread across seeds');
  checkFlagMin('--gate-every', opts.gateEvery, 1);
  checkFlagMin('--concurrency', opts.concurrency, 1);
  const dir = benchmarkDir(opts);
  const tasks = loadBenchmark(dir);
  const out = opts.json ? process.stderr : process.stdout;
  const settings = {
    ...DEFAULT_SETTINGS,
    ...(opts.generations !== undefined ? { generations: opts.generations } : {}),
    ...(opts.children !== undefined ? { children: opts.children } : {}),
    ...(opts.seeds !== undefined ? { gateSeeds: opts.seeds } : {}),
    ...(opts.gateEvery !== undefined ? { gateEvery: opts.gateEvery } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  };
  const model = await openAgentModel(opts.model, tasks);
  const diagnosisModel = opts.diagnosisModel ? (await openAgentModel(opts.diagnosisModel, tasks)).model : undefined;
  const store = await Store.open(storePath(opts));
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    out.write('\nstopping after the attempt in progress (press Ctrl-C again to quit at once); `kaizen agent evolve` resumes\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const started = performance.now();
  try {
    out.write(
      `model: ${model.kind === 'standin' ? 'the offline stand-in coder (no API key needed)' : model.model.spec.id}; benchmark ${dir} (${split(tasks, 'dev').length} dev, ${split(tasks, 'heldout').length} held-out tasks)\n`,
    );
    const result = await evolveAgents({
      store,
      benchmarkDir: dir,
      settings,
      model: model.model,
      diagnosisModel,
      limits: DEFAULT_HARNESS_LIMITS,
      concurrency: opts.concurrency ?? 2,
      mode: opts.new ? 'never' : opts.resume ? 'required' : 'auto',
      signal: abort.signal,
      log: (line) => out.write(`${line}\n`),
    }).catch((e: unknown) => {
      if (!abort.signal.aborted) throw e;
      out.write('interrupted: the run is recorded up to its last attempt; run the same command again to resume it\n');
      return null;
    });
    if (!result) {
      process.exitCode = 130;
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    out.write(
      `${result.resumed ? 'resumed ' : ''}agent run ${result.runId}: ${result.agents.length} agents archived, ${result.rejected} self-edits refused, ${seconds.toFixed(0)} s\n` +
        `curve (generation → best dev score; cost): ${result.curve.map((p) => `${p.generation}→${pct(p.bestDev)} ($${p.cost.toFixed(4)})`).join(' ')}\n` +
        `gates: ${result.gates.map((g) => `#${g.candidate} vs #${g.incumbent}: ${g.difference >= 0 ? '+' : ''}${pct(g.difference)} ± ${pct(g.se)} → ${g.verdict}`).join('; ') || 'none'}\n` +
        `default agent: #${result.defaultAgent}${result.defaultAgent === result.seedAgent ? ' (the seed)' : ''}; total cost $${result.cost.toFixed(4)}\n` +
        `database: ${store.path} (kaizen verify --db ${store.path} --run ${result.runId})\n`,
    );
    if (opts.json) process.stdout.write(`${JSON.stringify({ ...result, seconds })}\n`);
    if (abort.signal.aborted) process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
    await model.close();
  }
}

/** The agent named by --agent: a folder, an agent id of the store's newest agent run, `default` or `seed`. */
async function pickAgent(opts: { agent?: string } & AgentCommonOptions): Promise<{ label: string; files: Files }> {
  const given = opts.agent ?? 'default';
  if (given !== 'default' && given !== 'seed' && !/^\d+$/.test(given)) {
    if (!existsSync(given) || !statSync(given).isDirectory()) throw new KaizenError(`--agent ${given}: not an agent id, \`default\`, \`seed\` or a folder`);
    return { label: resolve(given), files: agentFolder(given) };
  }
  if (given === 'seed') return { label: 'the seed agent', files: agentFolder(SEED_AGENT) };
  const path = storePath(opts);
  if (!existsSync(path)) {
    if (given === 'default') return { label: 'the seed agent', files: agentFolder(SEED_AGENT) };
    throw new KaizenError(`${path}: no database here, so no agent ${given}; run \`kaizen agent evolve\` first or pass --store`);
  }
  const store = await Store.open(path);
  try {
    const runs = (await store.listRuns()).filter((r) => r.id.startsWith('agent-'));
    const run = runs[0];
    const id = given === 'default' ? run?.best_program_id : Number(given);
    if (given === 'default' && !id) return { label: 'the seed agent', files: agentFolder(SEED_AGENT) };
    const row = id ? await store.getProgram(id) : undefined;
    if (row?.language !== 'agent') throw new KaizenError(`${path}: no agent #${given}`);
    return { label: `agent #${row.id} of ${row.run_id}`, files: JSON.parse(row.code) as Files };
  } finally {
    await store.close();
  }
}

function findTask(tasks: readonly CodingTask[], id: string): CodingTask {
  const task = tasks.find((t) => t.id === id);
  if (!task) throw new KaizenError(`no task ${id} in the benchmark (ids look like ${tasks[0]?.id}); \`kaizen agent bench\` lists them`);
  return task;
}

export async function agentSolveAction(taskId: string, opts: AgentSolveOptions): Promise<void> {
  checkFlagMin('--concurrency', opts.concurrency, 1);
  const tasks = loadBenchmark(benchmarkDir(opts));
  const task = findTask(tasks, taskId);
  const agent = await pickAgent(opts);
  const model = await openAgentModel(opts.model, tasks);
  try {
    const run = await runAgent({
      agent: agent.files,
      assignment: assignmentOf(task),
      model: model.model,
      seed: opts.seed ?? 1,
      limits: DEFAULT_HARNESS_LIMITS,
    });
    const hidden = run.problems.length ? null : await scoreHidden(task, run);
    const b = run.broker;
    const summary = {
      task: task.id,
      agent: agent.label,
      solved: hidden?.solved ?? false,
      hiddenPassed: hidden?.passed ?? null,
      hiddenFailed: hidden?.failed ?? null,
      note: hidden?.note ?? (run.problems.length ? `workspace refused: ${run.problems.join('; ')}` : null),
      calls: b.calls.length,
      tokens: b.spent.tokens,
      cost: b.spent.dollars,
      tools: b.tools.map((t) => t.name),
      stopped: run.process.stopped?.message ?? null,
      diff: run.diff,
    };
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    process.stdout.write(
      `${task.id} with ${agent.label}: ${summary.solved ? 'SOLVED' : 'not solved'} (hidden tests: ${summary.hiddenPassed ?? '?'} passed, ${summary.hiddenFailed ?? '?'} failed${summary.note ? `; ${summary.note}` : ''})\n` +
        `${summary.calls} model calls, ${summary.tokens} tokens, $${summary.cost.toFixed(4)}; tools: ${summary.tools.join(' → ') || 'none'}${summary.stopped ? `; stopped: ${summary.stopped}` : ''}\n` +
        `${run.diff || '(no change)\n'}`,
    );
  } finally {
    await model.close();
  }
}

export async function agentBenchAction(opts: AgentBenchOptions): Promise<void> {
  checkFlagMin('--seeds', opts.seeds, 1);
  checkFlagMin('--concurrency', opts.concurrency, 1);
  const tasks = loadBenchmark(benchmarkDir(opts));
  const which = (opts.split ?? 'dev') as Split;
  if (which !== 'dev' && which !== 'heldout') throw new KaizenError(`--split ${opts.split}: expected dev or heldout`);
  const chosen = split(tasks, which);
  const agent = await pickAgent(opts);
  const model = await openAgentModel(opts.model, tasks);
  const seeds = Array.from({ length: opts.seeds ?? 1 }, (_, i) => i + 1);
  const out = opts.json ? process.stderr : process.stdout;
  try {
    const perSeed: number[] = [];
    const rows: { seed: number; task: string; solved: boolean; calls: number; cost: number }[] = [];
    for (const seed of seeds) {
      let next = 0;
      const results: boolean[] = new Array(chosen.length);
      const worker = async () => {
        while (next < chosen.length) {
          const i = next++;
          const task = chosen[i];
          const run = await runAgent({ agent: agent.files, assignment: assignmentOf(task), model: model.model, seed, limits: DEFAULT_HARNESS_LIMITS });
          const solved = run.problems.length === 0 && (await scoreHidden(task, run)).solved;
          results[i] = solved;
          rows.push({ seed, task: task.id, solved, calls: run.broker.calls.length, cost: run.broker.spent.dollars });
          out.write(`seed ${seed} ${solved ? '✓' : '✗'} ${task.id} (${run.broker.calls.length} calls)\n`);
        }
      };
      await Promise.all(Array.from({ length: opts.concurrency ?? 2 }, worker));
      perSeed.push(results.filter(Boolean).length / chosen.length);
    }
    const sd = perSeed.length > 1 ? sampleSd(perSeed) : 0;
    out.write(
      `${agent.label} on the ${which} split (${chosen.length} tasks): ${perSeed.map((r, i) => `seed ${seeds[i]} ${pct(r)}`).join(', ')}; mean ${pct(mean(perSeed))}${perSeed.length > 1 ? ` ± ${pct(sd)} (sd)` : ''}\n`,
    );
    if (opts.json)
      process.stdout.write(`${JSON.stringify({ agent: agent.label, split: which, tasks: chosen.length, perSeed, mean: mean(perSeed), sd, results: rows })}\n`);
  } finally {
    await model.close();
  }
}
