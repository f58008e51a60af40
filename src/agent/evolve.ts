import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openOrResumeRun, type ResumeMode } from '../engine/open-run.ts';
import { KaizenError } from '../errors.ts';
import { type AgentTaskData, eventData } from '../ledger/events.ts';
import type { ChatModel } from '../models/types.ts';
import { startHeartbeat } from '../store/run-owner.ts';
import type { ProgramRow, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { Rng } from '../util/rng.ts';
import { sigmoid } from '../util/stats.ts';
import { type Agent, agentRow, childSample, codeOf, filesOf } from './archive.ts';
import { type CodingTask, type Files, loadBenchmark, split } from './benchmark.ts';
import { heldOutGate } from './gate.ts';
import { selfEdit } from './self-edit.ts';
import { STANDIN_NAME } from './model.ts';
import { attemptKey, rate, type Scorer, scoreTasks } from './evaluate.ts';
import type { HarnessLimits } from './harness.ts';
import { readTree } from './tree.ts';

export const SEED_AGENT = fileURLToPath(new URL('../../templates/agent/seed/', import.meta.url));

export interface EvolveSettings {
  generations: number;
  /** Children per generation (one self-edit per parent drawn). */
  children: number;
  /** Seeds of the held-out gate. */
  gateSeeds: number;
  /** Generations between held-out gates (the last generation always has one): each gate costs a held-out run. */
  gateEvery: number;
  /** Dev tasks scored after each stage (the last stage is the whole dev split). */
  stages: number[];
  /** Go on after stage k only if the rate so far is at least stageShares[k] × the best full-dev score. */
  stageShares: number[];
  seed: number;
}

export const DEFAULT_SETTINGS: EvolveSettings = { generations: 10, children: 2, gateSeeds: 3, gateEvery: 5, stages: [5, 15], stageShares: [0.5, 1], seed: 1 };

export interface EvolveOptions {
  store: Store;
  benchmarkDir: string;
  seedAgentDir?: string;
  settings: EvolveSettings;
  model: ChatModel;
  /** A separate model for diagnoses (default: rules, no model). */
  diagnosisModel?: ChatModel;
  limits: HarnessLimits;
  concurrency: number;
  mode: ResumeMode;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface AgentSummary {
  id: number;
  parent: number | null;
  generation: number;
  score: number;
  solved: number;
  tasks: number;
  stage: number;
  note: string | null;
}

export interface EvolveResult {
  runId: string;
  resumed: boolean;
  seedAgent: number;
  defaultAgent: number;
  agents: AgentSummary[];
  /** Best full-dev score after each generation (generation 0: the seed). */
  curve: { generation: number; bestDev: number; cost: number }[];
  gates: { candidate: number; incumbent: number; difference: number; se: number; verdict: string }[];
  rejected: number;
  cost: number;
}

function benchmarkHash(tasks: readonly CodingTask[]): string {
  return sha256(JSON.stringify(tasks.map((t) => [t.id, t.split, t.tests, t.limits ?? null, t.issue, readTree(t.dir).files])));
}

export async function evolveAgents(options: EvolveOptions): Promise<EvolveResult> {
  const { store, settings, log = () => {} } = options;
  const tasks = loadBenchmark(options.benchmarkDir);
  const dev = split(tasks, 'dev');
  const heldout = split(tasks, 'heldout');
  if (dev.length === 0 || heldout.length === 0)
    throw new KaizenError(`${options.benchmarkDir}: the benchmark needs tasks in both splits (dev ${dev.length}, heldout ${heldout.length})`);
  if (settings.gateSeeds < 2) throw new KaizenError('--seeds must be at least 2: the gate needs a spread across seeds');
  const seedFiles = readTree(options.seedAgentDir ?? SEED_AGENT).files;
  const config = { ...settings, model: modelLabel(options.model), limits: options.limits, benchmark: basename(options.benchmarkDir.replace(/\/$/, '')) };
  const opened = await openOrResumeRun(
    store,
    {
      idPrefix: 'agent',
      taskName: `agent:${config.benchmark}`,
      taskDir: options.benchmarkDir,
      hash: sha256(JSON.stringify([config, benchmarkHash(tasks), codeOf(seedFiles)])),
      config,
      seed: settings.seed,
      started: { task: `agent:${config.benchmark}`, config },
      wording: {
        run: (id) => `agent run ${id}`,
        changed: () => 'its settings, the benchmark or the seed agent',
        startAfresh: 'start afresh with `kaizen agent evolve --new`',
        unfinished: `agent run of ${config.benchmark}`,
      },
    },
    options.mode,
  );
  const runId = opened.run.id;
  const stopBeat = startHeartbeat(store, runId);
  const events = await store.events(runId);
  const cache = new Map(
    events
      .filter((e) => e.type === 'agent.task')
      .map((e) => {
        const d = eventData(e, 'agent.task');
        return [attemptKey(d.agent, d.task, d.seed), d] as const;
      }),
  );
  let cost =
    events.filter((e) => e.type === 'agent.model-call').reduce((s, e) => s + eventData(e, 'agent.model-call').cost, 0) +
    events.filter((e) => e.type === 'agent.diagnosed').reduce((s, e) => s + eventData(e, 'agent.diagnosed').cost, 0);
  const addCost = (usd: number) => {
    cost += usd;
  };
  const scorer: Scorer = {
    store,
    runId,
    model: options.model,
    limits: options.limits,
    concurrency: options.concurrency,
    cache,
    signal: options.signal,
    onAttempt: (d) => addCost(d.cost),
  };
  const devOrder = new Rng(settings.seed, 7).sample(dev, dev.length);
  const stageSizes = [...settings.stages.filter((n) => n < dev.length), dev.length];
  const agents = new Map<number, Agent>();
  const curve: EvolveResult['curve'] = events
    .filter((e) => e.type === 'agent.generation')
    .map((e) => {
      const d = eventData(e, 'agent.generation');
      return { generation: d.generation, bestDev: d.bestDev, cost: d.cost };
    });
  const gates: EvolveResult['gates'] = events
    .filter((e) => e.type === 'agent.gate')
    .map((e) => {
      const d = eventData(e, 'agent.gate');
      return { candidate: d.candidate, incumbent: d.incumbent, difference: d.difference, se: d.se, verdict: d.verdict };
    });
  let defaultAgent = 0;
  for (const e of events) if (e.type === 'agent.promoted') defaultAgent = eventData(e, 'agent.promoted').agent;
  let rejected = events.filter((e) => e.type === 'agent.self-edit' && eventData(e, 'agent.self-edit').verdict === 'rejected').length;

  const bestDev = () => Math.max(0, ...[...agents.values()].filter((a) => a.stage === stageSizes.length).map((a) => rate(a.dev)));

  /**
   * Scores an agent stage by stage and archives it (or marks it failed when it never worked at all). An agent scored
   * in an earlier session is rebuilt from its recorded attempts without recording it again.
   */
  const evaluate = async (row: ProgramRow, files: Files): Promise<Agent> => {
    if (row.status !== 'pending' && row.public_json) {
      const recorded = JSON.parse(row.public_json) as { stage: number; results: Record<string, boolean> };
      const dev = Object.keys(recorded.results).map((task) => cache.get(attemptKey(row.id, task, settings.seed)));
      if (dev.every((d) => d !== undefined)) return { row, files, dev: dev as AgentTaskData[], stage: recorded.stage };
    }
    let results: AgentTaskData[] = [];
    let stage = 0;
    for (const size of stageSizes) {
      results = await scoreTasks(scorer, { id: row.id, files }, devOrder.slice(0, size), settings.seed);
      stage++;
      if (stage < stageSizes.length && rate(results) < (settings.stageShares[stage - 1] ?? 1) * bestDev()) break;
    }
    const worked = results.some((r) => r.calls > 0 && r.stopped === null);
    const score = rate(results);
    const solved = results.filter((r) => r.solved).length;
    const status: ProgramRow['status'] = worked ? 'evaluated' : 'failed';
    const data = { agent: row.id, generation: row.generation, score, solved, tasks: results.length, stage };
    if (row.status === 'pending')
      await store.updateProgram(
        runId,
        row.id,
        {
          status,
          score,
          correct: worked ? 1 : 0,
          public_json: JSON.stringify({ stage, solved, tasks: results.length, results: Object.fromEntries(results.map((r) => [r.task, r.solved])) }),
          evaluated_at: new Date().toISOString(),
          ...(worked ? {} : { error: 'the agent never completed a task run (it crashed or was stopped every time)' }),
        },
        worked ? { type: 'agent.archived', data } : undefined,
      );
    const agent = { row: { ...row, status, score }, files, dev: results, stage };
    if (row.status !== 'pending') return agent;
    log(
      `agent #${row.id} (generation ${row.generation}): ${solved}/${results.length} dev tasks${stage < stageSizes.length ? ` (stopped at stage ${stage})` : ''}${worked ? '' : ' — failed'}`,
    );
    return agent;
  };

  try {
    // The seed agent: generation 0.
    let rows = await store.programs(runId);
    let seedRow = rows.find((r) => r.operator === 'seed');
    if (!seedRow) {
      seedRow = await store.insertProgramRow(
        agentRow({ runId, sample: 0, parent: null, generation: 0, operator: 'seed', status: 'pending', files: seedFiles, change: 'the seed agent' }),
      );
    }
    if (defaultAgent === 0) defaultAgent = seedRow.id;
    for (const row of rows.length ? rows : [seedRow]) {
      if (row.status === 'rejected') continue;
      // Already scored agents are rebuilt from the cache; a pending one (killed mid-evaluation) finishes its stages.
      agents.set(row.id, await evaluate(row, filesOf(row)));
    }
    if (curve.length === 0) {
      await store.appendEvent(runId, 'agent.generation', null, { generation: 0, evaluated: 1, bestDev: bestDev(), defaultAgent, archive: agents.size, cost });
      curve.push({ generation: 0, bestDev: bestDev(), cost });
    }
    const gated = new Set(gates.map((g) => g.candidate));
    for (let generation = curve.length; generation <= settings.generations; generation++) {
      if (options.signal?.aborted) break;
      const costBefore = cost;
      const archive = [...agents.values()].filter((a) => a.row.status === 'evaluated' && rate(a.dev) < 1);
      if (archive.length === 0) {
        log('every archived agent solves all its dev tasks: nothing left to improve');
        break;
      }
      rows = await store.programs(runId);
      // Children of earlier generations only: a resumed generation draws the parents it drew before.
      const childCount = (id: number) => rows.filter((r) => r.parent_id === id && r.status !== 'rejected' && r.generation < generation).length;
      const weights = archive.map((a) => sigmoid(10 * (rate(a.dev) - 0.5)) * (1 / (1 + childCount(a.row.id))));
      const rng = new Rng(settings.seed, 1000 + generation);
      const parents = Array.from({ length: settings.children }, () => archive[rng.weighted(weights)]);
      await store.appendEvent(runId, 'agent.selected', null, {
        generation,
        parents: parents.map((p) => p.row.id),
        weights: archive.map((a, i) => ({ agent: a.row.id, weight: weights[i] })),
      });
      let made = 0;
      for (const [i, parent] of parents.entries()) {
        if (options.signal?.aborted) break;
        const existing = rows.find((r) => r.sample === childSample(generation, i));
        if (existing) {
          if (existing.status !== 'rejected' && !agents.has(existing.id)) agents.set(existing.id, await evaluate(existing, filesOf(existing)));
          continue;
        }
        const child = await selfEdit({
          ...options,
          runId,
          scorer,
          generation,
          index: i,
          parent,
          dev,
          rng: new Rng(settings.seed, 2000 + childSample(generation, i)),
          log,
          addCost,
        });
        if (!child) {
          rejected++;
          continue;
        }
        made++;
        agents.set(child.id, await evaluate(child, filesOf(child)));
      }
      // The gate: the best full-dev agent, if it beats the default on dev and was never gated, faces the held-out split.
      const incumbent = agents.get(defaultAgent);
      const best = [...agents.values()]
        .filter((a) => a.stage === stageSizes.length && a.row.status === 'evaluated' && !gated.has(a.row.id))
        .sort((a, b) => rate(b.dev) - rate(a.dev) || a.row.id - b.row.id)[0];
      const gateDue = generation % Math.max(1, settings.gateEvery) === 0 || generation === settings.generations;
      if (gateDue && incumbent && best && best.row.id !== defaultAgent && rate(best.dev) > rate(incumbent.dev)) {
        gated.add(best.row.id);
        const gate = await heldOutGate(scorer, best, incumbent, heldout, settings);
        gates.push(gate);
        log(
          `gate: agent #${best.row.id} vs default #${incumbent.row.id} on ${heldout.length} held-out tasks × ${settings.gateSeeds} seeds: difference ${gate.difference.toFixed(3)} ± ${gate.se.toFixed(3)} (SE) → ${gate.verdict}`,
        );
        if (gate.verdict === 'promoted') {
          await store.appendEvent(runId, 'agent.promoted', best.row.id, { agent: best.row.id, replaces: defaultAgent });
          await store.updateRun(runId, { best_program_id: best.row.id });
          defaultAgent = best.row.id;
        }
      }
      const point = { generation, bestDev: bestDev(), cost: cost - costBefore };
      curve.push(point);
      await store.appendEvent(runId, 'agent.generation', null, {
        generation,
        evaluated: made,
        bestDev: point.bestDev,
        defaultAgent,
        archive: agents.size,
        cost: point.cost,
      });
      log(
        `generation ${generation}: best dev ${(point.bestDev * 100).toFixed(0)}%, default #${defaultAgent}, archive ${agents.size}, cost $${point.cost.toFixed(4)}`,
      );
    }
    const aborted = options.signal?.aborted === true;
    await store.updateRun(runId, {
      status: aborted ? 'interrupted' : 'completed',
      pid: null,
      best_program_id: defaultAgent,
      ...(aborted ? {} : { finished_at: new Date().toISOString() }),
    });
    await store.appendEvent(runId, aborted ? 'run.interrupted' : 'run.completed', null, {
      durationMs: 0,
      sessions: 1,
      defaultAgent,
      agents: agents.size,
      cost,
    });
    return {
      runId,
      resumed: opened.resumed,
      seedAgent: seedRow.id,
      defaultAgent,
      agents: [...agents.values()].map((a) => ({
        id: a.row.id,
        parent: a.row.parent_id,
        generation: a.row.generation,
        score: rate(a.dev),
        solved: a.dev.filter((r) => r.solved).length,
        tasks: a.dev.length,
        stage: a.stage,
        note: a.row.change,
      })),
      curve,
      gates,
      rejected,
      cost,
    };
  } catch (e) {
    const interrupted = options.signal?.aborted === true;
    await store.updateRun(runId, { status: interrupted ? 'interrupted' : 'failed', pid: null }).catch(() => {});
    await store
      .appendEvent(runId, interrupted ? 'run.interrupted' : 'run.failed', null, { error: (e as Error).message, durationMs: 0, sessions: 1 })
      .catch(() => {});
    throw e;
  } finally {
    stopBeat();
  }
}

/** The model as a run records it: the stand-in's loopback URL changes with every session, its name does not. */
export function modelLabel(model: ChatModel): string {
  return model.spec.id.startsWith(`openai-compatible:${STANDIN_NAME}@`) ? STANDIN_NAME : model.spec.id;
}

export function agentFolder(dir: string): Files {
  const { files, problems } = readTree(dir);
  if (problems.length) throw new KaizenError(`${dir}: ${problems.join('; ')}`);
  if (!files['main.ts']) throw new KaizenError(`${join(dir, 'main.ts')}: an agent folder needs its entry point main.ts`);
  return files;
}
