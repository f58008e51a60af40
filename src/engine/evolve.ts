import { join, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { KaizenConfig, KaizenConfigInput } from '../config/config.ts';
import { type LoadedTask, loadTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import { evolveRegions, frozenText } from '../operators/evolve-blocks.ts';
import { offlineOperators } from '../operators/offline/index.ts';
import type { Operator } from '../operators/operator.ts';
import type { Member } from '../population/member.ts';
import { Population } from '../population/population.ts';
import { ProcessSandbox } from '../sandbox/process.ts';
import type { Sandbox } from '../sandbox/types.ts';
import type { ProgramRow, Run } from '../store/store.ts';
import { Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { Rng } from '../util/rng.ts';
import { type Evaluation, evaluate, sandboxRequest } from './evaluate.ts';

export interface EvolveOptions {
  /** The task folder (task.ts, initial program, optional kaizen.config.ts), or a task already loaded. */
  task: string | LoadedTask;
  /** The run database (default: TASK/.kaizen/kaizen.db). */
  out?: string;
  /** Settings that override the task's config file (deep-merged). */
  config?: KaizenConfigInput;
  /** `auto` (default): continue this task's unfinished run if there is one; `never`: always start a new run. */
  resume?: 'auto' | 'never' | 'required';
  sandbox?: Sandbox;
  /** Proposal operators with weights (default: the built-in offline operators as configured). */
  operators?: { operator: Operator; weight: number }[];
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  runId: string;
  evaluated: number;
  budget: number;
  failed: number;
  rejected: number;
  inFlight: number;
  bestScore: number | null;
  seedScore: number | null;
  evalsPerSecond: number;
  /** Set on the update that follows a new best. */
  newBest?: { programId: number; score: number; evaluated: number };
}

export interface EvolveResult {
  runId: string;
  resumed: boolean;
  evaluated: number;
  failed: number;
  rejected: number;
  seedScore: number | null;
  bestScore: number | null;
  bestProgramId: number | null;
  db: string;
  stoppedBy: 'budget' | 'wall-clock' | 'rejections' | 'aborted';
  durationMs: number;
  /** Best score after each evaluation at which it improved: [evaluated, score]. */
  curve: [number, number][];
}

const MAX_PROPOSAL_ATTEMPTS = 6;

/** Evolves a task's program: the whole loop, resumable at any point. */
export async function evolve(options: EvolveOptions): Promise<EvolveResult> {
  const loaded = typeof options.task === 'string' ? await loadTask(options.task, options.config) : options.task;
  const dbPath = resolve(options.out ?? join(loaded.dir, '.kaizen', 'kaizen.db'));
  const store = await Store.open(dbPath);
  try {
    const run = await openRun(store, loaded, options.resume ?? 'auto');
    const loop = new EvolutionLoop(store, loaded, run.run, options);
    return await loop.execute(run.resumed);
  } finally {
    await store.close();
  }
}

/** Identity of a run's task: what must not change under a resumed run (the budget and concurrency may). */
function taskHash(loaded: LoadedTask): string {
  const { budget: _b, concurrency: _c, ...search } = loaded.config;
  return sha256(JSON.stringify([loaded.identity, loaded.programCode, search]));
}

function pidAlive(pid: number | null): boolean {
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function openRun(store: Store, loaded: LoadedTask, resume: 'auto' | 'never' | 'required'): Promise<{ run: Run; resumed: boolean }> {
  const hash = taskHash(loaded);
  const unfinished = resume === 'never' ? undefined : await store.unfinishedRun(loaded.task.name);
  if (unfinished) {
    if (unfinished.status === 'running' && pidAlive(unfinished.pid)) {
      throw new KaizenError(`run ${unfinished.id} of ${loaded.task.name} is in progress in process ${unfinished.pid}; wait for it or stop it first`);
    }
    if (unfinished.task_hash !== hash) {
      throw new KaizenError(
        `run ${unfinished.id} of ${loaded.task.name} did not finish, but the task, its program or its search settings changed since; ` +
          'start a new run with `kaizen run --new`',
      );
    }
    await store.updateRun(unfinished.id, { status: 'running', pid: process.pid });
    await store.appendEvent(unfinished.id, 'run.resumed', null, { pid: process.pid });
    return { run: { ...unfinished, status: 'running' }, resumed: true };
  }
  if (resume === 'required') throw new KaizenError(`there is no unfinished run of ${loaded.task.name} to resume`);
  const id = `run-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${sha256(`${Math.random()}${process.pid}`).slice(0, 6)}`;
  const run = await store.createRun({
    id,
    task_name: loaded.task.name,
    task_dir: loaded.dir,
    task_hash: hash,
    config_json: JSON.stringify(loaded.config),
    seed: loaded.config.seed,
    status: 'running',
    pid: process.pid,
  });
  await store.appendEvent(id, 'run.started', null, { task: loaded.task.name, config: loaded.config });
  return { run, resumed: false };
}

function memberOf(row: ProgramRow): Member {
  return {
    id: row.id,
    island: row.island,
    score: row.correct && row.score !== null ? row.score : Number.NEGATIVE_INFINITY,
    correct: row.correct === 1,
    generation: row.generation,
    codeHash: row.code_hash,
    children: 0,
    features: row.features_json ? JSON.parse(row.features_json) : undefined,
  };
}

class EvolutionLoop {
  private readonly store: Store;
  private readonly loaded: LoadedTask;
  private readonly run: Run;
  private readonly options: EvolveOptions;
  private readonly config: KaizenConfig;
  private readonly sandbox: Sandbox;
  private readonly population: Population;
  private readonly operators: { operator: Operator; weight: number }[];
  private readonly inFlight = new Set<Promise<void>>();
  private nextSample = 0;
  private evaluated = 0;
  private failed = 0;
  private rejected = 0;
  private consecutiveRejections = 0;
  private evaluatedThisSession = 0;
  private seedScore: number | null = null;
  private best: Member | undefined;
  private curve: [number, number][] = [];
  private readonly started = performance.now();

  constructor(store: Store, loaded: LoadedTask, run: Run, options: EvolveOptions) {
    this.store = store;
    this.loaded = loaded;
    this.run = run;
    this.options = options;
    this.config = loaded.config;
    this.sandbox = options.sandbox ?? new ProcessSandbox();
    this.population = new Population(this.config);
    this.operators = options.operators ?? offlineOperators(this.config, loaded.language, loaded.task);
    if (this.operators.length === 0) throw new KaizenError(`no operator can change a ${loaded.language} program; configure one`);
  }

  async execute(resumed: boolean): Promise<EvolveResult> {
    const pending = await this.restore();
    if (!resumed) {
      const seedId = await this.record({ sample: 0, parent: null, island: 0, generation: 0, operator: 'seed', code: this.loaded.programCode, change: 'initial program' });
      pending.push((await this.store.getProgram(seedId))!);
      this.nextSample = 1;
    }
    let stoppedBy: EvolveResult['stoppedBy'] = 'budget';
    try {
      // Programs recorded but never evaluated (the process died with them in flight) go first: none is lost.
      for (const row of pending) {
        await this.waitForSlot();
        this.launch(row);
      }
      if (pending.some((r) => r.sample === 0)) await this.drain(); // the seed seeds every island before anything else
      stoppedBy = await this.proposeUntilDone();
      await this.drain();
    } catch (e) {
      await this.drain();
      await this.store.setRunStatus(this.run.id, 'failed');
      await this.store.appendEvent(this.run.id, 'run.failed', null, { error: (e as Error).message });
      throw e;
    }
    const complete = stoppedBy === 'budget' || stoppedBy === 'rejections';
    await this.store.setRunStatus(this.run.id, complete ? 'completed' : 'interrupted');
    await this.store.updateRun(this.run.id, { pid: null });
    await this.store.appendEvent(this.run.id, complete ? 'run.completed' : 'run.interrupted', null, { stoppedBy, evaluated: this.evaluated });
    return this.result(resumed, stoppedBy);
  }

  /** Rebuilds the population and counters from the record; returns the programs left pending. */
  private async restore(): Promise<ProgramRow[]> {
    const rows = await this.store.programs(this.run.id);
    const pending: ProgramRow[] = [];
    for (const row of rows) {
      if (row.sample !== null) this.nextSample = Math.max(this.nextSample, row.sample + 1);
      if (row.status === 'pending') pending.push(row);
      if (row.status === 'rejected') this.rejected++;
      if (row.status === 'evaluated' || row.status === 'failed') {
        this.evaluated++;
        if (row.status === 'failed' || row.correct !== 1) this.failed++;
        if (row.sample === 0 && row.correct === 1) this.seedScore = row.score;
      }
      if (row.status === 'evaluated' || row.status === 'failed' || row.status === 'migrant') this.population.add(memberOf(row));
    }
    for (const row of rows) {
      if (row.parent_id !== null && row.status !== 'migrant' && row.status !== 'rejected') this.population.noteChild(row.parent_id);
    }
    this.best = this.population.best();
    // The best-so-far curve, replayed in the order evaluations finished.
    const done = rows.filter((r) => r.status === 'evaluated' || r.status === 'failed');
    done.sort((a, b) => (a.evaluated_at ?? '').localeCompare(b.evaluated_at ?? '') || a.id - b.id);
    done.forEach((r, i) => {
      const last = this.curve[this.curve.length - 1];
      if (r.correct === 1 && r.score !== null && (!last || r.score > last[1])) this.curve.push([i + 1, r.score]);
    });
    return pending;
  }

  private stopReason(): EvolveResult['stoppedBy'] | null {
    if (this.options.signal?.aborted) return 'aborted';
    const wall = this.config.budget.wallClockMs;
    if (wall !== undefined && performance.now() - this.started >= wall) return 'wall-clock';
    if (this.consecutiveRejections >= this.config.budget.maxConsecutiveRejections) return 'rejections';
    if (this.evaluated + this.inFlight.size >= this.config.budget.samples) return 'budget';
    return null;
  }

  private async proposeUntilDone(): Promise<EvolveResult['stoppedBy']> {
    for (;;) {
      const reason = this.stopReason();
      if (reason === 'budget' && this.inFlight.size > 0) {
        await Promise.race(this.inFlight);
        continue; // a failure in flight does not free budget, but the wait keeps the loop honest
      }
      if (reason) return reason;
      await this.waitForSlot();
      if (this.stopReason()) continue;
      const row = await this.propose();
      if (row) this.launch(row);
    }
  }

  private async waitForSlot(): Promise<void> {
    while (this.inFlight.size >= this.config.concurrency) await Promise.race(this.inFlight);
  }

  private async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  /** One proposal: parent, inspirations, operator, screening. Returns the recorded pending program, or null if rejected. */
  private async propose(): Promise<ProgramRow | null> {
    const sample = this.nextSample++;
    const rng = new Rng(this.config.seed, sample);
    const island = sample % this.population.islandCount;
    const parent = this.population.selectParent(island, rng);
    const parentRow = (await this.store.getProgram(parent.id))!;
    const inspirations = this.population.inspirations(parent, rng);
    const inspirationRows = await Promise.all(inspirations.map((m) => this.store.getProgram(m.id)));
    const t0 = performance.now();
    let proposal: { code: string; change: string } | null = null;
    let operatorName = 'none';
    for (let attempt = 0; attempt < MAX_PROPOSAL_ATTEMPTS && !proposal; attempt++) {
      const { operator } = this.operators[rng.weighted(this.operators.map((o) => o.weight))] ?? {};
      if (!operator) break;
      operatorName = operator.name;
      proposal = await operator.propose({
        code: parentRow.code,
        language: this.loaded.language,
        inspirations: inspirationRows.filter((r) => r !== undefined).map((r) => ({ id: r.id, code: r.code })),
        rng,
      });
    }
    const proposeMs = performance.now() - t0;
    const base = { sample, parent: parent.id, island, generation: parent.generation + 1, operator: operatorName, proposeMs, inspirations: inspirations.map((m) => m.id) };
    if (!proposal) {
      await this.reject({ ...base, code: parentRow.code, change: 'no applicable change' }, 'no-change', 'the operators found nothing to change');
      return null;
    }
    const screen = this.screen(parentRow.code, proposal.code);
    if (screen) {
      await this.reject({ ...base, ...proposal }, screen.reason, screen.detail);
      return null;
    }
    const duplicate = await this.store.findByHash(this.run.id, sha256(proposal.code));
    if (duplicate) {
      await this.reject({ ...base, ...proposal }, 'duplicate', `same code as program ${duplicate.id}`);
      return null;
    }
    this.consecutiveRejections = 0;
    this.population.noteChild(parent.id);
    const id = await this.record({ ...base, ...proposal, patch: createTwoFilesPatch(`program ${parent.id}`, 'child', parentRow.code, proposal.code, '', '', { context: 2 }) });
    return (await this.store.getProgram(id))!;
  }

  /** Cheap checks before anything runs: an operator's edit must stay inside the EVOLVE blocks. */
  private screen(parentCode: string, childCode: string): { reason: string; detail: string } | null {
    try {
      if (frozenText(parentCode, evolveRegions(parentCode)) !== frozenText(childCode, evolveRegions(childCode))) {
        return { reason: 'outside-evolve-block', detail: 'the change touches code outside the EVOLVE-BLOCK markers' };
      }
    } catch (e) {
      return { reason: 'markers', detail: (e as Error).message };
    }
    return null;
  }

  private async record(p: {
    sample: number;
    parent: number | null;
    island: number;
    generation: number;
    operator: string;
    code: string;
    change: string;
    patch?: string;
    proposeMs?: number;
    inspirations?: number[];
  }): Promise<number> {
    return this.store.insertProgram(
      {
        run_id: this.run.id,
        sample: p.sample,
        parent_id: p.parent,
        island: p.island,
        generation: p.generation,
        operator: p.operator,
        model: null,
        status: 'pending',
        language: this.loaded.language,
        code: p.code,
        code_hash: sha256(p.code),
        patch: p.patch ?? null,
        change: p.change,
        inspirations_json: p.inspirations ? JSON.stringify(p.inspirations) : null,
        propose_ms: p.proposeMs ?? null,
        correct: null, score: null, public_json: null, private_json: null, features_json: null, feedback: null,
        failure_class: null, error: null, prompt: null, reply: null, stdout: null, stderr: null, cost: null,
        evaluated_at: null, eval_ms: null, judge_ms: null,
      },
      { type: 'proposal.created', data: { sample: p.sample, parent: p.parent, operator: p.operator, change: p.change } },
    );
  }

  private async reject(p: Parameters<EvolutionLoop['record']>[0], reason: string, detail: string): Promise<void> {
    this.rejected++;
    this.consecutiveRejections++;
    const id = await this.record(p);
    await this.store.updateProgram(this.run.id, id, { status: 'rejected', failure_class: reason, error: detail }, { type: 'proposal.rejected', data: { reason, detail } });
  }

  private launch(row: ProgramRow): void {
    const job = this.evaluateAndRecord(row).finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  private async evaluateAndRecord(row: ProgramRow): Promise<void> {
    const request = sandboxRequest(this.loaded.task, row.code, this.loaded.language, this.loaded.programPath);
    const ev: Evaluation = await evaluate(this.loaded.task, this.sandbox, request, row.code, row.id);
    const judged = ev.judged;
    const correct = judged?.correct === true;
    const failedInSandbox = !judged;
    await this.store.updateProgram(
      this.run.id,
      row.id,
      {
        status: failedInSandbox ? 'failed' : 'evaluated',
        correct: judged ? (correct ? 1 : 0) : 0,
        score: judged && Number.isFinite(judged.score) ? judged.score : null,
        public_json: judged?.public ? JSON.stringify(judged.public) : null,
        private_json: judged?.private ? JSON.stringify(judged.private) : null,
        features_json: judged?.features ? JSON.stringify(judged.features) : null,
        feedback: judged?.feedback ?? ev.error ?? null,
        failure_class: ev.failure ?? null,
        error: ev.error ?? null,
        stdout: ev.sandbox.stdout.slice(0, 4000),
        stderr: ev.sandbox.stderr.slice(0, 4000),
        evaluated_at: new Date().toISOString(),
        eval_ms: ev.sandbox.durationMs,
        judge_ms: ev.judgeMs,
      },
      {
        type: failedInSandbox ? 'evaluation.failed' : 'evaluation.completed',
        data: failedInSandbox ? { failure: ev.failure, error: ev.error } : { correct, score: judged?.score },
      },
    );
    if (ev.failure === 'judge-error') {
      // A judge is trusted code: when it breaks, the task is broken, and the user must hear of it. On the initial
      // program it stops the run (nothing could be scored); later, the candidate is recorded and the run goes on.
      if (row.sample === 0) throw new KaizenError(`${this.loaded.taskFile}: the judge failed on the initial program: ${ev.error}`);
      process.emitWarning(`${this.loaded.taskFile}: ${ev.error} (program ${row.id})`);
    }
    this.evaluated++;
    this.evaluatedThisSession++;
    if (!correct) this.failed++;
    const member = memberOf({ ...row, correct: correct ? 1 : 0, score: judged?.score ?? null, features_json: judged?.features ? JSON.stringify(judged.features) : null });
    this.population.add(member);
    if (row.sample === 0) {
      this.seedScore = correct ? (judged?.score ?? null) : null;
      await this.store.updateRun(this.run.id, { seed_score: this.seedScore });
      await this.seedOtherIslands(row);
    }
    let newBest: Progress['newBest'];
    if (correct && (!this.best || member.score > this.best.score)) {
      this.best = member;
      this.curve.push([this.evaluated, member.score]);
      newBest = { programId: member.id, score: member.score, evaluated: this.evaluated };
      await this.store.updateRun(this.run.id, { best_program_id: member.id });
      await this.store.appendEvent(this.run.id, 'champion.changed', member.id, { score: member.score, evaluated: this.evaluated });
    }
    if (this.evaluated % this.config.islands.migrationInterval === 0) await this.migrate();
    this.options.onProgress?.(this.progress(newBest));
  }

  /** Every island starts from the initial program (a copy, not a re-evaluation). */
  private async seedOtherIslands(seed: ProgramRow): Promise<void> {
    const seedRow = (await this.store.getProgram(seed.id))!;
    for (let island = 1; island < this.population.islandCount; island++) await this.copyToIsland(seedRow, island, 'island.seeded');
  }

  private async migrate(): Promise<void> {
    for (const m of this.population.planMigration()) {
      const row = await this.store.getProgram(m.member.id);
      if (row) await this.copyToIsland(row, m.to, 'migration');
    }
  }

  private async copyToIsland(row: ProgramRow, island: number, eventType: string): Promise<void> {
    const { id: _id, created_at: _c, ...rest } = row;
    const id = await this.store.insertProgram(
      { ...rest, sample: null, parent_id: row.id, island, operator: 'migrate', status: 'migrant', change: `copied from island ${row.island}` },
      { type: eventType, data: { from: row.island, to: island, source: row.id } },
    );
    this.population.add({ ...memberOf(row), id, island });
  }

  private progress(newBest?: Progress['newBest']): Progress {
    const seconds = (performance.now() - this.started) / 1000;
    return {
      runId: this.run.id,
      evaluated: this.evaluated,
      budget: this.config.budget.samples,
      failed: this.failed,
      rejected: this.rejected,
      inFlight: this.inFlight.size,
      bestScore: this.best?.score ?? null,
      seedScore: this.seedScore,
      evalsPerSecond: seconds > 0 ? this.evaluatedThisSession / seconds : 0,
      newBest,
    };
  }

  private result(resumed: boolean, stoppedBy: EvolveResult['stoppedBy']): EvolveResult {
    return {
      runId: this.run.id,
      resumed,
      evaluated: this.evaluated,
      failed: this.failed,
      rejected: this.rejected,
      seedScore: this.seedScore,
      bestScore: this.best?.score ?? null,
      bestProgramId: this.best?.id ?? null,
      db: this.store.path,
      stoppedBy,
      durationMs: performance.now() - this.started,
      curve: this.curve,
    };
  }
}
